"""Forward hooks on the activation layers: dead ReLU units, saturated sigmoid/tanh outputs, scale per layer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model
from losshelp.probe.model.working import working_copy
from losshelp.probe.model.thresholds import DEAD_RELU_FRACTION, SIGMOID_EDGE, TANH_EDGE, SATURATED_FRACTION


RELU_TYPES = (nn.ReLU, nn.ReLU6)
SATURATING = {nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Hardtanh: "tanh", nn.Hardsigmoid: "sigmoid"}
ACTIVATION_NAMES = {nn.ReLU: "relu", nn.ReLU6: "relu", nn.LeakyReLU: "leaky_relu", nn.PReLU: "leaky_relu",
                    nn.ELU: "other", nn.SELU: "other", nn.GELU: "gelu", nn.SiLU: "gelu", nn.Mish: "gelu",
                    nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Hardtanh: "tanh", nn.Hardsigmoid: "sigmoid"}
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


@dataclass(frozen=True)
class ActivationReport:
    """Per-layer measurements, the overall dead and saturated shares, the commonest activation, skipped layers."""

    layers: tuple[LayerActivation, ...]
    dead_relu_fraction: float | None
    saturated_fraction: float | None
    activation: str | None
    skipped: tuple[str, ...]


def dead_units(output: Tensor) -> Tensor:
    """Per unit (feature or channel, dim 1), True when it is zero for every sample and position."""
    flat = output.detach().transpose(0, 1).reshape(output.shape[1], -1) if output.dim() > 1 else output.reshape(1, -1)
    return (flat <= 0).all(dim=1)


def saturated_share(output: Tensor, kind: str) -> float:
    """Share of outputs in the flat range of a sigmoid (near 0 or 1) or a tanh (near -1 or 1)."""
    out = output.detach().float()
    flat = (out < SIGMOID_EDGE) | (out > 1 - SIGMOID_EDGE) if kind == "sigmoid" else out.abs() > TANH_EDGE
    return float(flat.float().mean())


def activation_stats(model: nn.Module, batch: Batch, objective: Objective, device="cpu") -> ActivationReport:
    """One forward pass in train mode with hooks on every leaf layer; unknown layer types are named, not measured."""
    clone = working_copy(model, device)
    records: list[LayerActivation] = []
    dead_counts: list[tuple[int, int]] = []
    saturated: list[tuple[float, int]] = []
    skipped: list[str] = []

    def hook(name: str, module: nn.Module):
        def record(_m, _args, output):
            if not isinstance(output, Tensor) or not output.is_floating_point() or output.numel() == 0:
                return
            scale = float(output.detach().float().std()) if output.numel() > 1 else 0.0
            kind = ACTIVATION_NAMES.get(type(module), type(module).__name__)
            dead = sat = None
            if isinstance(module, RELU_TYPES) and output.dim() > 1:
                mask = dead_units(output)
                dead = float(mask.float().mean())
                dead_counts.append((int(mask.sum()), mask.numel()))
            if type(module) in SATURATING:
                sat = saturated_share(output, SATURATING[type(module)])
                saturated.append((sat, output.numel()))
            records.append(LayerActivation(name, kind, scale, dead, sat))
        return record

    handles = []
    for name, module in clone.named_modules():
        if list(module.children()):
            continue
        if isinstance(module, KNOWN_LAYERS) or type(module) in ACTIVATION_NAMES:
            handles.append(module.register_forward_hook(hook(name, module)))
        else:
            skipped.append(f"{name} ({type(module).__name__})")
    try:
        with torch.no_grad():
            call_model(clone, batch_to(batch, device), objective)
    finally:
        for handle in handles:
            handle.remove()
    dead = sum(d for d, _ in dead_counts) / sum(n for _, n in dead_counts) if dead_counts else None
    sat = sum(s * n for s, n in saturated) / sum(n for _, n in saturated) if saturated else None
    kinds = Counter(r.kind for r in records if r.kind in set(ACTIVATION_NAMES.values()))
    return ActivationReport(tuple(records), dead, sat, kinds.most_common(1)[0][0] if kinds else None, tuple(skipped))
