"""Facts and values as people read them: the symptom's words for an answer, numbers without noise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from losshelp.present.words import say

if TYPE_CHECKING:
    from losshelp.kb.loader import KnowledgeBase
    from losshelp.kb.models import Symptom

ANSWER_WORDS = ("yes", "no", "unknown")
"""Answers every yes/no symptom may take; their words are `diagnose.answer_*` unless the KB names them."""


def number_text(value: object) -> str:
    """A measured or stated value as a person writes it: 30 not 30.0, 0.05, 1e-05; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}"
    return str(value)


def fact_label(kb: KnowledgeBase, fact: str | None, lang: str) -> str | None:
    """A fact in words: the question its symptom asks; None for a fact no symptom describes."""
    symptom = kb.symptoms.get(fact) if fact else None
    return symptom.question.get(lang) if symptom is not None else None


def answer_label(symptom: Symptom | None, value: object, lang: str) -> str | None:
    """The words for answer `value`: the symptom's label, else yes/no/unknown's; None for a number or free value."""
    label = symptom.label(value, lang) if symptom is not None else None
    if label is None and isinstance(value, str) and value in ANSWER_WORDS:
        label = say(f"diagnose.answer_{value}", lang)
    return label


def value_label(kb: KnowledgeBase, fact: str | None, value: object, lang: str) -> str | None:
    """The words for `value` of `fact` (see `answer_label`)."""
    return answer_label(kb.symptoms.get(fact) if fact else None, value, lang)


def value_text(kb: KnowledgeBase, fact: str | None, value: object, lang: str, with_value: bool = False) -> str:
    """`value` in words (`value (words)` with `with_value`, for a reader who also needs the id), else as a number."""
    label = value_label(kb, fact, value, lang)
    if label is None or isinstance(value, float):
        return number_text(value)
    return f"{value} ({label})" if with_value else label


def facts_text(facts: dict[str, object]) -> str:
    """`fact=value, ...` in one line, values as `number_text` writes them."""
    return ", ".join(f"{k}={number_text(v)}" for k, v in facts.items())
