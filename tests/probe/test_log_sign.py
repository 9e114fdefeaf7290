"""log_sign: a loss that ends below zero (no cross-entropy, NLL of log-probabilities, BCE or MSE can)
is reported, and the level and gap facts, which assume a loss >= 0, are not read from it."""

from __future__ import annotations

import curves
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.engine import diagnose
from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.logs import level, thresholds
from losshelp.probe.logs.series import LossLog, Series

SIGN = [p for p in select() if p.name.startswith("log_")]


def log_of(**columns: np.ndarray) -> LossLog:
    """A log with series by role (train, val, test) against the step."""
    names = {"train": "loss", "val": "val_loss", "test": "test_loss"}
    return LossLog(series={role: Series(np.arange(y.size, dtype=float), y, names[role]) for role, y in columns.items()}, x_name="step")


def sign_finding(log: LossLog):
    report = run_probes(SIGN, ProbeInputs(log=log))
    return next(f for f in report.findings if f.probe == "log_sign"), report.facts


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("curve", [curves.healthy, curves.plateau, curves.slow, curves.flat, curves.rising, curves.oscillating])
def test_a_loss_above_zero_is_not_negative(curve, seed):
    finding, facts = sign_finding(log_of(train=curve(seed=seed), val=curve(seed=seed + 100)))
    assert (finding.value, finding.verdict, facts["loss_negative"]) == ("no", "ok", "no")


@settings(max_examples=60, deadline=None)
@given(start=st.floats(0.1, 5.0), end=st.floats(-50.0, -0.01), noise=st.floats(0.0, 0.2), seed=st.integers(0, 2**32 - 1))
def test_a_loss_that_falls_through_zero_is_negative_and_has_no_level_or_gap(start, end, noise, seed):
    """NLLLoss fed raw logits: the loss slides from a positive start to below zero and keeps falling."""
    rng = np.random.default_rng(seed)
    train = np.linspace(start, end, 120) + noise * abs(end) * rng.normal(size=120) / 10
    val = train + abs(rng.normal(0.0, 0.1))
    finding, facts = sign_finding(log_of(train=train, val=val))
    assert (finding.value, finding.verdict, facts["loss_negative"]) == ("yes", "abnormal", "yes")
    assert "train_loss_level" not in facts and "val_gap_large" not in facts
    assert set(finding.inputs) == {"loss", "val_loss"}


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.floats(-0.99 * thresholds.NEGATIVE_MARGIN, 1e-3), min_size=thresholds.FINAL_POINTS, max_size=40))
def test_rounding_of_a_loss_near_zero_is_not_negative(values):
    """A cross-entropy fitted to ~0 may be logged as -1e-7 after float32 rounding."""
    finding, _ = sign_finding(log_of(train=np.array([2.3, 1.0, 0.1, *values])))
    assert finding.value == "no"


def test_a_placeholder_row_before_the_end_is_not_a_negative_loss():
    """Some loggers write -1 for "not evaluated yet"; the final value (median of the last points) ignores it."""
    val = curves.healthy(seed=3)
    val[[10, 50, 100]] = -1.0
    finding, _ = sign_finding(log_of(train=curves.healthy(), val=val))
    assert finding.value == "no"


def test_only_the_validation_loss_below_zero_is_enough():
    finding, _ = sign_finding(log_of(train=curves.healthy(), val=np.linspace(1.0, -3.0, 200)))
    assert finding.value == "yes" and "val_loss -2.96; val_loss below 0" in finding.reason


def test_the_threshold_is_the_margin_below_zero():
    assert level.negative(-1.01 * thresholds.NEGATIVE_MARGIN) and not level.negative(-0.99 * thresholds.NEGATIVE_MARGIN) and not level.negative(0.0)


def test_a_negative_loss_points_at_the_loss_function():
    ranked = [c.id for c in diagnose({"loss_negative": "yes"}).causes]
    assert ranked[0] == "wrong_loss_function"
    assert "wrong_loss_function" not in [c.id for c in diagnose({"loss_negative": "no"}).causes if c.level == "likely"]


@pytest.mark.torch
@pytest.mark.parametrize("seed", range(3))
def test_nll_loss_on_raw_logits_is_caught_and_on_log_probabilities_is_not(seed):
    """A real run: NLLLoss on a linear model's raw logits falls below zero; on log_softmax it stays above."""
    torch = pytest.importorskip("torch")

    def losses(log_probs: bool) -> np.ndarray:
        torch.manual_seed(seed)
        x, y = torch.randn(128, 8), torch.randint(0, 4, (128,))
        model = torch.nn.Linear(8, 4)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        out = []
        for _ in range(60):
            logits = model(x)
            loss = torch.nn.functional.nll_loss(logits.log_softmax(-1) if log_probs else logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            out.append(loss.item())
        return np.array(out)

    assert sign_finding(log_of(train=losses(log_probs=False)))[0].value == "yes"
    assert sign_finding(log_of(train=losses(log_probs=True)))[0].value == "no"
