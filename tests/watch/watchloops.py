"""Tiny real training loops with one silent bug injected each, and their healthy twins.

Shared by tests/watch and benchmarks/watch_checks.py (which prints, per check, the iterations it
needed to fire). `train(bug, seed)` runs ITERATIONS iterations of an ordinary PyTorch loop with the
watcher attached and returns which checks fired at which iteration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

import losshelp

ITERATIONS = 40
BATCH = 16
LR_DIVERGES = 1.0

# bug -> (the check that must fire, the iteration at which the bug first takes effect)
BUGS: dict[str, tuple[str, int]] = {
    "no_zero_grad": ("grads_accumulate", 0),
    "param_not_in_optimizer": ("param_not_optimized", 0),
    "detached_body": ("param_never_grad", 0),
    "eval_mode": ("eval_mode", 0),
    "zero_grad_before_step": ("step_without_grad", 0),
    "same_batch": ("same_batch", 0),
    "sorted_labels": ("constant_labels", 0),
    "lr_zero": ("lr_collapse", 0),
    "scheduler_per_batch": ("lr_collapse", 0),
    "nan_input": ("nonfinite_loss", 7),
    "nan_input_grad": ("nonfinite_grad", 7),
    "nan_input_weight": ("nonfinite_weight", 7),
    "lr_diverges": ("grad_explode", 0),
    "loss_scaled_tiny": ("grad_vanish", 0),
    "lr_tiny": ("update_ratio", 0),
    "bn_batch_one": ("bn_batch_of_one", 0),
    "amp_overflow": ("amp_skipping", 0),
}
# Healthy twins: the same loops, bug-free, over models, optimizers and precision.
TWINS = ("mlp-sgd", "mlp-adam", "cnn-sgd", "cnn-adam", "mlp-amp", "regression-sgd")


class MLP(nn.Module):
    def __init__(self, inputs: int = 8, classes: int = 2, detach: bool = False) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(inputs, 32), nn.ReLU(), nn.Dropout(0.1))
        self.head = nn.Linear(32, classes)
        self.detach = detach

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.body(x)
        return self.head(h.detach() if self.detach else h)


class CNN(nn.Module):
    def __init__(self, classes: int = 2) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(2))
        self.head = nn.Linear(32, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).flatten(1))


@dataclass
class Outcome:
    """Which checks fired, at which iteration (0-based), and the watcher itself."""

    fired: dict[str, int] = field(default_factory=dict)
    watcher: object = None


def _data(kind: str, seed: int, sorted_labels: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    n = 320
    y = torch.randint(0, 2, (n,), generator=g)
    if kind == "cnn":
        x = torch.randn(n, 1, 6, 6, generator=g) + y.view(-1, 1, 1, 1).float()
    elif kind == "regression":
        x = torch.randn(n, 8, generator=g)
        return x, x @ torch.linspace(-1, 1, 8) + 0.1 * torch.randn(n, generator=g)
    else:
        x = torch.randn(n, 8, generator=g) + y.view(-1, 1).float()
    if sorted_labels:
        order = torch.argsort(y, stable=True)
        x, y = x[order], y[order]
    return x, y


def train(bug: str | None = None, twin: str = "mlp-sgd", seed: int = 0, iterations: int = ITERATIONS, *, log_dir: str, every: int | None = None) -> Outcome:
    """One watched run of `twin` (model-optimizer) with `bug` injected (None: healthy), its run folder in `log_dir`."""
    torch.manual_seed(seed)
    kind, opt_kind = twin.split("-")
    if bug == "bn_batch_one":
        kind = "cnn"
    if bug in ("lr_diverges",):
        kind, opt_kind = "regression", "sgd"
    amp = opt_kind == "amp" or bug == "amp_overflow"
    model = CNN() if kind == "cnn" else MLP(detach=bug == "detached_body") if kind == "mlp" else nn.Sequential(nn.Linear(8, 16), nn.Linear(16, 1))
    if bug == "lr_diverges":  # least squares: SGD diverges geometrically once lr > 2 / (largest Hessian eigenvalue)
        model = nn.Linear(8, 1)
    params = list(model.parameters())
    if bug == "param_not_in_optimizer":
        params = params[:-2]
    lr = {"lr_zero": 0.0, "lr_tiny": 1e-12, "lr_diverges": LR_DIVERGES}.get(bug or "", 0.05 if opt_kind != "adam" else 1e-3)
    optimizer = torch.optim.Adam(params, lr=lr) if opt_kind == "adam" else torch.optim.SGD(params, lr=lr, momentum=0.9 if kind != "regression" else 0.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.1) if bug == "scheduler_per_batch" else None
    scaler = torch.amp.GradScaler("cpu") if amp else None
    criterion = nn.MSELoss() if kind == "regression" else nn.CrossEntropyLoss()
    x_all, y_all = _data(kind, seed, sorted_labels=bug == "sorted_labels")
    if bug == "eval_mode":
        model.eval()
    else:
        model.train()
    batch = 1 if bug == "bn_batch_one" else BATCH
    outcome = Outcome()
    watcher = losshelp.watch(model, optimizer, log_dir=log_dir, every=every, scaler=scaler, stream=_Null(), print_summary=False)
    outcome.watcher = watcher
    g = torch.Generator().manual_seed(seed + 1)
    for it in range(iterations):
        if bug == "same_batch":
            idx = torch.arange(batch)
        elif bug == "sorted_labels":
            start = (it * batch) % len(y_all)
            idx = torch.arange(start, start + batch)
        else:
            idx = torch.randint(0, len(y_all), (batch,), generator=g)
        x, y = x_all[idx].clone(), y_all[idx]
        if bug and bug.startswith("nan_input") and it >= BUGS[bug][1]:
            x[0, 0] = float("nan")
        if bug != "no_zero_grad":
            optimizer.zero_grad()
        loss = criterion(model(x).squeeze(-1) if kind == "regression" else model(x), y)
        if bug == "loss_scaled_tiny":
            loss = loss * 1e-9
        if bug == "amp_overflow":
            loss = loss * float("inf")
        if scaler is not None:
            scaler.scale(loss).backward()
        else:
            loss.backward()
        if bug == "zero_grad_before_step":
            optimizer.zero_grad()
        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
        if scheduler is not None:
            scheduler.step()
        watcher.loss(loss)
        for alert in watcher.alerts:
            outcome.fired.setdefault(alert.check, it)
    watcher.close()
    for alert in watcher.alerts:
        outcome.fired.setdefault(alert.check, iterations)
    return outcome


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
