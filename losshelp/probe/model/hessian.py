"""The loss's curvature at the model's current weights (source 004): extreme Hessian eigenvalues, the
minimum ratio, the critical-point type, and whether a step along a negative-curvature direction escapes."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.budget import Budget
from losshelp.probe.model.objective import Batch, Objective, batch_to, forward
from losshelp.probe.model.spectrum import lanczos, random_unit, slq_positive_share
from losshelp.probe.model.thresholds import (
    CRITICAL_DECREASE,
    ESCAPE_HALVINGS,
    FLAT_SHARE,
    GRADIENT_SHARE,
    LANCZOS_MAX_STEPS,
    LANCZOS_TOL,
    MINIMUM_SHARE,
    NEGATIVE_CURVATURE,
    SLQ_STEPS,
    SLQ_VECTORS,
)
from losshelp.probe.model.working import trainable, working_copy


@dataclass(frozen=True)
class Escape:
    """A step of length `step` along the negative-curvature eigenvector: the loss before and after."""

    step: float
    loss_before: float
    loss_after: float

    @property
    def lowers_loss(self) -> bool:
        return self.loss_after < self.loss_before


@dataclass(frozen=True)
class CurvatureReport:
    """Source 004's measurements at the current weights, with the Hessian-vector products spent."""

    loss: float
    grad_norm: float
    smallest: float
    largest: float
    minimum_ratio: float | None
    flat_share: float
    critical: bool
    kind: str | None  # local_minimum | saddle_point | not_critical; None for a flat, degenerate critical point
    escape: Escape | None
    hvps: int
    lanczos_steps: int = 0
    slq_samples: int = 0
    stopped_early: bool = False  # the time budget ended Lanczos before convergence, or left SLQ samples or batches out
    gradient_batches: int = 1  # batches the mean gradient was taken over


class HessianOperator:
    """Hessian-vector products of one batch's loss (plus the L2 term `weight_decay`/2 |w|^2 the optimizer
    adds, so the critical point judged is the one training is drawn to) by double backward."""

    def __init__(self, model: nn.Module, batch: Batch, objective: Objective, weight_decay: float = 0.0) -> None:
        self.model, self.batch, self.objective, self.weight_decay = model, batch, objective, weight_decay
        self.params = trainable(model)
        loss, _ = forward(model, batch, objective)
        loss = loss + self._penalty()
        grads = torch.autograd.grad(loss, self.params, create_graph=True, allow_unused=True)
        self.loss = loss.item()
        self.grads = [g if g is not None else torch.zeros_like(p) for g, p in zip(grads, self.params, strict=True)]
        self.gradient = torch.cat([g.detach().reshape(-1) for g in self.grads])  # includes the L2 term
        self.size = self.gradient.numel()
        self.calls = 0

    def __call__(self, v: Tensor) -> Tensor:
        self.calls += 1
        pieces = torch.split(v, [p.numel() for p in self.params])
        dot = sum((g * piece.reshape(g.shape)).sum() for g, piece in zip(self.grads, pieces, strict=True) if g.requires_grad)
        if not isinstance(dot, Tensor) or not dot.requires_grad:
            return torch.zeros_like(v)
        hv = torch.autograd.grad(dot, self.params, retain_graph=True, allow_unused=True)
        return torch.cat([(h if h is not None else torch.zeros_like(p)).reshape(-1) for h, p in zip(hv, self.params, strict=True)]).detach()

    def _penalty(self) -> Tensor | float:
        return 0.5 * self.weight_decay * sum((p * p).sum() for p in self.params) if self.weight_decay else 0.0

    def loss_at(self, direction: Tensor, step: float) -> float:
        """The loss with the weights moved by `step * direction` (the weights are restored afterwards)."""
        pieces = torch.split(direction, [p.numel() for p in self.params])
        with torch.no_grad():
            for p, d in zip(self.params, pieces, strict=True):
                p.add_(d.reshape(p.shape), alpha=step)
            value = float(forward(self.model, self.batch, self.objective)[0] + self._penalty())
            for p, d in zip(self.params, pieces, strict=True):
                p.sub_(d.reshape(p.shape), alpha=step)
        return value


