"""Facts from findings: merge what the probes measured with what the user stated, and check a
fact and its value against the knowledge base's vocabulary (symptoms.yaml)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from losshelp.probe.base import FactValue, Finding, Probe


def merge_facts(
    probes: Sequence[Probe], findings: Mapping[str, Sequence[Finding]], stated: Mapping[str, FactValue]
) -> dict[str, FactValue]:
    """One value per fact: a stated fact wins; among probes, the higher `precedence`, then the
    earlier probe in `probes`, then its first finding for that fact."""
    ranked = sorted(enumerate(probes), key=lambda ip: (-ip[1].precedence, ip[0]))
    facts: dict[str, FactValue] = {}
    for _, probe in ranked:
        for f in findings.get(probe.name, ()):
            if f.fact is not None and f.value is not None and f.verdict != "error":
                facts.setdefault(f.fact, f.value)
    facts.update(stated)
    return facts


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
