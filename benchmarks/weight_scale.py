"""Measure std(W) * sqrt(fan_in) (the weight-scale ratio r of losshelp/probe/checkpoint/thresholds.py) at init
and after healthy training, for small MLPs and CNNs with SGD, Adam and AdamW (wd 1e-4 .. 1e-2),
and after the demo's fault (weight decay 1.0): where the WEIGHT_SCALE_* and NEAR_ZERO_RMS bands sit.
Run: python -m benchmarks.weight_scale   (about 2.5 min on 2 CPU cores); output: results/weight_scale.txt
Measured: healthy layers end at r = 0.64 .. 1.98 from 0.58 at init; the fault ends at r ~ 4e-8.
"""

from __future__ import annotations

import torch
from torch import nn

from losshelp.probe.checkpoint.layers import layers, weighted
from losshelp.probe.checkpoint.weights import rms_ratio, scale_ratio

STEPS = 300


def data(kind: str, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    if kind == "mlp":
        centers = 1.5 * torch.randn(10, 32, generator=gen)
        y = torch.randint(0, 10, (1024,), generator=gen)
        return centers[y] + torch.randn(1024, 32, generator=gen), y
    y = torch.randint(0, 10, (512,), generator=gen)
    x = torch.randn(512, 3, 16, 16, generator=gen) * 0.5
    x[torch.arange(512), y % 3, y, :] += 2.0  # a class-dependent stripe
    return x, y


def model(kind: str) -> nn.Module:
    if kind == "mlp":
        return nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(512, 10))


def train(kind: str, make_opt, seed: int = 0) -> tuple[list[tuple[float, float]], float]:
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x, y = data(kind, gen)
    net = model(kind)
    opt = make_opt(net.parameters())
    for _ in range(STEPS):
        idx = torch.randint(0, x.shape[0], (64,), generator=gen)
        loss = nn.functional.cross_entropy(net(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [(scale_ratio(l.weight), rms_ratio(l.weight)) for l in weighted(layers(net.state_dict()))], loss.item()


def main() -> None:
    setups = {
        "sgd 0.05 m0.9 wd1e-4": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=1e-4),
        "adam 1e-3": lambda p: torch.optim.Adam(p, lr=1e-3),
        "adamw 1e-3 wd1e-2": lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=1e-2),
        "adam 1e-2 (high lr)": lambda p: torch.optim.Adam(p, lr=1e-2),
        "FAULT sgd wd 1.0": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=1.0),
    }
    for kind in ("mlp", "cnn"):
        torch.manual_seed(0)
        init = [scale_ratio(l.weight) for l in weighted(layers(model(kind).state_dict()))]
        print(f"{kind} at init: r = " + ", ".join(f"{r:.2f}" for r in init))
        for name, make in setups.items():
            ratios, loss = train(kind, make)
            shown = ", ".join(f"{r:.3g}" for r, _ in ratios)
            print(f"  {name:22s} loss {loss:.3f}  r = {shown}  min rms-ratio {min(m for _, m in ratios):.3g}")


if __name__ == "__main__":
    main()
