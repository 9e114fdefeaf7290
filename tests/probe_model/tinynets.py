"""Tiny models and batches whose answers are known, shared by the model-probe tests."""

from __future__ import annotations

import torch
from torch import nn

from losshelp.probe.model.objective import Batch, split_batch


def mlp(widths: list[int], activation: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers of the given widths with `activation` between them."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def blobs(n: int = 128, features: int = 8, classes: int = 4, seed: int = 0, batch: int = 32) -> list[Batch]:
    """Linearly separable-ish Gaussian blobs, shuffled, as batches of `batch`."""
    g = torch.Generator().manual_seed(seed)
    centers = torch.randn(classes, features, generator=g) * 3
    y = torch.randint(0, classes, (n,), generator=g)
    x = centers[y] + torch.randn(n, features, generator=g)
    return [split_batch((x[i : i + batch], y[i : i + batch])) for i in range(0, n, batch)]

