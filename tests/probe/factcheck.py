"""Check a fact a probe emitted against the knowledge base's vocabulary (symptoms.yaml), strictly:
unlike `losshelp.engine.validate_facts`, which parses what a person typed ("0.1", "Yes"), a probe
must emit the typed value itself (a real number, or one of the listed answers)."""

from __future__ import annotations


def check_fact(fact: str, value: object, kb) -> str | None:
    """None when `fact` is a KB symptom and `value` one of its answers, else a one-line problem.

    `kb` is a `losshelp.kb.KnowledgeBase`; numbers must be real numbers, yes/no facts take
    "yes"/"no", choice facts one of their listed values.
    """
    symptom = kb.symptoms.get(fact)
    if symptom is None:
        return f"unknown fact {fact!r}"
    if symptom.kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"{fact} takes a number, got {value!r}"
    answers = symptom.answers
    return None if value in answers else f"{fact} takes one of {', '.join(answers)}, got {value!r}"
