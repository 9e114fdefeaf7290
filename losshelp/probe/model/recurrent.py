"""The recurrent matrices of RNN, GRU and LSTM layers: how much one step of the recurrence can amplify
the hidden state, and with it the gradient flowing back through time (Pascanu et al. 2013)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

# Gate blocks stacked in weight_hh: LSTM i, f, g, o; GRU r, z, n; a plain RNN one.
GATES = {nn.LSTM: 4, nn.GRU: 3, nn.RNN: 1}


@dataclass(frozen=True)
class RecurrentGain:
    """One recurrent matrix: its largest gate block's spectral norm, and its scale against the default init."""

    name: str
    gain: float  # largest singular value over the gate blocks
    scale_ratio: float  # std(W_hh) * sqrt(hidden) / (1/sqrt(3)), 1 at PyTorch's default uniform(-1/sqrt(H), 1/sqrt(H))


def block_gain(weight: torch.Tensor, gates: int) -> float:
    """The largest spectral norm among the `gates` square blocks stacked in a (gates*H, H) recurrent matrix."""
    blocks = weight.detach().double().reshape(gates, -1, weight.shape[1])
    return float(torch.linalg.matrix_norm(blocks, ord=2).max())


def recurrent_gains(model: nn.Module) -> list[RecurrentGain]:
    """Every recurrent matrix (`weight_hh_l*`) of the model's RNN, GRU and LSTM layers, in module order."""
    out = []
    for name, module in model.named_modules():
        gates = next((g for kind, g in GATES.items() if isinstance(module, kind)), None)
        if gates is None:
            continue
        for own, weight in module.named_parameters(recurse=False):
            if own.startswith("weight_hh") and weight.dim() == 2:
                hidden = weight.shape[1]
                scale = float(weight.detach().double().std(unbiased=False)) * math.sqrt(hidden) * math.sqrt(3)
                out.append(RecurrentGain(f"{name}.{own}", block_gain(weight, gates), scale))
    return out
