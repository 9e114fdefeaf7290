"""The log's lr column is used: a plateau after the lr was already decayed is not blamed on the
schedule, and a schedule that drove the lr to almost nothing early is."""

from __future__ import annotations

import json

import curves
import numpy as np
import pytest
from runcli import probe

from losshelp.probe.logs.shape import lr_vanished

N = 200


def step_decay() -> np.ndarray:
    i = np.arange(N)
    return np.where(i < N * 0.3, 0.1, np.where(i < N * 0.6, 0.01, 0.001))


def cosine_to_zero() -> np.ndarray:
    return 0.05 * (1 + np.cos(np.pi * np.arange(N) / (N - 1))) / 2


def exponential_per_epoch() -> np.ndarray:
    return 1e-3 * 0.97 ** np.arange(N)


def run_log(tmp_path, y: np.ndarray, lr: np.ndarray) -> dict:
    path = tmp_path / "metrics.csv"
    path.write_text("step,loss,lr\n" + "".join(f"{i},{float(a)!r},{float(b)!r}\n" for i, (a, b) in enumerate(zip(y, lr, strict=True))))
    result = probe("--log", str(path), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def level(report: dict, cause: str) -> str:
    return next(c["level"] for c in report["causes"] if c["id"] == cause)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("schedule", [step_decay, cosine_to_zero, exponential_per_epoch])
def test_a_plateau_after_the_lr_was_decayed_does_not_blame_the_schedule(tmp_path, schedule, seed):
    report = run_log(tmp_path, curves.plateau(N, seed=seed), schedule())
    assert report["facts"]["curve_shape"] == "drop_then_plateau"
    assert (report["facts"]["lr_decay"], report["facts"]["lr_vanished"]) == ("yes", "no")
    assert level(report, "lr_schedule") == "unlikely"
    assert not [c["id"] for c in report["causes"] if c["level"] == "likely"]


def score(report: dict, cause: str) -> float:
    return next((c["score"] for c in report["causes"] if c["id"] == cause), 0.0)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_same_plateau_at_a_constant_lr_weighs_more_on_the_schedule(tmp_path, seed):
    """A constant lr leaves the schedule among the readings; measured on healthy runs, a plateau
    alone is not enough to call it likely (benchmarks/results/faultgen_dev.txt)."""
    constant = run_log(tmp_path, curves.plateau(N, seed=seed), np.full(N, 0.1))
    decayed = run_log(tmp_path, curves.plateau(N, seed=seed), step_decay())
    assert constant["facts"]["lr_decay"] == "no"
    assert score(constant, "lr_schedule") > score(decayed, "lr_schedule")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_schedule_that_drove_the_lr_to_nothing_is_blamed(tmp_path, seed):
    lr = 0.1 * 0.5 ** np.arange(N, dtype=float)  # gamma 0.5 stepped per batch: 1e-61 by the end
    report = run_log(tmp_path, curves.plateau(N, seed=seed), lr)
    assert report["facts"]["lr_vanished"] == "yes"
    assert report["causes"][0]["id"] == "lr_schedule" and report["causes"][0]["level"] == "likely"
    found = next(f for f in report["findings"] if f["fact"] == "lr_vanished")
    assert found["inputs"]["lr"].endswith("(log lr, last step)")


def test_lr_vanished_needs_a_stretch_at_almost_nothing():
    assert lr_vanished(cosine_to_zero()) is False  # reaches 0 only at its last point
    assert lr_vanished(np.r_[np.full(95, 0.1), np.full(5, 1e-204)]) is False
    assert lr_vanished(np.r_[np.full(80, 0.1), np.full(20, 1e-204)]) is True
    # a ten-epoch log of a cosine annealed to exactly zero: only its last value is tiny
    assert lr_vanished(0.05 * (1 + np.cos(np.pi * np.arange(10) / 9)) / 2) is False
    assert lr_vanished(np.r_[np.full(8, 0.1), np.full(2, 0.0)]) is True
    assert lr_vanished(np.full(10, np.nan)) is None
