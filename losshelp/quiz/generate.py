"""Scenario questions generated from the knowledge base's rules, so the bank grows with the KB.

For each cause, the stem lists what a user would observe (the answers the rules that support the
cause name, strongest first: the curve, the settings, the probe findings), never the cause's name
or how to confirm it. The engine is run on those observations: a question is made only when it
ranks the cause first, and the distractors are the causes it ranks next, the ones a candidate who
reads the observations half right would pick. Every option is explained with the KB's own text.
The result depends only on the KB (no randomness), so ids and options are stable between runs.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Cause, Option, Question, Symptom, Text
from losshelp.present.labels import answer_label

if TYPE_CHECKING:  # the engine is imported when questions are generated, not when the quiz loads
    from losshelp.engine.reasoner import Engine
    from losshelp.engine.result import Diagnosis, FactValue

DISTRACTORS = 3
MIN_OBSERVATIONS = 3
MAX_OBSERVATIONS = 5
MARGIN = 0.1  # the engine's score for the answer must beat the runner-up's by this much
REASONS_SHOWN = 3  # rules quoted in the right option's explanation, to keep feedback short
PREFIX = "gen_"

ENDINGS = [
    Text(en="What is the most likely cause?", zh="最可能的原因是什么？"),
    Text(en="Which cause explains these observations best?", zh="哪个原因最能解释这些现象？"),
    Text(en="What would you suspect first?", zh="你首先会怀疑哪个原因？"),
    Text(en="Which diagnosis fits best?", zh="哪种诊断最贴切？"),
]
"""How a stem asks for the cause; picked per cause by a stable hash, so stems do not all end alike."""

INTERNAL_ID = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
"""A snake_case token: how an internal id looks in running text."""


@dataclass(frozen=True)
class Observation:
    """One thing a user sees: a symptom and the answer (option) they would give."""

    symptom: Symptom
    option: str
    weight: float

    @property
    def value(self) -> FactValue:
        from losshelp.engine.facts import option_value

        return option_value(self.symptom, self.option)

    def text(self, lang: str) -> str:
        """The symptom's question followed by the answer, in `lang`."""
        answer = answer_label(self.symptom, self.option, lang) or self.option
        return f"{self.symptom.question.get(lang)}{' ' if lang == 'en' else ''}{answer}"


def gives_away(cause: Cause, text: Text) -> bool:
    """The text names the cause (its name in either language, or its id as words: "saddle point")
    or shows an internal id."""
    return (
        cause.name.en.lower() in text.en.lower()
        or cause.id.replace("_", " ") in text.en.lower()
        or cause.name.zh in text.zh
        or bool(INTERNAL_ID.search(text.en) or INTERNAL_ID.search(text.zh))
    )


def observations(kb: KnowledgeBase, cause: Cause) -> list[Observation]:
    """What a user with this cause would report, strongest evidence first; symptoms that are the
    cause under another name (`many_dead_relu` for `dead_relu`) or whose answer names it are left out."""
    from losshelp.engine.answers import support

    out = []
    for symptom_id, named in support(kb, cause.id).items():
        symptom = kb.symptoms[symptom_id]
        if not named or cause.id in symptom_id:
            continue
        option = max(named, key=lambda o: (named[o], -symptom.options.index(o)))
        seen = Observation(symptom, option, named[option])
        if not gives_away(cause, Text(en=seen.text("en"), zh=seen.text("zh"))):
            out.append(seen)
    order = list(kb.symptoms)
    return sorted(out, key=lambda o: (-o.weight, order.index(o.symptom.id)))


def _facts(seen: list[Observation]) -> dict[str, FactValue]:
    return {o.symptom.id: o.value for o in seen}


def scenario(kb: KnowledgeBase, engine: Engine, cause: Cause) -> tuple[list[Observation], Diagnosis] | None:
    """The fewest strongest observations (at least MIN_OBSERVATIONS) on which the engine ranks the
    cause first by a clear MARGIN, with the engine's diagnosis; None when no prefix of them does."""
    candidates = observations(kb, cause)
    for n in range(MIN_OBSERVATIONS, min(MAX_OBSERVATIONS, len(candidates)) + 1):
        seen = candidates[:n]
        diagnosis = engine.diagnose(_facts(seen))
        ranked = diagnosis.causes
        if ranked and ranked[0].id == cause.id and ranked[0].score > (ranked[1].score if len(ranked) > 1 else 0) + MARGIN:
            return seen, diagnosis
    return None


