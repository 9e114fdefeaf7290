"""Measurements of weight tensors without data: non-finite values, scale against fan-in, identical
units, ReLU units silenced by their bias. Tensors in, numbers out; tensor methods only."""

from __future__ import annotations

import math
from typing import Any

from losshelp.probe.checkpoint.layers import Layer
from losshelp.probe.checkpoint.thresholds import DEAD_BIAS_SIGMAS, SYMMETRY_TOLERANCE

MAX_ROWS = 4096  # identical-row search on at most this many rows of a layer (vocabulary-sized heads)


def can_be_nonfinite(t: Any) -> bool:
    """Floating and complex tensors can hold NaN/inf; integer and boolean ones cannot."""
    return bool(t.is_floating_point() or t.is_complex())


def nonfinite_count(t: Any) -> int:
    """NaN and inf entries of a tensor (a complex entry counts when either part is); 0 for integer tensors."""
    return int((~t.isfinite()).sum()) if can_be_nonfinite(t) else 0


def scale_ratio(w: Any) -> float:
    """std(W) * sqrt(fan_in): 1 at LeCun init, 0.58 at PyTorch's default, 1.41 at Kaiming (ReLU)."""
    fan_in = w[0].numel()
    return float(w.double().std(unbiased=False)) * math.sqrt(fan_in) if w.numel() > 1 else 0.0


def rms_ratio(w: Any) -> float:
    """RMS(W) * sqrt(fan_in): like `scale_ratio` but counts a constant offset as scale too."""
    return float(w.double().pow(2).mean().sqrt()) * math.sqrt(w[0].numel())


def twin_fraction(w: Any) -> float:
    """Share of a layer's units (rows / filters) that have an identical twin within SYMMETRY_TOLERANCE
    of the layer's largest weight; an all-zero layer counts as fully symmetric."""
    rows = w.reshape(w.shape[0], -1)[:MAX_ROWS].float()
    if rows.shape[0] < 2:
        return 0.0
    top = float(rows.abs().max())
    if top == 0.0:
        return 1.0
    quantised = (rows / (top * SYMMETRY_TOLERANCE)).round()
    _, inverse, counts = quantised.unique(dim=0, return_inverse=True, return_counts=True)
    return float((counts[inverse] > 1).float().mean())


def silenced_fraction(layer: Layer) -> float | None:
    """Share of units whose bias keeps a following ReLU off for almost every input: for
    linear/conv, b < -DEAD_BIAS_SIGMAS * ||w|| (unit-scale inputs); for BatchNorm, beta < -k * |gamma|."""
    if layer.bias is None or layer.bias.ndim != 1:
        return None
    b = layer.bias.float()
    spread = layer.weight.float().abs() if layer.kind in ("batchnorm", "norm") else layer.weight.reshape(layer.weight.shape[0], -1).float().norm(dim=1)
    if spread.shape != b.shape:
        return None
    return float((b < -DEAD_BIAS_SIGMAS * spread).float().mean())
