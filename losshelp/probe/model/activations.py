"""Forward hooks on the activation layers: dead ReLU units, saturated sigmoid/tanh outputs, scale per layer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model
from losshelp.probe.model.thresholds import SIGMOID_EDGE, TANH_EDGE
from losshelp.probe.model.working import working_copy

# Activation layer types and the `activation` fact's value for each; the hooks' groups derive from it.
ACTIVATION_NAMES = {nn.ReLU: "relu", nn.ReLU6: "relu", nn.LeakyReLU: "leaky_relu", nn.PReLU: "leaky_relu",
                    nn.ELU: "other", nn.SELU: "other", nn.GELU: "gelu", nn.SiLU: "gelu", nn.Mish: "gelu",
                    nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Hardtanh: "tanh", nn.Hardsigmoid: "sigmoid"}
ACTIVATION_KINDS = frozenset(ACTIVATION_NAMES.values())
RELU_TYPES = tuple(t for t, kind in ACTIVATION_NAMES.items() if kind == "relu")
SATURATING = {t: kind for t, kind in ACTIVATION_NAMES.items() if kind in ("sigmoid", "tanh")}
# Layers whose input shows a ReLU applied in `forward` (F.relu) to the layer before them.
WEIGHTED = (nn.Linear, nn.modules.conv._ConvNd)
# Leaf layers these hooks know to be neither activations nor worth measuring; others are named as skipped.
KNOWN_LAYERS = (nn.Linear, nn.Bilinear, nn.Embedding, nn.EmbeddingBag, nn.modules.conv._ConvNd,
                nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm, nn.Dropout, nn.Dropout1d,
                nn.Dropout2d, nn.AlphaDropout, nn.Flatten, nn.Unflatten, nn.Identity, nn.modules.pooling._MaxPoolNd,
                nn.modules.pooling._AvgPoolNd, nn.modules.pooling._AdaptiveAvgPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd,
                nn.RNNBase, nn.MultiheadAttention, nn.Softmax, nn.LogSoftmax, nn.Upsample, nn.ZeroPad2d,
                *((nn.RMSNorm,) if hasattr(nn, "RMSNorm") else ()))


@dataclass(frozen=True)
class LayerActivation:
    """One hooked layer: its kind, output std, and dead or saturated share (None where it does not apply)."""

    name: str
    kind: str
    scale: float
    dead_fraction: float | None = None
    saturated_fraction: float | None = None
    units: int = 0
    after: str | None = None  # the layer that ran just before it (the one whose units a ReLU gates)
    functional: bool = False  # a ReLU applied in `forward` (F.relu) to this layer's output, not a module

    @property
    def dead_count(self) -> int:
        return round((self.dead_fraction or 0.0) * self.units)

    def label(self) -> str:
        """`name (after X)`: the layer as the user finds it in their model."""
        if self.functional:
            return f"{self.name} (ReLU in forward)"
        return f"{self.name} (after {self.after})" if self.after else self.name


@dataclass(frozen=True)
class ActivationReport:
    """Per-layer measurements, the overall (pooled) dead and saturated shares, the commonest activation, skipped layers."""

    layers: tuple[LayerActivation, ...]
    dead_relu_fraction: float | None
    saturated_fraction: float | None
    activation: str | None
    skipped: tuple[str, ...]

    @property
    def deadest(self) -> LayerActivation | None:
        """The ReLU layer with the largest dead share (the first such in forward order): a single fully dead
        layer cuts the network even when the pooled share over all units stays low."""
        relus = [layer for layer in self.layers if layer.dead_fraction is not None]
        return max(relus, key=lambda layer: layer.dead_fraction) if relus else None


def dead_units(outputs: Sequence[Tensor], dim: int = 1) -> Tensor:
    """Per unit (a feature or channel along `dim`), True when it is zero for every sample and position."""
    return always(outputs, dim, lambda t: t <= 0)


def always(outputs: Sequence[Tensor], dim: int, test) -> Tensor:
    """Per unit along `dim`, whether `test` holds for every sample and position of every output (batches
    may differ in every other dimension, e.g. sequence length)."""
    flat = [o.detach().movedim(dim, 0).reshape(o.shape[dim], -1) for o in outputs]
    return test(torch.cat(flat, dim=1)).all(dim=1)


def unit_dim(producer: nn.Module | None) -> int:
    """Where a layer's units lie in its output: last for a linear layer (also on (B, T, F) sequences), else
    dim 1 (conv channels, or a plain (B, F) output)."""
    return -1 if isinstance(producer, nn.Linear) else 1


def saturated_share(output: Tensor, kind: str) -> float:
    """Share of outputs in the flat range of a sigmoid (near 0 or 1) or a tanh (near -1 or 1)."""
    out = output.detach().float()
    flat = (out < SIGMOID_EDGE) | (out > 1 - SIGMOID_EDGE) if kind == "sigmoid" else out.abs() > TANH_EDGE
    return float(flat.float().mean())


def activation_stats(model: nn.Module, batches: Sequence[Batch], objective: Objective, device="cpu") -> ActivationReport:
    """Forward passes in eval mode with hooks on every leaf layer (a unit is dead when it is zero on every
    input of every batch); unknown layer types are named, not measured."""
    clone = working_copy(model, device, train=False)
    outputs: dict[str, list[Tensor]] = {}
    inputs: dict[str, list[Tensor]] = {}
    kinds: dict[str, nn.Module] = {}
    skipped: list[str] = []
    order: list[str] = []

    def hook(name: str):
        def record(_m, _args, output):
            if name not in order:
                order.append(name)
            if isinstance(output, Tensor) and output.is_floating_point() and output.numel() > 0:
                outputs.setdefault(name, []).append(output.detach())
        return record

    def take_input(name: str):
        def record(_m, args):
            if args and isinstance(args[0], Tensor) and args[0].is_floating_point():
                inputs.setdefault(name, []).append(args[0].detach())
        return record

    handles = []
    for name, module in clone.named_modules():
        if list(module.children()):
            continue
        if isinstance(module, KNOWN_LAYERS) or type(module) in ACTIVATION_NAMES:
            kinds[name] = module
            handles.append(module.register_forward_hook(hook(name)))
            if isinstance(module, WEIGHTED):
                handles.append(module.register_forward_pre_hook(take_input(name)))
        else:
            skipped.append(f"{name} ({type(module).__name__})")
    try:
        with torch.no_grad():
            for batch in batches:
                call_model(clone, batch_to(batch, device), objective)
    finally:
        for handle in handles:
            handle.remove()
    before = {name: order[i - 1] if i else None for i, name in enumerate(order)}
    records = [_measure(name, kinds[name], outputs[name], before[name], unit_dim(kinds.get(before[name] or ""))) for name in order if name in outputs]
    records += _functional_relus(order, kinds, outputs, inputs)
    relus = [(r, r.units) for r in records if r.dead_fraction is not None]
    sats = [(r, sum(o.numel() for o in outputs[r.name])) for r in records if r.saturated_fraction is not None]
    dead = sum(r.dead_fraction * n for r, n in relus) / sum(n for _, n in relus) if relus else None
    sat = sum(r.saturated_fraction * n for r, n in sats) / sum(n for _, n in sats) if sats else None
    common = Counter(r.kind for r in records if r.kind in ACTIVATION_KINDS)
    return ActivationReport(tuple(records), dead, sat, common.most_common(1)[0][0] if common else None, tuple(skipped))


def _measure(name: str, module: nn.Module, seen: list[Tensor], after: str | None = None, dim: int = 1) -> LayerActivation:
    """One layer's outputs over all batches (in forward order): scale, dead share (ReLU), saturated share (sigmoid/tanh)."""
    flat = torch.cat([o.float().reshape(-1) for o in seen])
    scale = float(flat.std()) if flat.numel() > 1 else 0.0
    dead = sat = None
    units = 0
    if isinstance(module, RELU_TYPES) and seen[0].dim() > 1 and all(o.dim() > 1 and o.shape[dim] == seen[0].shape[dim] for o in seen):
        per_unit = dead_units(seen, dim)
        dead, units = float(per_unit.float().mean()), per_unit.numel()
    if type(module) in SATURATING:
        sat = sum(saturated_share(o, SATURATING[type(module)]) * o.numel() for o in seen) / sum(o.numel() for o in seen)
    return LayerActivation(name, ACTIVATION_NAMES.get(type(module), type(module).__name__), scale, dead, sat, units, after)


