"""The calibration math on known inputs: MYCIN's MB/MD, shrinkage, phi, groups, and a fit on labelled facts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.faultgen.calibrate import SHRINK, calibrate, correlated_groups, measured_belief, phi, shrunk
from losshelp.kb import default_kb


def test_measured_belief_is_mycins_mb_and_md():
    assert measured_belief(0.5, 0.1) == pytest.approx(0.4 / 0.9)
    assert measured_belief(1.0, 0.2) == pytest.approx(1.0)
    assert measured_belief(0.1, 0.1) == 0.0
    assert measured_belief(0.05, 0.1) == pytest.approx(-0.5)
    assert measured_belief(0.0, 0.3) == pytest.approx(-1.0)


@given(st.floats(0, 1), st.floats(0.001, 0.999))
def test_measured_belief_stays_a_certainty_factor(p_given, p_prior):
    assert -1.0 <= measured_belief(p_given, p_prior) <= 1.0


@given(st.floats(-1, 1), st.floats(-1, 1), st.integers(0, 10_000))
def test_shrinkage_moves_from_the_hand_weight_to_the_measured_one(measured, hand, runs):
    w = shrunk(measured, hand, runs)
    assert min(measured, hand) - 1e-12 <= w <= max(measured, hand) + 1e-12
    assert shrunk(measured, hand, 0) == pytest.approx(hand)
    assert shrunk(measured, hand, int(SHRINK)) == pytest.approx((measured + hand) / 2)


def test_phi_and_groups():
    a = [True, True, False, False, True, False]
    assert phi(a, a) == pytest.approx(1.0)
    assert phi(a, [not x for x in a]) == pytest.approx(-1.0)
    assert phi(a, [False] * 6) == 0.0
    fired = {"r1": a, "r2": list(a), "r3": [not x for x in a], "rare": [True] + [False] * 5}
    assert correlated_groups(fired, min_runs=3) == [["r1", "r2"]]
    assert correlated_groups(fired, min_runs=4) == []  # too few firings to say they correlate


def test_calibrate_measures_a_rule_on_labelled_facts():
    kb = default_kb()
    flat = {"train_loss": "flat", "stage": "first_epochs"}
    runs = [("lr_too_low", flat)] * 4 + [("saddle_point", flat)] * 4 + [(None, {"train_loss": "decreasing"})] * 8
    measured = calibrate(runs, kb)
    scaled = [w for w in measured["weights"] if w.get("basis") == "rule_scale"]
    on_flat = [w for w in measured["weights"] if w["hand"] > 0 and w not in scaled]
    assert {w["cause"] for w in on_flat} == {"lr_too_low", "saddle_point"}
    for w in on_flat:  # fired on the 8 flat runs, half of them labelled with this cause, base rate 4/16
        assert w["runs"] == 8 and w["p_cause_given_rule"] == 0.5 and w["p_cause"] == 0.25
        assert w["weight"] == pytest.approx(shrunk(measured_belief(0.5, 0.25), w["hand"], 8), abs=1e-3)
    on_falling = [w for w in measured["weights"] if w["hand"] < 0]
    for w in on_falling:  # fired only on healthy runs: measured disbelief, MD = 1
        assert w["p_cause_given_rule"] == 0.0 and w["weight"] == pytest.approx(shrunk(-1.0, w["hand"], 8), abs=1e-3)
    assert measured["dev_runs"] == 16
    # causes no run carries: the hand weight scaled by the rule's measured/hand ratio, never above it
    def median(xs):
        return sorted(xs)[len(xs) // 2]

    ratios = {w["rule"]: [max(v["weight"], 0.0) / v["hand"] for v in on_flat if v["rule"] == w["rule"]] for w in on_flat}
    overall = [r for rs in ratios.values() for r in rs]
    assert scaled and {w["cause"] for w in scaled}.isdisjoint({"lr_too_low", "saddle_point"})
    for w in scaled:
        ratio = median(ratios[w["rule"]] if len(ratios.get(w["rule"], [])) >= 2 else overall)
        assert w["p_cause"] == 0.0 and w["weight"] == pytest.approx(w["hand"] * min(ratio, 1.0), abs=1e-3) and w["weight"] <= w["hand"]


# --- cross-validation: a run and its healthy twin are never split, every run is scored once ---

from benchmarks.faultgen.crossval import cross_validate, folds_by_base  # noqa: E402


@given(st.sets(st.text("abcdef", min_size=1, max_size=4), min_size=2, max_size=30), st.integers(2, 5), st.integers(0, 9))
def test_folds_deal_bases_evenly(bases, folds, seed):
    fold_of = folds_by_base(bases, folds, seed)
    assert set(fold_of) == bases and set(fold_of.values()) <= set(range(folds))
    sizes = [list(fold_of.values()).count(f) for f in range(min(folds, len(bases)))]
    assert max(sizes) - min(sizes) <= 1
    assert folds_by_base(bases, folds, seed) == fold_of  # seeded


def test_cross_validation_scores_each_run_once_with_weights_from_the_other_fold():
    kb = default_kb()
    flat = {"train_loss": "flat", "stage": "first_epochs"}
    answer = lambda facts: {"facts": facts, "findings": []}  # noqa: E731
    runs = []
    for i in range(8):
        base = f"b{i}"
        runs.append(({"id": base, "base": base, "cause": None, "family": "mlp"}, {"answer": answer({"train_loss": "decreasing"}), "seconds": 1.0}, False))
        runs.append(({"id": f"{base}-f", "base": base, "cause": "lr_too_low", "family": "mlp"}, {"answer": answer(flat), "seconds": 1.0}, False))
    outcomes = cross_validate(runs, kb, folds=2)
    assert sorted(o.run for o in outcomes) == sorted(label["id"] for label, _, _ in runs)
    faulty = [o for o in outcomes if o.cause]
    assert all(o.ranked[0] == "lr_too_low" for o in faulty)  # the other fold measured the flat start as this cause
