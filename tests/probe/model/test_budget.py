"""The expensive probes keep to a time budget: they stop early on a ~1M-parameter language model, say so,
and what they found is still a usable estimate. Budgets run on a fake clock: no wall-clock assertions."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from test_hessian import Quadratic, known_matrix
from tinynets import TinyLM, blobs, mlp, token_batches

from losshelp.probe.base import ProbeInputs
from losshelp.probe.model import experiment_probes, hessian, lr_range, thresholds
from losshelp.probe.model.budget import Budget
from losshelp.probe.model.objective import Objective, make_objective, split_batch
from losshelp.probe.model.spectrum import MIN_STEPS
from losshelp.probe.model.thresholds import LANCZOS_MAX_STEPS, LR_MIN_STEPS
from losshelp.probe.model.working import OptimizerSpec

pytestmark = pytest.mark.torch


def ticking(per_call: float = 1.0):
    """A clock that advances `per_call` seconds each time it is read."""
    ticks = itertools.count(0.0, per_call)
    return lambda: next(ticks)


def test_the_hessian_of_a_language_model_stops_within_its_budget():
    model, batches = TinyLM(), token_batches(1, batch=2, length=8)
    assert 0.9e6 < sum(p.numel() for p in model.parameters()) < 1e6
    objective = make_objective("cross_entropy", model, batches[0])
    report = hessian.curvature(model, batches[0], objective, budget=Budget(2, clock=ticking()))
    assert report.stopped_early and MIN_STEPS <= report.lanczos_steps < LANCZOS_MAX_STEPS
    assert report.slq_samples == 1 and report.hvps == report.lanczos_steps
    assert math.isfinite(report.smallest) and report.largest > 0 and report.kind is not None


def test_the_hessian_probe_says_it_stopped_early(monkeypatch):
    monkeypatch.setattr(thresholds, "HESSIAN_SECONDS", 0.0)  # spent at once: the fewest products
    small = TinyLM(vocab=100, embed=8, hidden=16)
    findings = experiment_probes.hessian(ProbeInputs(model=small, data=token_batches(2, vocab=100), loss="cross_entropy"))
    assert all(f.inputs["stopped early"] == "yes" and f.inputs["iterations"] == f"{MIN_STEPS} Lanczos steps, 1 SLQ samples" for f in findings)
    assert all(f.inputs["batches"] == "1 for the Hessian, 1 of 2 for the gradient" for f in findings)
    assert any("stopped early by the" in f.reason for f in findings)
    assert "minimum_ratio" not in {f.fact for f in findings}  # one SLQ sample is too noisy to state


@pytest.mark.parametrize("ticks", [3, 6, 12])
def test_a_stopped_lanczos_run_bounds_the_extremes_from_inside(ticks):
    eigenvalues = torch.cat([torch.linspace(-3, -1, 10), torch.linspace(0.5, 8, 50)]).double()
    model = Quadratic(known_matrix(eigenvalues), torch.zeros(60, dtype=torch.float64))
    report = hessian.curvature(model, split_batch(torch.zeros(1)), Objective("own", None), budget=Budget(ticks, clock=ticking()))
    assert report.stopped_early and report.lanczos_steps == MIN_STEPS - 1 + ticks
    assert -3 - 1e-6 <= report.smallest < -1 and 0.75 * 8 < report.largest <= 8 + 1e-6
    assert report.kind == "saddle_point"


def test_a_generous_budget_changes_nothing():
    eigenvalues = torch.cat([torch.linspace(-3, -1, 10), torch.linspace(0.5, 8, 30)]).double()
    model = Quadratic(known_matrix(eigenvalues), torch.zeros(40, dtype=torch.float64))
    report = hessian.curvature(model, split_batch(torch.zeros(1)), Objective("own", None), budget=None)
    assert not report.stopped_early and report.slq_samples == 1 and report.smallest == pytest.approx(-3, rel=1e-3)


@given(step=st.floats(1e-3, 10), left=st.floats(0, 100), wanted=st.integers(1, 200), floor=st.integers(1, 50))
def test_affords_stays_between_the_floor_and_what_is_wanted(step, left, wanted, floor):
    budget = Budget(left, clock=lambda: 0.0)
    steps = budget.affords(step, wanted, floor)
    assert floor <= steps <= max(wanted, floor)
    assert steps == floor or steps * step <= left  # above the floor, only what fits in the time left


def test_a_slow_lr_sweep_takes_fewer_steps_over_the_same_span():
    batches = blobs()
    model = mlp([8, 32, 4])
    objective = make_objective("cross_entropy", model, batches[0])
    full = lr_range.lr_range_test(model, batches, objective, OptimizerSpec("sgd", 1e-1), steps=40, budget=Budget(math.inf))
    coarse = lr_range.lr_range_test(model, batches, objective, OptimizerSpec("sgd", 1e-1), steps=40, budget=Budget(2.0, clock=ticking(0.05)))
    assert full.planned == 40 and LR_MIN_STEPS <= coarse.planned < 40 and not coarse.stopped_early
    assert coarse.lrs[-1] > 1e-2 and coarse.verdict == full.verdict
    assert full.min_loss_lr / 10 < coarse.min_loss_lr < full.min_loss_lr * 10


def test_an_lr_sweep_out_of_time_stops_and_says_so():
    batches = blobs()
    model = mlp([8, 32, 4])
    objective = make_objective("cross_entropy", model, batches[0])
    result = lr_range.lr_range_test(model, batches, objective, OptimizerSpec("sgd", 1e-1), budget=Budget(10, clock=ticking()))
    assert result.stopped_early and len(result.lrs) < result.planned == LR_MIN_STEPS


def test_overfit_one_batch_stops_within_its_budget_and_leaves_an_unfallen_loss_unjudged():
    from losshelp.probe.model import fitting

    model, batches = TinyLM(), token_batches(1, batch=2, length=8)
    objective = make_objective("cross_entropy", model, batches[0])
    result = fitting.overfit_one_batch(model, batches[0], objective, budget=Budget(5, clock=ticking()))
    assert result.stopped_early and 1 <= result.steps < thresholds.OVERFIT_STEPS
    unlimited = fitting.overfit_one_batch(model, batches[0], objective, steps=3)
    assert not unlimited.stopped_early and unlimited.steps == 3


@pytest.mark.parametrize("seconds", [0.5, 3.0])
def test_the_overfit_probe_states_no_fact_when_stopped_before_the_loss_fell(monkeypatch, seconds):
    """A budget spent after a few steps, before the loss could fall: said in the finding, no `fails` for the engine."""
    from losshelp.probe.model import fitting

    real = fitting.overfit_one_batch
    clock = ticking(seconds)
    monkeypatch.setattr(fitting, "overfit_one_batch", lambda *a, **k: real(*a, **{**k, "budget": Budget(thresholds.OVERFIT_SECONDS, clock=clock)}))
    [finding] = experiment_probes.overfit_one_batch(ProbeInputs(model=mlp([8, 16, 4]), data=blobs(64), loss="cross_entropy"))
    assert finding.fact is None and finding.verdict == "info"
    assert "budget ran out" in finding.reason and finding.inputs["steps"].endswith("budget ran out)")
