"""Group a state_dict's tensors into layers (linear, conv, embedding, batchnorm, norm) in saved order,
and read the architecture facts it shows: output classes, depth, normalisation layers.

Uses tensor attributes only, so importing it does not import torch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["linear", "conv", "embedding", "batchnorm", "norm"]
# Weights whose scale is not set by fan-in: embeddings, positional tables, zero-initialised adapters.
NOT_FAN_IN = re.compile(r"embed|(^|[._])emb([._]|$)|wte|wpe|pos_|position|token|lora_", re.IGNORECASE)


@dataclass(frozen=True)
class Layer:
    """One parameterised layer: its name (key prefix), kind, weight and bias tensors (bias may be None)."""

    name: str
    kind: Kind
    weight: Any
    bias: Any = None

    @property
    def fan_in(self) -> int:
        return int(self.weight[0].numel()) if self.weight.ndim >= 2 else 1


def _is_float(t: Any) -> bool:
    return bool(t.is_floating_point())


def layers(tensors: dict[str, Any]) -> list[Layer]:
    """The layers of a state_dict, in key order; a weight is a key whose last part starts with 'weight'."""
    out: list[Layer] = []
    for key, w in tensors.items():
        prefix, _, last = key.rpartition(".")
        if not last.startswith("weight") and not last.endswith("_weight") or not _is_float(w) or w.ndim == 0:
            continue
        bias = tensors.get(f"{prefix}.{last.replace('weight', 'bias')}" if prefix else last.replace("weight", "bias"))
        if w.ndim >= 2:
            kind: Kind = "embedding" if NOT_FAN_IN.search(key) else "conv" if w.ndim > 2 else "linear"
        elif f"{prefix}.running_mean" in tensors:
            kind = "batchnorm"
        elif bias is not None and tuple(bias.shape) == tuple(w.shape):
            kind = "norm"  # LayerNorm / GroupNorm: a per-feature scale and shift
        else:
            continue  # PReLU slopes and other 1-D weights
        out.append(Layer(key, kind, w, bias))
    return out


def weighted(all_layers: list[Layer]) -> list[Layer]:
    """Linear and conv layers: the ones whose weight scale follows their fan-in."""
    return [l for l in all_layers if l.kind in ("linear", "conv")]


def output_layer(all_layers: list[Layer]) -> Layer | None:
    """The last linear layer whose outputs no other layer takes as inputs (the classifier head);
    the last linear layer when every output size is also some input size."""
    linear = [l for l in all_layers if l.kind == "linear"]
    fan_ins = {l.weight.shape[1] for l in weighted(all_layers)}
    heads = [l for l in linear if l.weight.shape[0] not in fan_ins]
    return (heads or linear or [None])[-1]


def guess_num_classes(tensors: dict[str, Any]) -> int | None:
    """Output features of the head layer when there are at least 2 (one output may be regression or BCE)."""
    head = output_layer(layers(tensors))
    return int(head.weight.shape[0]) if head is not None and head.weight.shape[0] >= 2 else None
