"""Any answer set yields a ranked list with scores and levels in range, and no exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.engine import diagnose, validate_facts
from losshelp.engine.cache import engine_for
from losshelp.engine.evidence import level
from losshelp.engine.facts import NUMBER_DOMAINS
from losshelp.kb import default_kb

KB = default_kb()


def _value(symptom):
    if symptom.kind == "number":
        low, high = NUMBER_DOMAINS.get(symptom.id, (-1e12, 1e12))
        return st.one_of(st.floats(min_value=max(low, -1e12), max_value=min(high, 1e12)), st.just("unknown"))
    return st.sampled_from([*symptom.answers, "unknown"])


ANSWERS = st.fixed_dictionaries({}, optional={s.id: _value(s) for s in KB.symptoms.values()})


@settings(max_examples=150, deadline=None)
@given(answers=ANSWERS)
def test_any_answers_rank(answers):
    result = diagnose(answers, backend="python")
    scores = [c.score for c in result.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0 for s in scores)
    assert all(c.level == level(round(c.score, 9)) for c in result.causes)
    assert set(result.facts) == set(validate_facts(answers, KB))
    assert all(c.id in KB.causes for c in result.causes)


@settings(max_examples=100, deadline=None)
@given(answers=ANSWERS)
def test_ranking_is_the_diagnosis_order(answers):
    """The picker and the wizard benchmark count as shown what the diagnosis lists first."""
    facts = validate_facts(answers, KB)
    listed = diagnose(facts, backend="python").causes
    ranking = engine_for(KB, "python").ranking(facts)
    assert sorted(ranking) == sorted(KB.causes)
    assert [c for c in ranking if c in {x.id for x in listed}] == [x.id for x in listed]
    positive = [x.id for x in listed if x.score > 0]
    assert ranking[: len(positive)] == positive
