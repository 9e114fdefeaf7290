"""Small stand-ins for what a fix's snippet takes from the reader's code, one per `SnippetNeed`.

The model is a tiny classifier that holds what snippets have tripped over: a layer built with
bias=False, a BatchNorm layer and a ReLU nested inside a block.
"""

from __future__ import annotations

import copy
from typing import Any, get_args

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from losshelp.kb.models import SnippetNeed

IN_FEATURES = 6
NUM_CLASSES = 3
N = 32  # two batches an epoch: snippets loop over up to 200 epochs
N_EVAL = 128  # clean_labels looks at the 100 highest losses of the evaluation set
BATCH = 16


def make_model() -> nn.Module:
    """A two-block classifier: Linear(bias=False) + BatchNorm, a nested ReLU block, a linear head."""
    return nn.Sequential(
        nn.Linear(IN_FEATURES, 16, bias=False),
        nn.BatchNorm1d(16),
        nn.ReLU(),
        nn.Sequential(nn.Linear(16, 16), nn.ReLU()),
        nn.Linear(16, NUM_CLASSES),
    )


def _data(seed: int, n: int = N) -> TensorDataset:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, IN_FEATURES, generator=g)
    y = torch.randint(0, NUM_CLASSES, (n,), generator=g)
    return TensorDataset(x, y)


def train_one_epoch(model: nn.Module, loader: DataLoader, optimizer: torch.optim.Optimizer) -> None:
    """One pass of plain cross-entropy training."""
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def evaluate(model: nn.Module, loader: DataLoader) -> float:
    """Mean cross-entropy over the loader, in eval mode."""
    model.eval()
    with torch.no_grad():
        losses = [nn.functional.cross_entropy(model(x), y).item() for x, y in loader]
    model.train()
    return sum(losses) / len(losses)


def environment(seed: int = 0) -> dict[str, Any]:
    """Every stand-in, built afresh so that one snippet cannot change another's."""
    torch.manual_seed(seed)
    train_set, val_set = _data(seed), _data(seed + 1)
    loader = DataLoader(train_set, batch_size=BATCH, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=BATCH)
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x, y = next(iter(loader))

    def train(model: nn.Module, epochs: int) -> float:
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(epochs):
            train_one_epoch(model, loader, opt)
        return evaluate(model, loader)

    def train_and_validate(cfg: dict[str, float], epochs: int) -> float:
        net = make_model()
        opt = torch.optim.SGD(net.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
        for _ in range(epochs):
            train_one_epoch(net, DataLoader(train_set, batch_size=int(cfg["batch_size"]), shuffle=True), opt)
        return evaluate(net, val_loader)

    env: dict[str, Any] = {
        "model": model,
        "optimizer": optimizer,
        "scheduler": torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1),
        "loss_fn": loss_fn,
        "loss": loss_fn(model(x), y),
        "x": x,
        "y": y,
        "loader": loader,
        "train_loader": loader,
        "val_loader": val_loader,
        "eval_loader": DataLoader(_data(seed + 2, N_EVAL), batch_size=BATCH),
        "train_set": train_set,
        "val_set": val_set,
        "train_x": train_set.tensors[0].clone(),
        "test_x": val_set.tensors[0].clone(),
        "train_labels": train_set.tensors[1],
        "in_features": IN_FEATURES,
        "num_classes": NUM_CLASSES,
        "initial_state": copy.deepcopy(model.state_dict()),
        "step": 0,
        "device": "cpu",
        "hidden_activations": torch.relu(torch.randn(BATCH, 16)),
        "useless_columns": [1],
        "show_images": _show_nothing,
        "train_one_epoch": train_one_epoch,
        "evaluate": evaluate,
        "train": train,
        "train_and_validate": train_and_validate,
        "make_model": make_model,
    }
    assert set(env) == set(get_args(SnippetNeed)), "one stand-in per SnippetNeed"
    return env


def _show_nothing(images: torch.Tensor, titles: torch.Tensor) -> None:
    """Stand-in for a plotting helper: checks it was given one title per image."""
    assert len(images) == len(titles)


def run_snippet(snippet: str, needs: list[str], env: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute `snippet` with only the declared stand-ins in scope; its namespace afterwards."""
    given = env if env is not None else environment()
    namespace: dict[str, Any] = {name: given[name] for name in needs}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: more threads only contend for the cores
    try:
        exec(compile(snippet, "<snippet>", "exec"), namespace)  # noqa: S102 - the KB's own code
    finally:
        torch.set_num_threads(threads)
    return namespace

