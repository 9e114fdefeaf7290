"""Certainty factors: range, order independence, unknown answers, contradictions, levels."""

from __future__ import annotations

import itertools

import pytest

from losshelp.engine.evidence import LIKELY, POSSIBLE, combine, level


def test_support_and_counter_evidence_combine():
    assert combine([0.5, 0.5]).score == pytest.approx(0.75)
    assert combine([0.6, -0.6]).score == pytest.approx(0.0)
    assert combine([0.8, -0.4]).score == pytest.approx((0.8 - 0.4) / (1 - 0.4))
    assert combine([]).score == 0.0


def test_order_does_not_matter():
    weights = [0.3, -0.2, 0.7, -0.5, 0.1]
    scores = {round(combine(p).score, 12) for p in itertools.permutations(weights)}
    assert len(scores) == 1


def test_certain_both_ways_cancels():
    assert combine([1.0, -1.0]).score == 0.0


def test_levels():
    assert level(LIKELY) == "likely" and level(POSSIBLE) == "possible" and level(POSSIBLE - 0.01) == "unlikely"
    assert level(-0.9) == "unlikely"


def test_unknown_adds_nothing(engine):
    from losshelp.engine import validate_facts

    facts = validate_facts({"train_loss": "flat", "data_shuffled": "unknown", "lr": "unknown"}, engine.kb)
    assert facts == {"train_loss": "flat"}
    assert engine.diagnose(facts).to_json()["causes"] == engine.diagnose({"train_loss": "flat"}).to_json()["causes"]


def test_contradicting_answers_give_a_notice_not_a_crash(engine):
    result = engine.diagnose({"critical_point": "not_critical", "grad_near_zero": "yes"})
    assert any("Hessian" in n.text(engine.kb, "en") for n in result.notices)
    conflict = engine.diagnose({"data_shuffled": "no", "train_loss": "decreasing", "train_loss_level": "low", "overfit_one_batch": "fails"})
    assert all(-1 <= c.score <= 1 for c in conflict.causes)


def test_strong_evidence_both_ways_is_reported(engine):
    result = engine.diagnose({"symmetric_units": "yes", "init": "default", "weight_scale": "ok"})
    texts = [n.text(engine.kb, "en") for n in result.notices]
    assert any("initial" in n.lower() for n in texts), texts


def test_scores_are_comparable_across_sessions(engine):
    one = engine.diagnose({"train_loss": "flat"})
    two = engine.diagnose({"train_loss": "flat", "data_shuffled": "yes"})
    a = {c.id: c.score for c in one.causes}
    b = {c.id: c.score for c in two.causes}
    assert a["lr_too_low"] == b["lr_too_low"]


def test_one_generalisation_gap_stated_twice_counts_once(engine):
    """A falling training loss beside a flat validation loss already is a large gap; saying so
    again must not make the weaker reading (a mismatch) likely on the strength of a repeat."""
    trend = {"train_loss": "decreasing", "val_loss": "flat"}
    scores = {c.id: c.score for c in engine.diagnose({**trend, "val_gap_large": "yes"}).causes}
    alone = {c.id: c.score for c in engine.diagnose(trend).causes}
    assert scores["distribution_mismatch"] == alone["distribution_mismatch"]
    assert scores["overfitting"] >= LIKELY > scores["distribution_mismatch"]


# --- measured evidence: groups, priors, measured weights; the verdict ---------------------------

from dataclasses import replace  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st

from losshelp.engine.evidence import EvidenceTable  # noqa: E402
from losshelp.engine.reasoner import Engine  # noqa: E402
from losshelp.kb.models import Evidence, EvidenceGroup, MeasuredWeight, Prior  # noqa: E402

weights = st.lists(st.floats(-0.95, 0.95).filter(lambda w: abs(w) > 1e-3), min_size=1, max_size=6)


@given(weights, weights)
def test_a_group_counts_its_strongest_sign_once(inside, outside):
    rules = [f"g{i}" for i in range(len(inside))]
    table = EvidenceTable.of(Evidence(groups=[EvidenceGroup(id="one_observation", cause="c", rules=rules)] if len(rules) > 1 else []))
    fired = list(zip(rules, inside, strict=True)) + [(f"o{i}", w) for i, w in enumerate(outside)]
    strongest = [max((w for w in inside if w > 0), default=0.0), min((w for w in inside if w < 0), default=0.0)]
    expected = combine([w for w in strongest if w] + outside)
    assert table.certainty("c", fired).score == pytest.approx(expected.score)


@given(weights)
def test_ungrouped_rules_combine_as_before(ws):
    fired = [(f"r{i}", w) for i, w in enumerate(ws)]
    assert EvidenceTable().certainty("c", fired).score == pytest.approx(combine(ws).score)


def test_the_prior_ranks_the_common_cause_first_only_when_something_supports_it():
    table = EvidenceTable.of(Evidence(prior_weight=0.2, priors=[Prior(cause="common", share=0.3), Prior(cause="rare", share=0.03)]))
    common, rare = table.certainty("common", [("r", 0.4)]), table.certainty("rare", [("r", 0.4)])
    assert common.score > rare.score > 0.4
    assert common.score == pytest.approx(combine([0.4, 0.2]).score)
    assert table.certainty("common", [("r", -0.4)]).score == pytest.approx(-0.4)  # no support: no prior
    assert table.certainty("common", []).score == 0.0


def _flat_at_start(engine):
    facts = {"train_loss": "flat", "stage": "first_epochs"}
    cause = engine.diagnose(facts).causes[0]
    return facts, cause.id, cause.because[0].rule