def _stable(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)


def stem(cause: Cause, seen: list[Observation]) -> Text:
    """The question's text: the observations as a list, then a question asking for the cause."""
    ending = ENDINGS[_stable(cause.id) % len(ENDINGS)]
    lines = {lang: "\n".join(f"- {o.text(lang)}" for o in seen) for lang in ("en", "zh")}
    return Text(
        en=f"You are asked to look at a training run that does not go well:\n{lines['en']}\n{ending.en}",
        zh=f"你在排查一次不顺利的训练，看到的情况如下：\n{lines['zh']}\n{ending.zh}",
    )


def _reasons(kb: KnowledgeBase, diagnosis: Diagnosis, cause_id: str) -> Text:
    ranked = next(c for c in diagnosis.causes if c.id == cause_id)
    rules = [kb.rules[r.rule].because for r in ranked.because if r.rule in kb.rules and r.weight > 0][:REASONS_SHOWN]
    return Text(en=" ".join(t.en for t in rules), zh="".join(t.zh for t in rules))


def _right_option(kb: KnowledgeBase, cause: Cause, diagnosis: Diagnosis) -> Option:
    why = _reasons(kb, diagnosis, cause.id)
    fixes = [kb.fixes[f].title for f in cause.fixes if f in kb.fixes]
    explain = Text(
        en=f"Right: {cause.description.en} Why these observations point here: {why.en} What to do: {'; '.join(t.en for t in fixes)}.",
        zh=f"正确：{cause.description.zh}这些现象指向它的理由：{why.zh}对策：{'；'.join(t.zh for t in fixes)}。",
    )
    return Option(id=cause.id, text=cause.name, explain=explain)


def _wrong_option(cause: Cause) -> Option:
    explain = Text(
        en=f"Less likely here: {cause.description.en} It would show like this instead: {cause.confirm.text.en}",
        zh=f"在这里可能性较小：{cause.description.zh}它的典型表现是：{cause.confirm.text.zh}",
    )
    return Option(id=cause.id, text=cause.name, explain=explain)


def distractors(kb: KnowledgeBase, diagnosis: Diagnosis, target: str, n: int = DISTRACTORS) -> list[Cause]:
    """The causes the engine ranks right after the target on the same observations; where it ranks
    fewer than `n`, causes of the target's category (the ones easiest to confuse with it) fill up."""
    ranked = [c.id for c in diagnosis.causes if c.id != target and c.id in kb.causes]
    category = kb.causes[target].category
    rest = sorted(
        (c for c in kb.causes.values() if c.id != target and c.id not in ranked),
        key=lambda c: (c.category != category, _stable(f"{target}/{c.id}")),
    )
    return [kb.causes[c] for c in ranked[:n]] + rest[: max(0, n - len(ranked))]


def topic_tags(kb: KnowledgeBase) -> dict[str, str]:
    """cause id -> the tag most used by hand-written questions about it (ties: the first met)."""
    counts: dict[str, Counter[str]] = {}
    for question in kb.questions.values():
        for cause in question.causes:
            counts.setdefault(cause, Counter()).update(t for t in question.tags if t != "diagnosis")
    return {cause: c.most_common(1)[0][0] for cause, c in counts.items() if c}


def scenario_question(kb: KnowledgeBase, cause: Cause, seen: list[Observation], diagnosis: Diagnosis, topic: str | None) -> Question:
    """The question 'this is what you see: which cause is it?' for one cause."""
    return Question(
        id=f"{PREFIX}{cause.id}",
        kind="scenario",
        text=stem(cause, seen),
        options=[_right_option(kb, cause, diagnosis), *(_wrong_option(d) for d in distractors(kb, diagnosis, cause.id))],
        answer=[cause.id],
        tags=["diagnosis", topic] if topic else ["diagnosis"],
        difficulty=3,
        causes=[cause.id],
        sources=list(cause.sources),
    )


def _generate(kb: KnowledgeBase) -> Iterator[Question]:
    from losshelp.engine.cache import engine_for

    engine = engine_for(kb, None)
    topics = topic_tags(kb)
    for cause in kb.causes.values():
        found = scenario(kb, engine, cause)
        if found is not None:
            yield scenario_question(kb, cause, *found, topics.get(cause.id))


def generated_questions(kb: KnowledgeBase) -> list[Question]:
    """One scenario question per cause whose observations the engine ranks it first on, in KB order."""
    return list(_generate(kb))
