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
    assert scores["overfitting"] > scores["distribution_mismatch"] + 0.4


@pytest.mark.parametrize("facts", [{"train_loss": "flat", "stage": "first_epochs"}, {"symmetric_units": "yes", "init": "default", "weight_scale": "ok"}, {"critical_point": "not_critical", "grad_near_zero": "yes"}])
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
