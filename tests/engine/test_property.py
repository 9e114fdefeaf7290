"""Any answer set yields a ranked list with scores and levels in range, and no exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.engine import diagnose, validate_facts
from losshelp.engine.evidence import level
from losshelp.kb import default_kb

KB = default_kb()


def _value(symptom):
    if symptom.kind == "number":
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.just("unknown"))
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
