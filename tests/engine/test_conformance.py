"""Both backends draw the same conclusions with the same scores on the whole knowledge base."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from losshelp.engine.backend import durable_available
from losshelp.engine.reasoner import Engine
from losshelp.kb import default_kb
from tests.engine.factgen import facts_for

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here: nothing to compare")
KB = default_kb()


@pytest.fixture(scope="module")
def pair():
    return Engine(KB, "python"), Engine(KB, "durable-rules")


def same(pair, facts) -> None:
    python, durable = pair
    a, b = python.run(facts), durable.run(facts)
    assert a.firings == b.firings
    assert python.diagnose(facts).to_json() == durable.diagnose(facts).to_json()
    assert python.diagnose(facts).derived == durable.diagnose(facts).derived


def test_every_rule_alone(pair):
    for rule in KB.rules.values():
        same(pair, facts_for(KB, rule))


def test_all_rules_together_where_they_agree(pair):
    merged: dict = {}
    for rule in KB.rules.values():
        for k, v in facts_for(KB, rule).items():
            merged.setdefault(k, v)
    same(pair, merged)


def _value(symptom):
    if symptom.kind == "number":
        return st.sampled_from([0.0, 1e-7, 1e-5, 1e-3, 0.005, 0.01, 0.3, 1.0, 2.3, 4.0, 10.0, 100.0, 2048.0, 1e8])
    return st.sampled_from(symptom.answers)


FACTS = st.fixed_dictionaries({}, optional={s.id: _value(s) for s in KB.symptoms.values()})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=FACTS)
def test_random_fact_sets(pair, facts):
    same(pair, facts)
