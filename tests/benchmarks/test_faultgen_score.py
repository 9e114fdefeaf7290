"""The benchmark's scorer on known outcomes: hits, healthy runs, likely labels, reliability, silence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.faultgen.score import SILENT, Outcome, figures, is_silent, table


def out(run, cause, ranked, scores, levels, family="mlp", silent=False):
    return Outcome(run, cause, family, tuple(ranked), tuple(scores), tuple(levels), None, 2.0, silent)


OUTCOMES = [
    out("a", "lr_too_high", ["lr_too_high", "dead_relu"], [0.9, 0.3], ["likely", "possible"]),
    out("b", "lr_too_high", ["dead_relu", "lr_too_high"], [0.6, 0.55], ["likely", "likely"]),
    out("c", "noisy_labels", ["overfitting", "lr_too_low", "saddle_point", "noisy_labels"], [0.4, 0.3, 0.2, 0.1], ["possible"] * 3 + ["unlikely"]),
    out("h1", None, ["saddle_point"], [0.7], ["likely"]),
    out("h2", None, ["saddle_point"], [0.3], ["possible"]),
    out("s", "dead_relu", ["dead_relu"], [0.9], ["likely"], silent=True),
]


def test_figures_on_known_outcomes():
    f = figures(OUTCOMES)
    assert f.top1 == (1, 3) and f.top3 == (2, 3)
    assert f.healthy_with_likely == (1, 2)
    assert f.likely_true == (2, 4)  # a: true; b: dead_relu false, lr_too_high true; h1: false
    assert f.per_cause == {"lr_too_high": (1, 2, 2), "noisy_labels": (0, 0, 1)}
    assert dict(f.confusions) == {("lr_too_high", "dead_relu"): 1, ("noisy_labels", "overfitting"): 1}
    assert f.silent == 1
    assert f.verdicts == {"healthy runs": {"-": 2}, "fault runs": {"-": 3}}
    bins = {(low, high): (t, n) for low, high, t, n in f.reliability}
    assert bins[(0.8, 1.0)] == (1, 1) and bins[(0.5, 0.65)] == (1, 2) and bins[(0.65, 0.8)] == (0, 1)


def test_table_names_every_figure():
    text = table("dev", figures(OUTCOMES))
    for needle in ("top-1 1/3 (33%)", "top-3 2/3 (67%)", "healthy runs with a likely cause: 1/2", "lr_too_high -> dead_relu: 1", "silent fault runs"):
        assert needle in text


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.permutations(["a", "b", "c", "d"]),
                          st.lists(st.sampled_from(["likely", "possible", "unlikely"]), min_size=4, max_size=4)), min_size=1, max_size=30))
def test_top3_never_below_top1_and_shares_stay_in_range(rows):
    outcomes = [out(str(i), cause, ranked, [0.5] * 4, levels) for i, (cause, ranked, levels) in enumerate(rows)]
    f = figures(outcomes)
    assert f.top1[0] <= f.top3[0] <= f.top3[1]
    assert f.healthy_with_likely[1] == sum(c is None for c, _, _ in rows)
    assert sum(n for *_, n in f.reliability) == sum(min(3, 4) for c, _, _ in rows)


@given(st.floats(0.01, 10), st.floats(0.01, 10), st.floats(-0.5, 0.5))
def test_silence_is_closeness_to_the_twin(train, val, shift):
    twin = (train, val)
    moved = (train * (1 + shift), val)
    assert is_silent(moved, twin) == (abs(shift) * train <= SILENT * train + 1e-12) or abs(abs(shift) - SILENT) < 1e-9
    assert not is_silent((float("nan"), val), twin)


def test_silence_needs_both_losses_close():
    assert is_silent((1.0, 1.05), (1.0, 1.0))
    assert not is_silent((1.0, 2.0), (1.0, 1.0))
    assert not is_silent((0.5, 1.0), (1.0, 1.0))
    with pytest.raises(TypeError):
        is_silent((1.0,), None)  # type: ignore[arg-type]
