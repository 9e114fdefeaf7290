"""How entries relate: which causes a symptom speaks for, for the knowledge browser's tree."""

from __future__ import annotations

from losshelp.kb.loader import KnowledgeBase


def causes_by_symptom(kb: KnowledgeBase) -> dict[str, list[str]]:
    """symptom id -> the causes it can support: named in a cause's `confirm`, or concluded
    with a positive weight by a rule that tests the symptom. Causes in KB order."""
    links: dict[str, set[str]] = {s: set() for s in kb.symptoms}
    for cause in kb.causes.values():
        for symptom in cause.confirm.symptoms:
            links.setdefault(symptom, set()).add(cause.id)
    for rule in kb.rules.values():
        supported = {c.cause for c in rule.then if c.cause and (c.weight or 0) > 0}
        for condition in rule.when:
            if condition.fact in links:
                links[condition.fact] |= supported
    order = list(kb.causes)
    return {s: sorted(ids, key=order.index) for s, ids in links.items()}
