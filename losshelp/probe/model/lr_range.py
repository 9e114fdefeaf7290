"""LR range test (Smith 2017; torch-lr-finder's shape): an exponential lr sweep on a copy, smoothed loss,
the suggestion at the steepest descent, compared with the user's lr."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from torch import nn

from losshelp.probe.model.budget import Budget
from losshelp.probe.model.objective import Batch, Objective, batch_to, forward
from losshelp.probe.model.thresholds import DIVERGE_FACTOR, LR_END, LR_MIN_STEPS, LR_START, LR_STEPS, MIN_DESCENT, SMOOTHING, TOO_HIGH_FACTOR, TOO_LOW_FACTOR
from losshelp.probe.model.working import OptimizerSpec, trainable, working_copy


@dataclass(frozen=True)
class RangeTest:
    """The sweep (lrs, smoothed losses), the steepest-descent lr, the lr at the lowest loss, and the verdict."""

    lrs: tuple[float, ...]
    losses: tuple[float, ...]
    suggested_lr: float | None
    min_loss_lr: float | None
    verdict: str | None  # too_high | too_low | ok | None when the sweep shows no descent
    planned: int = LR_STEPS  # steps the budget allowed over the span
    stopped_early: bool = False  # the budget ran out before the sweep diverged or ended


@dataclass(frozen=True)
class Sweep:
    """The lrs tried and the smoothed losses, the steps planned, and whether the budget cut the sweep short."""

    lrs: list[float]
    losses: list[float]
    planned: int
    stopped_early: bool


def sweep(model: nn.Module, batches: Sequence[Batch], objective: Objective, optimizer: OptimizerSpec, device="cpu",
          start: float = LR_START, end: float = LR_END, steps: int = LR_STEPS, budget: Budget | None = None) -> Sweep:
    """Train a copy with the lr growing exponentially each step; smoothed losses until they diverge. The
    first step is timed, and the sweep spans start..end in as many steps as the budget affords (at least
    LR_MIN_STEPS), so a large model gets a coarser sweep rather than half of one. No budget by default
    (the probe passes LR_RANGE_SECONDS)."""
    budget = budget or Budget(math.inf)
    clone = working_copy(model, device)
    batches = [batch_to(b, device) for b in batches]
    opt = optimizer.build(trainable(clone), lr=start)
    planned, gamma = steps, (end / start) ** (1 / max(steps - 1, 1))
    lrs, losses, smooth, best = [], [], None, math.inf
    stopped, began = False, budget.spent()
    for i, batch in enumerate(itertools.islice(itertools.cycle(batches), steps)):
        if i >= planned:
            break
        if i == 1:
            planned = budget.affords(budget.spent() - began, steps, min(LR_MIN_STEPS, steps))
            gamma = (end / start) ** (1 / max(planned - 1, 1))
        elif i > 1 and budget.exhausted():
            stopped = True
            break
        lr = start * gamma**i
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad(set_to_none=True)
        loss, _ = forward(clone, batch, objective)
        value = loss.item()
        if not math.isfinite(value):
            break
        smooth = value if smooth is None else SMOOTHING * value + (1 - SMOOTHING) * smooth
        lrs.append(lr)
        losses.append(smooth)
        best = min(best, smooth)
        if smooth > DIVERGE_FACTOR * best:
            break
        loss.backward()
        opt.step()
    return Sweep(lrs, losses, planned, stopped)


def steepest(lrs: Sequence[float], losses: Sequence[float]) -> float | None:
    """The lr where the smoothed loss falls fastest per decade of lr, before its minimum (None if it never falls)."""
    if len(losses) < 3:
        return None
    end = min(range(len(losses)), key=losses.__getitem__) + 1
    slopes = [(losses[i + 1] - losses[i - 1]) / (math.log(lrs[i + 1]) - math.log(lrs[i - 1])) for i in range(1, min(end, len(losses) - 1))]
    if not slopes:
        return None
    i = min(range(len(slopes)), key=slopes.__getitem__)
    return lrs[i + 1] if slopes[i] < 0 else None


def compare_lr(user_lr: float, min_loss_lr: float | None) -> str | None:
    """Against the lr where the smoothed loss bottoms out (Smith: a good maximum lr is a tenth of it):
    too_high within a factor TOO_HIGH_FACTOR of it, too_low TOO_LOW_FACTOR below it, else ok."""
    if min_loss_lr is None:
        return None
    if user_lr > min_loss_lr / TOO_HIGH_FACTOR:
        return "too_high"
    if user_lr < min_loss_lr / TOO_LOW_FACTOR:
        return "too_low"
    return "ok"


def lr_range_test(model: nn.Module, batches: Sequence[Batch], objective: Objective, optimizer: OptimizerSpec,
                  device="cpu", steps: int = LR_STEPS, budget: Budget | None = None) -> RangeTest:
    """Sweep, suggest, and compare the suggestion with `optimizer.lr` (the user's lr)."""
    run = sweep(model, batches, objective, optimizer, device, steps=steps, budget=budget)
    lrs, losses = run.lrs, run.losses
    suggested = steepest(lrs, losses)
    lowest = min(range(len(losses)), key=losses.__getitem__) if losses else None
    # No verdict without a real descent: a sweep whose loss never falls by MIN_DESCENT says nothing about the lr.
    fell = lowest is not None and losses[lowest] < (1 - MIN_DESCENT) * losses[0]
    min_lr = lrs[lowest] if fell else None
    return RangeTest(tuple(lrs), tuple(losses), suggested, min_lr, compare_lr(optimizer.lr, min_lr), run.planned, run.stopped_early)
