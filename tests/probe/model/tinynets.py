"""Tiny models and batches whose answers are known, shared by the model-probe tests."""

from __future__ import annotations

import torch
from torch import nn

from losshelp.probe.model.objective import Batch, split_batch


def mlp(widths: list[int], activation: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers of the given widths with `activation` between them."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths, widths[1:], strict=False)):
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



class TinyLM(nn.Module):
    """Embedding + LSTM + decoder, the shape of PyTorch's word-language-model example: tokens (B, T) in,
    logits flattened to (B*T, vocab) out. The defaults give 0.97M parameters."""

    def __init__(self, vocab: int = 1500, embed: int = 128, hidden: int = 256) -> None:
        super().__init__()
        self.embed, self.lstm, self.decoder = nn.Embedding(vocab, embed), nn.LSTM(embed, hidden, batch_first=True), nn.Linear(hidden, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(self.embed(tokens))
        return self.decoder(out).reshape(-1, self.decoder.out_features)


def token_batches(n: int = 8, batch: int = 4, length: int = 12, vocab: int = 1500, seed: int = 0) -> list[Batch]:
    """Next-token batches of random text: inputs (B, T), targets the following tokens flattened (B*T)."""
    g = torch.Generator().manual_seed(seed)
    text = torch.randint(0, vocab, (n, batch, length + 1), generator=g)
    return [split_batch((t[:, :-1], t[:, 1:].reshape(-1))) for t in text]
