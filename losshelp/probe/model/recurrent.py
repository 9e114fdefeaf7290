"""The recurrent matrices of RNN, GRU and LSTM layers: how much one step of the recurrence can amplify
the hidden state, and with it the gradient flowing back through time (Pascanu et al. 2013).

Works from named tensors (a model's parameters or a checkpoint's state_dict), so the same measurement
serves a model with data and a checkpoint alone."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import Tensor

# PyTorch's names for recurrent matrices: weight_hh_l0, weight_hh_l1_reverse, ...
RECURRENT_KEY = re.compile(r"(^|\.)weight_hh_l\d+(_reverse)?$")
# Gate blocks stacked in weight_hh (rows / columns): LSTM i, f, g, o; GRU r, z, n; a plain RNN one.
GATE_COUNTS = (4, 3, 1)


@dataclass(frozen=True)
class RecurrentGain:
    """One recurrent matrix: its largest gate block's spectral norm, and its scale against the default init."""

    name: str
    gain: float  # largest singular value over the gate blocks
    scale_ratio: float  # std(W_hh) * sqrt(hidden) * sqrt(3): 1 at PyTorch's default uniform(-1/sqrt(H), 1/sqrt(H))


def gates(weight: Tensor) -> int:
    """Gate blocks in a (gates*H, H) recurrent matrix, read from its shape (1 when the shape says none)."""
    rows, cols = weight.shape
    return next((g for g in GATE_COUNTS if rows == g * cols), 1)


def block_gain(weight: Tensor, count: int) -> float:
    """The largest spectral norm among the `count` blocks stacked along the rows of a recurrent matrix."""
    blocks = weight.detach().double().reshape(count, -1, weight.shape[1])
    return float(torch.linalg.matrix_norm(blocks, ord=2).max())


def recurrent_gains(tensors: Mapping[str, Tensor]) -> list[RecurrentGain]:
    """Every finite recurrent matrix (`*.weight_hh_l*`) among the named tensors, in their order."""
    out = []
    for name, weight in tensors.items():
        if RECURRENT_KEY.search(name) and isinstance(weight, Tensor) and weight.dim() == 2 and weight.is_floating_point() and bool(weight.isfinite().all()):
            scale = float(weight.detach().double().std(unbiased=False)) * math.sqrt(weight.shape[1] * 3)
            out.append(RecurrentGain(name, block_gain(weight, gates(weight)), scale))
    return out