@pytest.mark.parametrize("measured", [0.05, 0.9, -0.3])
def test_a_measured_weight_replaces_the_hand_set_one_on_both_backends(engine, measured):
    facts, cause, rule = _flat_at_start(engine)
    hand = next(c.weight for c in engine.kb.rules[rule].then if c.cause == cause)
    evidence = Evidence(weights=[MeasuredWeight(rule=rule, cause=cause, weight=measured, hand=hand, runs=40, p_cause_given_rule=0.5, p_cause=0.04)])
    plain = Engine(replace(engine.kb, evidence=Evidence()), engine.backend.name)
    measured_engine = Engine(replace(engine.kb, evidence=evidence), engine.backend.name, measured=True)
    stated_engine = Engine(replace(engine.kb, evidence=evidence), engine.backend.name)
    others = [w for f in plain.run(facts).firings for c in engine.kb.rules[f.rule].then if c.cause == cause and f.rule != rule for w in [c.weight]]
    assert plain.scores(facts)[cause] == pytest.approx(combine([hand, *others]).score)
    assert measured_engine.scores(facts)[cause] == pytest.approx(combine([measured, *others]).score)
    assert stated_engine.scores(facts)[cause] == plain.scores(facts)[cause]  # stated facts keep the hand-set weight
    shown = {r.rule: r.weight for c in measured_engine.diagnose(facts).causes if c.id == cause for r in c.because}
    assert shown[rule] == measured  # the reason shows the weight the score used


def test_verdict_problem_when_a_cause_is_likely(engine):
    result = engine.diagnose({"train_loss": "flat", "stage": "first_epochs"})
    assert any(c.level == "likely" for c in result.causes)
    assert result.verdict == "problem" and result.to_json()["verdict"] == "problem"


def test_verdict_needs_measurements_to_call_a_run_healthy(engine):
    result = engine.diagnose({"train_loss": "decreasing"})
    assert not any(c.level == "likely" for c in result.causes)
    assert result.verdict == "unclear"
    ok = ({"probe": "log_trend", "fact": "train_loss", "value": "decreasing", "threshold": "-", "verdict": "ok"},)
    assert replace(result, findings=ok).verdict == "healthy"
    info_only = ({"probe": "p", "fact": None, "value": None, "threshold": "-", "verdict": "info"},)
    assert replace(result, findings=info_only).verdict == "unclear"


def test_verdict_abnormal_finding_is_unclear_only_when_a_possible_cause_rests_on_it():
    from losshelp.engine.result import RankedCause, Reason, verdict

    chain = Reason("derive", {"grad_ratio": 80.0}, 0.0)
    possible = RankedCause("vanishing_gradient", 0.3, "possible", (Reason("r", {"grad_flow": "vanishing"}, 0.3, (chain,)),))
    against = RankedCause("dead_relu", -0.3, "unlikely", (Reason("r2", {"dead_fraction": 0.0}, -0.3),))
    abnormal = {"probe": "p", "fact": "grad_ratio", "value": 80.0, "threshold": "10", "verdict": "abnormal"}
    weak = RankedCause("vanishing_gradient", 0.1, "unlikely", possible.because)
    likely = RankedCause("vanishing_gradient", 0.7, "likely", possible.because)
    assert verdict((possible,), (abnormal,)) == "unclear"  # found through the chain of a supporting reason
    assert verdict((likely,), (abnormal,)) == verdict((likely,), ()) == "problem"
    assert verdict((weak,), (abnormal,)) == "healthy"  # a deviation healthy runs show too
    assert verdict((against,), ({**abnormal, "fact": "dead_fraction"},)) == "healthy"  # only evidence against rests on it
    assert verdict((possible,), ({**abnormal, "fact": "unread"},)) == "healthy"
    assert verdict((possible,), ({**abnormal, "verdict": "ok"},)) == "healthy"
    assert verdict((), ()) == "unclear"


@pytest.mark.parametrize("facts", [{"train_loss": "flat", "stage": "first_epochs"}, {"symmetric_units": "yes", "init": "default", "weight_scale": "ok"},
                                   {"critical_point": "not_critical", "grad_near_zero": "yes"}])
def test_a_diagnosis_carries_no_language_and_renders_in_either(engine, facts):
    result = engine.diagnose(facts)
    reasons = [r for c in result.causes for r in c.because]
    assert reasons or result.notices
    for lang in ("en", "zh"):
        assert [r.text(engine.kb, lang) for r in reasons] == [engine.kb.rules[r.rule].because.get(lang) for r in reasons]
        assert all(n.text(engine.kb, lang) for n in result.notices)
    rendered = {lang: result.to_json(engine.kb, lang) for lang in ("en", "zh")}
    assert [c["id"] for c in rendered["en"]["causes"]] == [c["id"] for c in rendered["zh"]["causes"]]
    assert result.to_json()["causes"][0]["because"] == [r.rule for r in result.causes[0].because]


def test_rules_reading_one_observation_count_once(kb):
    """The curve's shape and "flat in later epochs" both read one plateau: stating both must not
    raise the schedule fault above what the stronger sign gives alone."""
    plain = Engine(replace(kb, evidence=Evidence()), "python")
    tagged = [kb.rules[r] for r in ("shape_drop_then_plateau", "flat_later")]
    assert {r.observation for r in tagged} == {"plateau"}
    shape = {"curve_shape": "drop_then_plateau"}
    both = {**shape, "train_loss": "flat", "stage": "later"}
    assert plain.scores(both)["lr_schedule"] == pytest.approx(plain.scores(shape)["lr_schedule"])
    untagged = replace(kb, evidence=Evidence(), rules={**kb.rules, "flat_later": kb.rules["flat_later"].model_copy(update={"observation": None})})
    assert Engine(untagged, "python").scores(both)["lr_schedule"] > plain.scores(shape)["lr_schedule"]
