"""Generate the fault zoo's runs into `runs/` (git-ignored): per case the model file, the data file,
the checkpoint with optimizer state, and the loss log, as a user of that run would have them.

    python -m benchmarks.fault_zoo.make [CASE ...]   (from the repository root)
"""

from __future__ import annotations

import csv
import importlib.util
import math
import sys
from pathlib import Path

import torch
from torch.nn import functional as F

from benchmarks.fault_zoo.cases import CASES, Case
from benchmarks.fault_zoo.templates import DATA, FLIPPED_LOSS, MODEL

HERE = Path(__file__).resolve().parent

RUNS = HERE / "runs"


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(f"zoo_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _optimizer(params, cfg: dict):
    kind, lr, wd = cfg["optimizer"], cfg["lr"], cfg["weight_decay"]
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    return torch.optim.SGD(params, lr=lr, momentum=0.9 if kind == "momentum" else 0.0, weight_decay=wd)


def _mean_loss(model, x, y) -> float:
    model.eval()
    with torch.no_grad():
        value = float(F.cross_entropy(model(x), y))
    model.train()
    return value


def make(case: Case, root: Path = RUNS) -> Path:
    """Write and train one case; returns its folder."""
    folder = root / case.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.py").write_text(MODEL.format(config=case.model_config()))
    (folder / "data.py").write_text(DATA.format(config=case.data_config()))
    if case.flipped_loss:
        (folder / "loss.py").write_text(FLIPPED_LOSS)
    model_mod, data_mod = _module(folder / "model.py"), _module(folder / "data.py")
    loss_fn = _module(folder / "loss.py").loss_fn if case.flipped_loss else F.cross_entropy
    cfg = case.train_config()
    torch.manual_seed(0)
    model = model_mod.build()
    opt = _optimizer(model.parameters(), cfg)
    _, (xv, yv), (xt, yt) = data_mod.splits()
    rows = [{"epoch": 0, "train_loss": _mean_loss(model, *data_mod.splits()[0]), "val_loss": _mean_loss(model, xv, yv), "test_loss": _mean_loss(model, xt, yt),
             "lr": cfg["lr"]}]
    saved = ({k: v.clone() for k, v in model.state_dict().items()}, opt.state_dict())
    for epoch in range(1, cfg["epochs"] + 1):
        losses = []
        for x, y in data_mod.train_batches():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            losses.append(float(F.cross_entropy(model(x), y).detach()))
        train = sum(losses) / len(losses)
        if not math.isfinite(train) or not math.isfinite(rows[-1]["train_loss"]):
            # like a user: the log keeps printing nan, the checkpoint is the last one saved before the blow-up
            rows.append({"epoch": epoch, "train_loss": math.nan, "val_loss": math.nan, "test_loss": math.nan, "lr": cfg["lr"]})
            continue
        rows.append({"epoch": epoch, "train_loss": train, "val_loss": _mean_loss(model, xv, yv), "test_loss": _mean_loss(model, xt, yt), "lr": cfg["lr"]})
        saved = ({k: v.clone() for k, v in model.state_dict().items()}, opt.state_dict())
    torch.save({"model_state_dict": saved[0], "optimizer_state_dict": saved[1], "epoch": rows[-1]["epoch"]}, folder / "checkpoint.pt")
    with (folder / "log.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["epoch", "train_loss", "val_loss", "test_loss", "lr"])
        writer.writeheader()
        writer.writerows(rows)
    return folder


def main() -> None:
    names = set(sys.argv[1:])
    for case in CASES:
        if not names or case.name in names:
            folder = make(case)
            with (folder / "log.csv").open() as f:
                rows = list(csv.DictReader(f))
            shown = "  ".join(f"{k} {float(rows[0][k]):.3g} -> {float(rows[-1][k]):.3g}" for k in ("train_loss", "val_loss", "test_loss"))
            print(f"{case.name:20s} {len(rows) - 1:3d} epochs  {shown}")


if __name__ == "__main__":
    main()
