"""A question-and-answer session: the state behind `losshelp diagnose`'s wizard and the terminal app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from losshelp.engine.answers import answer_model
from losshelp.engine.cache import engine_for
from losshelp.engine.facts import symptom_for, validate_facts
from losshelp.engine.questions import effects, expected_gain, next_question, posterior
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import Diagnosis, FactValue, Reason
from losshelp.kb.loader import KnowledgeBase, default_kb
from losshelp.present import say
from losshelp.present.labels import value_label


@dataclass(frozen=True)
class Ask:
    """A question to put to the user: the fact, its text and hint, and the answers to offer."""

    fact: str
    text: str
    hint: str
    choices: tuple[tuple[str, str], ...]
    """(value, label) pairs (a number's bands, for a number); "unknown" is always accepted besides these."""


@dataclass(frozen=True)
class AnswerEffect:
    """What one answer to a question would do: causes it raises and causes it lowers (by score change)."""

    value: str
    label: str
    raises: tuple[tuple[str, float], ...]
    lowers: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class WhyAsk:
    """Why a question is worth asking: expected information gain and what each answer would separate."""

    fact: str
    bits: float
    answers: tuple[AnswerEffect, ...]



class WizardSession:
    """One user's answers, independent of every other session; the engine is shared and read-only."""

    def __init__(self, kb: KnowledgeBase | None = None, facts: Mapping[str, object] | None = None, lang: str = "en", backend: str | None = None) -> None:
        self.kb = kb or default_kb()
        self.lang = lang
        self.engine: Engine = engine_for(self.kb, backend)
        self.facts: dict[str, FactValue] = validate_facts(facts or {}, self.kb)
        self.skipped: set[str] = set()
        self._history: list[tuple[str, FactValue | None, FactValue | None, bool]] = []  # fact, old, new, was skipped

    def _label(self, fact: str, value: str) -> str:
        return value_label(self.kb, fact, value, self.lang) or value

    def ask(self, fact: str) -> Ask:
        """The question for `fact` in the session's language."""
        symptom = self.kb.symptoms[fact]
        choices = tuple((v, self._label(fact, v)) for v in symptom.options)
        return Ask(fact, symptom.question.get(self.lang), symptom.hint.get(self.lang), choices)

    def next_question(self) -> Ask | None:
        """The most informative question still open, or None when none is worth asking."""
        fact = next_question(self.engine, self.facts, self.skipped)
        return self.ask(fact) if fact else None

    def answer(self, fact: str, value: object) -> tuple[str, ...]:
        """Record an answer (validated; FactError on a bad one); notices say when it replaced another.
        A band of a number (one of `Ask.choices`) states the number it stands for."""
        parsed = validate_facts({fact: value}, self.kb)
        if fact not in parsed:
            self.answer_unknown(fact)
            return ()
        old = self.facts.get(fact)
        self._history.append((fact, old, parsed[fact], fact in self.skipped))
        self.facts[fact] = parsed[fact]
        self.skipped.discard(fact)
        if old is not None and old != parsed[fact]:
            return (say("diagnose.changed", self.lang, fact=fact, old=old, new=parsed[fact]),)
        return ()

    def answer_unknown(self, fact: str) -> None:
        """"I don't know": the fact adds no evidence and is not asked again."""
        symptom_for(self.kb, fact)
        self._history.append((fact, self.facts.get(fact), None, fact in self.skipped))
        self.facts.pop(fact, None)
        self.skipped.add(fact)

    def back(self) -> str | None:
        """Undo the last answer; returns its fact, or None when there is nothing to undo."""
        if not self._history:
            return None
        fact, old, _new, was_skipped = self._history.pop()
        if old is None:
            self.facts.pop(fact, None)
        else:
            self.facts[fact] = old
        if was_skipped:
            self.skipped.add(fact)
        else:
            self.skipped.discard(fact)
        return fact

    def diagnosis(self) -> Diagnosis:
        return self.engine.diagnose(self.facts)

    def why(self, cause_id: str) -> tuple[Reason, ...]:
        """The reasons (with their chains) behind a cause's score; empty when nothing spoke about it."""
        cause = next((c for c in self.diagnosis().causes if c.id == cause_id), None)
        return cause.because if cause else ()

    def why_ask(self, fact: str) -> WhyAsk:
        """Which causes each answer to `fact` would raise or lower, and the question's expected gain."""
        symptom = symptom_for(self.kb, fact)
        if not symptom.askable:
            return WhyAsk(fact, 0.0, ())
        others = {k: v for k, v in self.facts.items() if k != fact}
        bits = expected_gain(posterior(self.engine, others), answer_model(self.engine).questions[fact])
        answers = []
        for value, table in effects(self.engine, others, symptom).items():
            moved = sorted(((c, d) for c, d in table.items() if abs(d) >= 0.05), key=lambda x: -abs(x[1]))
            answers.append(
                AnswerEffect(value, self._label(fact, value), tuple((c, d) for c, d in moved if d > 0)[:4], tuple((c, d) for c, d in moved if d < 0)[:4])
            )
        return WhyAsk(fact, bits, tuple(answers))
