"""Write one run's files and train it: the loop (with its loop faults), the schedule, the log, the checkpoint.

The folder ends up with what a user of that run has: `model.py`, `data.py` (and `loss.py` for a
flipped sign), `checkpoint.pt` (model, optimizer and scheduler state), `log.csv` (epoch, step,
train_loss, val_loss, lr) and, written last so a half-written run is redone, `run.json` (the label).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import warnings
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional as F

from benchmarks.faultgen.plan import RunSpec
from benchmarks.faultgen.templates import DATA, FLIPPED_LOSS, MODEL

LOG_FIELDS = ("epoch", "step", "train_loss", "val_loss", "lr")


def _module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"faultgen_{path.parent.name}_{path.stem}".replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loss_of(config: dict[str, Any]):
    """The loss the run's loop computes (the probe's `--loss` names the same one)."""
    kind, smoothing = config["loss"], config.get("label_smoothing", 0.0)
    if kind == "mse":
        return lambda out, y: F.mse_loss(out, y.to(out.dtype).reshape(out.shape))
    if kind == "bce":
        return lambda out, y: F.binary_cross_entropy_with_logits(out, y.to(out.dtype).reshape(out.shape))
    return lambda out, y: F.cross_entropy(out, y.long(), label_smoothing=smoothing)


def _optimizer(params: list[torch.nn.Parameter], c: dict[str, Any]) -> torch.optim.Optimizer:
    kind, lr, wd = c["optimizer"], c["lr"], c["weight_decay"]
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, weight_decay=wd)
    return torch.optim.SGD(params, lr=lr, momentum=0.9 if kind == "momentum" else 0.0, weight_decay=wd)


def _scheduler(opt: torch.optim.Optimizer, c: dict[str, Any], per_epoch: int) -> Any:
    """A per-step schedule; None for `none`. `step_early`, `endless_warmup` and `restarts` are faults."""
    total = per_epoch * c["epochs"]
    kind = c["schedule"]
    lr = torch.optim.lr_scheduler
    if kind == "step":
        return lr.StepLR(opt, step_size=max(total // 3, 1), gamma=0.3)
    if kind == "cosine":
        return lr.CosineAnnealingLR(opt, T_max=total)
    if kind == "warmup":
        return lr.LambdaLR(opt, lambda t: min(1.0, (t + 1) / max(total // 10, 1)))
    if kind == "onecycle":
        return lr.OneCycleLR(opt, max_lr=c["lr"], total_steps=total + 1)
    if kind == "step_early":
        return lr.LambdaLR(opt, lambda t: 1.0 if t < per_epoch else c["decay"])
    if kind == "endless_warmup":
        return lr.LambdaLR(opt, lambda t: c["warmup_from"] * (1 + t / per_epoch))
    if kind == "restarts":
        return lr.CosineAnnealingWarmRestarts(opt, T_0=max(per_epoch // 2, 1))
    return None


def _mean_loss(model: torch.nn.Module, loss_fn, x: torch.Tensor, y: torch.Tensor) -> float:
    was_training = model.training
    model.eval()
    with torch.no_grad():
        value = float(loss_fn(model(x), y))
    model.train(was_training)
    return value


def write_files(spec: RunSpec, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.py").write_text(MODEL.format(config=spec.config))
    (folder / "data.py").write_text(DATA.format(config=spec.config))
    if spec.config.get("loop_bug") == "flipped_sign":
        (folder / "loss.py").write_text(FLIPPED_LOSS.format(task=spec.config["task"]))


def probe_loss(spec: RunSpec) -> str:
    """What the user passes as `--loss` (a file relative to the run's folder for a flipped sign)."""
    if spec.config.get("loop_bug") == "flipped_sign":
        return "loss.py:loss_fn"
    return spec.config["loss"]


def train(spec: RunSpec, folder: Path) -> Path:
    """Write and train one run into `folder`; returns the folder."""
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step()`")
    c = spec.config
    write_files(spec, folder)
    model_mod, data_mod = _module(folder / "model.py"), _module(folder / "data.py")
    loss_fn = _module(folder / "loss.py").loss_fn if c.get("loop_bug") == "flipped_sign" else loss_of(c)
    torch.manual_seed(c["seed"])
    model = model_mod.build()
    bug = c.get("loop_bug")
    params = list(model.head.parameters()) if bug == "head_only" else list(model.parameters())
    opt = _optimizer(params, c)
    per_epoch = len(data_mod.batches(0))
    sched = _scheduler(opt, c, per_epoch)
    xv, yv = data_mod.val_set()
    first = data_mod.batches(0)
    start = sum(_mean_loss(model, loss_fn, x, y) for x, y in first) / len(first)
    rows = [{"epoch": 0, "step": 0, "train_loss": start, "val_loss": _mean_loss(model, loss_fn, xv, yv), "lr": opt.param_groups[0]["lr"]}]

    def state() -> dict[str, Any]:
        saved = {"model_state_dict": {k: v.clone() for k, v in model.state_dict().items()}, "optimizer_state_dict": opt.state_dict()}
        if sched is not None:
            saved["scheduler_state_dict"] = sched.state_dict()
        return saved

    saved, step, broken = state(), 0, False
    for epoch in range(1, c["epochs"] + 1):
        model.train(bug != "eval_mode")
        losses = []
        for x, y in data_mod.batches(epoch) if not broken else []:
            if bug != "no_zero_grad":
                opt.zero_grad()
            if bug == "step_before_backward":
                opt.step()
            loss = loss_fn(model(x), y)
            loss.backward()
            if bug != "step_before_backward" and bug != "scheduler_only":
                opt.step()
            if sched is not None:
                sched.step()
            losses.append(float(loss.detach()))
            step += 1
        train_loss = sum(losses) / len(losses) if losses else math.nan
        broken = broken or not math.isfinite(train_loss)
        lr_now = opt.param_groups[0]["lr"]
        if broken:  # like a user's log: nan from here on; the checkpoint is the last finite one
            rows.append({"epoch": epoch, "step": step, "train_loss": math.nan, "val_loss": math.nan, "lr": lr_now})
            continue
        rows.append({"epoch": epoch, "step": step, "train_loss": train_loss, "val_loss": _mean_loss(model, loss_fn, xv, yv), "lr": lr_now})
        saved = state()
    torch.save({**saved, "epoch": rows[-1]["epoch"]}, folder / "checkpoint.pt")
    with (folder / "log.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=LOG_FIELDS)
        writer.writeheader()
        writer.writerows({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()} for row in rows)
    (folder / "run.json").write_text(json.dumps({**spec.to_json(), "loss_flag": probe_loss(spec)}, indent=1))
    return folder
