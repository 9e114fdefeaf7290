"""The space of healthy base configurations: model family, task, data, optimizer, schedule, sizes.

A base is a flat dict of knobs read by `templates.py` (model and data files) and `train.py` (the
loop). Every value here is a healthy choice: a base trained as it is is a run with no fault.
"""

from __future__ import annotations

import random
from typing import Any

FAMILIES = ("mlp", "resnet", "cnn", "rnn", "transformer")
"""Model families. `rnn` (GRU or LSTM) is the one held out of dev (see plan.py)."""

# Which data each family reads, and the task each data set poses.
DATASETS: dict[str, tuple[str, ...]] = {
    "mlp": ("blobs", "blobs_binary", "regression", "digits", "breast_cancer", "diabetes"),
    "resnet": ("blobs", "blobs_binary", "regression", "digits", "breast_cancer", "diabetes"),
    "cnn": ("digits", "images"),
    "rnn": ("sequences", "sequences_regression"),
    "transformer": ("tokens",),
}
TASK = {
    "blobs": "multiclass", "digits": "multiclass", "images": "multiclass",
    "blobs_binary": "binary", "breast_cancer": "binary",
    "regression": "regression", "diabetes": "regression", "sequences_regression": "regression",
    "sequences": "sequence", "tokens": "sequence",
}
LOSS = {"multiclass": "cross_entropy", "sequence": "cross_entropy", "binary": "bce", "regression": "mse"}

# Healthy learning rates per optimizer (log-uniform between the bounds).
LR = {"sgd": (0.02, 0.1), "momentum": (0.005, 0.05), "adam": (5e-4, 3e-3), "adamw": (5e-4, 3e-3), "rmsprop": (3e-4, 2e-3)}
MAX_STEPS = {"mlp": 800, "resnet": 800, "cnn": 300, "rnn": 300, "transformer": 200}
SCHEDULES = ("none", "step", "cosine", "warmup", "onecycle")


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return float(f"{low * (high / low) ** rng.random():.3g}")


def _classes(dataset: str, rng: random.Random) -> int:
    if dataset in ("digits",):
        return 10
    if dataset in ("blobs_binary", "breast_cancer"):
        return 2
    if dataset in ("blobs", "images", "sequences", "tokens"):
        return rng.choice((3, 4, 5, 6, 8))
    return 1


def sample_base(rng: random.Random, family: str, seed: int) -> dict[str, Any]:
    """One healthy configuration of `family`, drawn from `rng`."""
    dataset = rng.choice(DATASETS[family])
    task = TASK[dataset]
    optimizer = rng.choice(tuple(LR))
    if family == "transformer" and optimizer in ("sgd", "momentum"):
        optimizer = rng.choice(("adam", "adamw"))  # small transformers need an adaptive optimizer
    classes = _classes(dataset, rng)
    base: dict[str, Any] = {
        "seed": seed,
        "family": family,
        "dataset": dataset,
        "task": task,
        "loss": LOSS[task],
        "classes": classes,
        "outputs": classes if task in ("multiclass", "sequence") else 1,
        "inputs": {"digits": 64, "breast_cancer": 30, "diabetes": 10, "images": 64}.get(dataset, rng.choice((8, 16, 32))),
        "steps": 12,
        "features": rng.choice((2, 4, 6)),
        "vocab": 16,
        "n_train": rng.choice((384, 512, 768)),
        "n_val": 256,
        "signal": round(rng.uniform(1.2, 2.5), 2),
        "label_noise": 0.0,
        "depth": rng.choice((1, 2, 3)),
        "width": rng.choice((32, 64, 96)),
        "activation": rng.choice(("relu", "relu", "gelu", "tanh", "leaky_relu")),
        "norm": rng.choice(("batch", "layer")) if family == "resnet" else ("batch" if family == "cnn" and rng.random() < 0.5 else "none"),
        "cell": rng.choice(("gru", "lstm")),
        "dropout": rng.choice((0.0, 0.0, 0.1, 0.2)),
        "optimizer": optimizer,
        "lr": _log_uniform(rng, *LR[optimizer]),
        "weight_decay": rng.choice((0.0, 0.0, 1e-4, 1e-2 if optimizer == "adamw" else 5e-4)),
        "schedule": rng.choice(SCHEDULES),
        "batch_size": rng.choice((16, 32, 64, 128)),
        "epochs": rng.choice((10, 15, 20, 30)),
        "label_smoothing": rng.choice((0.0, 0.0, 0.1)) if task in ("multiclass", "sequence") else 0.0,
        "shuffle": True,
    }
    # at most about MAX_STEPS optimizer steps, so that a run trains in a few seconds on one core
    per_epoch = max(base["n_train"] // base["batch_size"], 1)
    base["epochs"] = max(5, min(base["epochs"], MAX_STEPS[family] // per_epoch))
    if family == "transformer":
        base["width"] = rng.choice((32, 48))
        base["depth"] = rng.choice((1, 2))
        base["activation"] = "gelu"
    if family == "rnn":
        base["width"] = rng.choice((24, 32, 48))
        base["depth"] = rng.choice((1, 2))
    return base
