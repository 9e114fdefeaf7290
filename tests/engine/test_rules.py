"""Every rule fires on facts that meet its conditions, and not when a stated condition fails."""

from __future__ import annotations

import pytest

from losshelp.engine.conditions import grouped, holds
from losshelp.kb import default_kb
from tests.engine.factgen import facts_for

RULES = list(default_kb().rules.values())


def fired(engine, facts) -> set[str]:
    return {f.rule for f in engine.run(facts).firings}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_facts(rule, kb, reference):
    facts = facts_for(kb, rule)
    assert facts is not None, f"cannot build facts for {rule.id}"
    assert rule.id in fired(reference, facts)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_does_not_fire_when_a_stated_condition_fails(rule, kb, reference):
    facts = facts_for(kb, rule)
    for fact, conditions in grouped(rule).items():
        if fact not in kb.symptoms:
            continue
        symptom = kb.symptoms[fact]
        if symptom.kind == "number":
            wrong = next((x for x in (-1e9, 0.0, 1e-9, 1e9) if not all(holds(c, x) for c in conditions)), None)
        else:
            wrong = next((v for v in symptom.answers if not all(holds(c, v) for c in conditions)), None)
        if wrong is None:
            continue
        assert rule.id not in fired(reference, {**facts, fact: wrong}), f"{rule.id} fired with {fact}={wrong}"
        assert rule.id not in fired(reference, {k: v for k, v in facts.items() if k != fact})


def test_no_facts_fire_no_rules(reference):
    assert reference.run({}).firings == []


def test_every_cause_can_become_likely(kb, reference):
    """For each cause, the strongest positive rule's facts alone make it at least possible."""
    for cause in kb.causes:
        best = max((r for r in RULES for c in r.then if c.cause == cause and (c.weight or 0) > 0),
                   key=lambda r: max(c.weight for c in r.then if c.cause == cause))
        scores = reference.scores(facts_for(kb, best))
        assert scores.get(cause, 0) >= 0.2, cause