def classify(loss: float, grad_norm: float, smallest: float, largest: float, positive_share: float | None, flat_share: float) -> tuple[bool, str | None]:
    """Source 004's test: a small gradient makes a critical point; strong curvature of both signs makes a
    saddle; all (non-flat) curvature positive a local minimum; a mostly flat spectrum is neither (None)."""
    scale = max(abs(largest), abs(smallest), 1e-12)
    critical = grad_norm**2 / (2 * scale) <= CRITICAL_DECREASE * max(abs(loss), 1e-12)
    if not critical:
        return False, "not_critical"
    if smallest < -NEGATIVE_CURVATURE * scale:
        return True, "saddle_point"
    if positive_share is not None and positive_share >= MINIMUM_SHARE and flat_share <= FLAT_SHARE:
        return True, "local_minimum"
    return True, None


def escape_step(loss_at, direction: Tensor, before: float, halvings: int = ESCAPE_HALVINGS) -> Escape:
    """Backtrack from a unit step along +-direction until the loss falls; the best try if it never does."""
    best = Escape(0.0, before, before)
    for k in range(halvings):
        step = 2.0**-k
        for signed in (step, -step):
            after = loss_at(direction, signed)
            if after < best.loss_after:
                best = Escape(signed, before, after)
        if best.lowers_loss:
            return best
    return best


def mean_gradient_norm(model: nn.Module, batches: Sequence[Batch], objective: Objective, device, weight_decay: float = 0.0,
                       stop: Callable[[], bool] | None = None) -> tuple[float, int]:
    """Norm of the gradient of the mean loss over the batches (one batch's gradient carries sampling noise
    that does not vanish at a critical point of the training loss), and the batches it used: with `stop`,
    the mean is taken over the batches done when it says so (at least one)."""
    params = trainable(model)
    total = [torch.zeros_like(p) for p in params]
    used = 0
    for batch in batches:
        loss, _ = forward(model, batch_to(batch, device), objective)
        grads = torch.autograd.grad(loss, params, allow_unused=True)
        for acc, g in zip(total, grads, strict=True):
            if g is not None:
                acc.add_(g)
        used += 1
        if stop is not None and stop():
            break
    return float(torch.sqrt(sum(((t / used + weight_decay * p.detach()) ** 2).sum() for t, p in zip(total, params, strict=True)))), used


def curvature(model: nn.Module, batch: Batch, objective: Objective, device="cpu", seed: int = 0,
              gradient_batches: Sequence[Batch] = (), weight_decay: float = 0.0, budget: Budget | None = None) -> CurvatureReport:
    """Measure the Hessian of one batch's loss at a copy's weights (eval mode, so dropout does not add noise);
    the gradient that decides "critical" is averaged over `gradient_batches` (default: that batch). Lanczos
    and SLQ stop when `budget` is spent (none by default: the probe passes HESSIAN_SECONDS), and the report says so."""
    budget = budget or Budget(math.inf)
    clone = working_copy(model, device, train=False)
    # The gradient that decides "critical" comes first, within a share of the budget: Lanczos, which
    # uses whatever is left, must not crowd it out (it costs a backward pass per batch, a product ~3).
    if len(gradient_batches) > 1:
        share = budget.seconds * GRADIENT_SHARE
        grad_norm, used = mean_gradient_norm(clone, gradient_batches, objective, device, weight_decay, stop=lambda: budget.spent() >= share)
    op = HessianOperator(clone, batch_to(batch, device), objective, weight_decay)
    if len(gradient_batches) <= 1:
        grad_norm, used = float(op.gradient.norm()), 1
    dtype = op.gradient.dtype
    start = random_unit(op.size, op.gradient.device, dtype, torch.Generator().manual_seed(seed))
    # A model this small gets its whole spectrum (exact minimum ratio); a larger one stops at convergence.
    run = lanczos(op, start, LANCZOS_MAX_STEPS, None if op.size <= LANCZOS_MAX_STEPS else LANCZOS_TOL, stop=budget.exhausted)
    smallest, largest = float(run.ritz_values[0]), float(run.ritz_values[-1])
    shares = slq_positive_share(op, op.size, op.gradient.device, dtype, SLQ_VECTORS, SLQ_STEPS, seed=seed, first=run, stop=budget.exhausted)
    critical, kind = classify(op.loss, grad_norm, smallest, largest, shares.positive, shares.flat)
    escape = None
    if smallest < -NEGATIVE_CURVATURE * max(abs(largest), abs(smallest), 1e-12) and math.isfinite(op.loss):
        escape = escape_step(op.loss_at, run.ritz_vector(0), op.loss)
    stopped = run.stopped or shares.stopped or used < max(len(gradient_batches), 1)
    return CurvatureReport(op.loss, grad_norm, smallest, largest, shares.positive, shares.flat, critical, kind, escape, op.calls,
                           run.matvecs, shares.samples, stopped, used)
