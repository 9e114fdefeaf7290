"""Scenario questions generated from the knowledge base's causes, so the bank grows with the KB.

For each cause that says how it shows (`confirm.text`), one question describes what is seen and
asks for the cause; the distractors are other causes, preferably of another category so that the
right answer stays the only one that fits. Every option is explained with the KB's own text. The
result depends only on the KB (no randomness), so ids and options are stable between runs.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Cause, Option, Question, Text

DISTRACTORS = 3
CHECKS_SHOWN = 3  # symptom questions quoted in the right option's explanation, to keep feedback short
PREFIX = "gen_"


def _join(parts: list[Text], sep_en: str = " ", sep_zh: str = "") -> Text:
    return Text(en=sep_en.join(p.en for p in parts if p.en), zh=sep_zh.join(p.zh for p in parts if p.zh))


def _stable_order(target: str, other: str) -> str:
    """A fixed pseudo-random key per pair, so each question gets its own mix of distractors."""
    return hashlib.sha1(f"{target}/{other}".encode()).hexdigest()


def pick_distractors(target: Cause, candidates: list[Cause], n: int = DISTRACTORS) -> list[Cause]:
    """Up to `n` other causes: those of another category and with the fewest shared symptoms first."""
    shown = set(target.confirm.symptoms)

    def key(other: Cause) -> tuple[bool, int, str]:
        shared = len(shown & set(other.confirm.symptoms))
        return other.category == target.category, shared, _stable_order(target.id, other.id)

    return sorted((c for c in candidates if c.id != target.id), key=key)[:n]


def _check_hint(kb: KnowledgeBase, cause: Cause) -> Text:
    questions = [kb.symptoms[s].question for s in cause.confirm.symptoms if s in kb.symptoms][:CHECKS_SHOWN]
    if not questions:
        return Text()
    asked = _join(questions)
    return Text(en=f"To check, ask: {asked.en}", zh=f"确认方法：{asked.zh}")


def _fix_hint(kb: KnowledgeBase, cause: Cause) -> Text:
    titles = [kb.fixes[f].title for f in cause.fixes if f in kb.fixes]
    if not titles:
        return Text()
    names = _join(titles, "; ", "；")
    return Text(en=f"Fix: {names.en}.", zh=f"对策：{names.zh}。")


def _right_option(kb: KnowledgeBase, cause: Cause) -> Option:
    explain = _join([cause.description, _check_hint(kb, cause), _fix_hint(kb, cause)])
    return Option(id=cause.id, text=cause.name, explain=explain)


def _wrong_option(cause: Cause) -> Option:
    explain = Text(
        en=f"Not the best fit: {cause.description.en} It would show like this instead: {cause.confirm.text.en}",
        zh=f"不是最符合的原因：{cause.description.zh}它的表现应当是：{cause.confirm.text.zh}",
    )
    return Option(id=cause.id, text=cause.name, explain=explain)


def topic_tags(kb: KnowledgeBase) -> dict[str, str]:
    """cause id -> the tag most used by hand-written questions about it (ties: the first met)."""
    counts: dict[str, Counter[str]] = {}
    for question in kb.questions.values():
        for cause in question.causes:
            counts.setdefault(cause, Counter()).update(t for t in question.tags if t != "diagnosis")
    return {cause: c.most_common(1)[0][0] for cause, c in counts.items() if c}


def scenario_question(kb: KnowledgeBase, cause: Cause, distractors: list[Cause], topic: str | None) -> Question:
    """The question 'this is what you see: which cause is it?' for one cause."""
    text = Text(
        en=f"A training run shows this: {cause.confirm.text.en} Which cause fits best?",
        zh=f"某次训练出现如下现象：{cause.confirm.text.zh}最可能的原因是？",
    )
    return Question(
        id=f"{PREFIX}{cause.id}",
        kind="scenario",
        text=text,
        options=[_right_option(kb, cause), *(_wrong_option(d) for d in distractors)],
        answer=[cause.id],
        tags=["diagnosis", topic] if topic else ["diagnosis"],
        difficulty=3,
        causes=[cause.id],
        sources=list(cause.sources),
    )


def generated_questions(kb: KnowledgeBase) -> list[Question]:
    """One scenario question per cause that says how it shows, in the KB's order of causes."""
    described = [c for c in kb.causes.values() if c.confirm.text.en or c.confirm.text.zh]
    topics = topic_tags(kb)
    out = []
    for cause in described:
        distractors = pick_distractors(cause, described)
        if distractors:
            out.append(scenario_question(kb, cause, distractors, topics.get(cause.id)))
    return out
