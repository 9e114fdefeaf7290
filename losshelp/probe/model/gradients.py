"""Gradient norms per layer, the first/last ratio, the update/weight ratio, and whether steps raise the loss."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, forward
from losshelp.probe.model.thresholds import EXPLODING_NORM, EXPLODING_RATIO, RISE_MAX_LR, RISE_STEPS, RISE_TOLERANCE, VANISHING_RATIO
from losshelp.probe.model.working import OptimizerSpec, forward_order, trainable, weight_matrices, weighted_layers, working_copy


@dataclass(frozen=True)
class LayerGradient:
    """One layer's weight gradient norm, weight norm, and the update/weight ratio of one optimizer step."""

    name: str
    grad_norm: float
    weight_norm: float
    update_ratio: float | None = None


@dataclass(frozen=True)
class GradientReport:
    """Layers in forward order, first/last gradient ratio, total norm, loss, and the flow verdict.

    `cut` names the layers whose weight gradient is exactly zero while they are in the graph: a layer whose
    units are all dead (or zero) passes back nothing, so every layer before it gets an exact 0 - a cut, not
    the smooth shrinking with depth that vanishing gradients are. The ratio is then taken over the `compared`
    layers after the last cut one, and `flow` is "cut" when fewer than two are left."""

    layers: tuple[LayerGradient, ...]
    first_last_ratio: float
    total_norm: float
    loss: float
    flow: str  # healthy | vanishing | exploding | cut
    cut: tuple[str, ...] = ()
    compared: int = 0


@dataclass(frozen=True)
class StepTrend:
    """The loss on a fixed batch before and after a few optimizer steps (and a reference loss's, if any)."""

    before: float
    after: float
    rises: bool
    reference_before: float | None = None
    reference_after: float | None = None


def classify_flow(ratio: float, total_norm: float) -> str:
    """healthy / vanishing / exploding from the first/last ratio and the total norm."""
    if not math.isfinite(total_norm) or total_norm > EXPLODING_NORM or ratio > EXPLODING_RATIO:
        return "exploding"
    if ratio < VANISHING_RATIO:
        return "vanishing"
    return "healthy"


def gradient_norms(model: nn.Module, batch: Batch, objective: Objective, device="cpu", optimizer: OptimizerSpec | None = None) -> GradientReport:
    """Backward once on a copy; with `optimizer`, also take one step and measure |update| / |weight| per layer."""
    clone = working_copy(model, device)
    batch = batch_to(batch, device)
    modules = weighted_layers(clone, forward_order(clone, batch, objective, device))
    loss, _ = forward(clone, batch, objective)
    loss.backward()
    # One entry per weight matrix: a linear or conv layer by its name, an RNN's input and recurrent matrices
    # each (`lstm.weight_hh_l0`). Matrices outside the graph (detached, frozen) get no gradient at all: that
    # is grad_flow's finding, not a vanishing one.
    layers = [(name if own == "weight" else f"{name}.{own}", w) for name, m in modules for own, w in weight_matrices(m) if w.grad is not None]
    if not layers:
        raise ValueError("no layer with a weight matrix or kernel gets a gradient")
    weights = [w for _, w in layers]
    grads = [float(w.grad.norm()) for w in weights]
    norms = [float(w.detach().norm()) for w in weights]
    total = math.sqrt(sum(float(p.grad.norm()) ** 2 for p in clone.parameters() if p.grad is not None))
    updates: list[float | None] = [None] * len(layers)
    if optimizer is not None:
        before = [w.detach().clone() for w in weights]
        optimizer.build(trainable(clone)).step()
        updates = [float((w.detach() - b).norm()) / max(n, 1e-12) for w, b, n in zip(weights, before, norms, strict=True)]
    report = tuple(LayerGradient(name, g, n, u) for (name, _), g, n, u in zip(layers, grads, norms, updates, strict=True))
    zero = [i for i, g in enumerate(grads) if g == 0.0]
    cut = tuple(layers[i][0] for i in zero)
    live = grads[zero[-1] + 1:] if zero else grads
    if cut and len(live) < 2:
        flow = "exploding" if classify_flow(1.0, total) == "exploding" else "cut"
        return GradientReport(report, 0.0, total, loss.item(), flow, cut, len(live))
    ratio = live[0] / live[-1] if live[-1] > 0 else (math.inf if live[0] > 0 else 0.0)
    return GradientReport(report, ratio, total, loss.item(), classify_flow(ratio, total), cut, len(live))


def median_update_ratio(report: GradientReport) -> float | None:
    """The typical update/weight ratio over the layers (median), None when no step was taken."""
    ratios = sorted(layer.update_ratio for layer in report.layers if layer.update_ratio is not None)
    return ratios[len(ratios) // 2] if ratios else None


def loss_trend_on_steps(
    model: nn.Module,
    batch: Batch,
    objective: Objective,
    optimizer: OptimizerSpec,
    device="cpu",
    reference: Objective | None = None,
    steps: int = RISE_STEPS,
) -> StepTrend:
    """Take a few small steps of the user's optimizer on one batch: does the loss (or the reference loss) go up?

    The lr is capped at RISE_MAX_LR so that a too-high lr does not pass for a flipped sign; `reference` is the
    loss the targets call for, to catch a custom loss that maximises what it should minimise.
    """
    clone = working_copy(model, device, train=False)
    batch = batch_to(batch, device)
    step_spec = OptimizerSpec(optimizer.kind, min(optimizer.lr, RISE_MAX_LR), optimizer.momentum, 0.0, optimizer.maximize)
    opt = step_spec.build(trainable(clone))

    def measure() -> tuple[float, float | None]:
        with torch.no_grad():
            own = float(forward(clone, batch, objective)[0])
            ref = float(forward(clone, batch, reference)[0]) if reference is not None else None
        return own, ref

    before, ref_before = measure()
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        forward(clone, batch, objective)[0].backward()
        opt.step()
    after, ref_after = measure()
    rises = _rose(before, after) or (ref_before is not None and _rose(ref_before, ref_after))
    return StepTrend(before, after, rises, ref_before, ref_after)


def _rose(before: float, after: float | None) -> bool:
    return after is not None and (not math.isfinite(after) or after > before + RISE_TOLERANCE * max(abs(before), 1e-8))