def _functional_relus(order: list[str], kinds: dict[str, nn.Module], outputs: dict[str, list[Tensor]],
                      inputs: dict[str, list[Tensor]]) -> list[LayerActivation]:
    """Dead units behind a ReLU applied in `forward` (F.relu, torch.relu), which no module hook sees: a
    linear or conv layer whose input is exactly the ReLU of the previous layer's output (which has negative
    values, so the ReLU did something). A unit is dead when that output is negative for every input."""
    found = []
    for prev, name in zip(order, order[1:], strict=False):
        xs, ys = inputs.get(name), outputs.get(prev)
        if not xs or not ys or len(xs) != len(ys) or type(kinds[prev]) in ACTIVATION_NAMES or ys[0].dim() < 2:
            continue
        dim = unit_dim(kinds[prev])
        if any(y.shape[dim] != ys[0].shape[dim] or x.shape != y.shape or not torch.equal(x, y.clamp_min(0)) for x, y in zip(xs, ys, strict=True)):
            continue
        if not any(bool((y < 0).any()) for y in ys):
            continue
        dead = always(ys, dim, lambda t: t < 0)
        scale = float(torch.cat([x.float().reshape(-1) for x in xs]).std())
        found.append(LayerActivation(prev, "relu", scale, float(dead.float().mean()), None, dead.numel(), None, True))
    return found
