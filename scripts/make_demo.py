"""Generate `losshelp probe --demo`'s bundled run: a small MLP trained with weight decay far too strong.

With SGD (momentum 0.9, lr 0.05) and weight_decay=1.0 (typical values are 1e-4 to 5e-4), every
step shrinks the weights by ~5 % before the gradient can grow them; the network collapses to
near-zero weights, its logits to zero, and the training loss sits at ln 10 = 2.303 (chance for
10 classes) from the first epochs on: source 000's option B (regularisation too strong).

Writes, in Lightning's layout so the demo also exercises that reader:
  losshelp/probe/data/demo_metrics.csv   step-level train_loss_step, epoch-level val_loss, lr-SGD
  losshelp/probe/data/demo_checkpoint.pt  {"state_dict", "optimizer_states", "epoch", ...}
Run: python -m scripts.make_demo   (about 5 s on a laptop CPU; seeded, so the files repeat)
"""

from __future__ import annotations

import csv
from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "losshelp" / "probe" / "data"
CLASSES, FEATURES, TRAIN, VAL = 10, 32, 2000, 500
EPOCHS, BATCH, LOG_EVERY = 30, 64, 8
LR, MOMENTUM, WEIGHT_DECAY = 0.05, 0.9, 1.0  # the fault: weight decay ~2000x the usual 5e-4


def blobs(n: int, centers: torch.Tensor, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Gaussian blobs around one center per class: an easy task a healthy MLP fits in a few epochs."""
    y = torch.randint(0, CLASSES, (n,), generator=gen)
    return centers[y] + torch.randn(n, FEATURES, generator=gen), y


def main() -> None:
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    centers = 1.5 * torch.randn(CLASSES, FEATURES, generator=gen)
    (x, y), (xv, yv) = blobs(TRAIN, centers, gen), blobs(VAL, centers, gen)
    model = nn.Sequential(nn.Linear(FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, CLASSES))
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    loss_fn = nn.CrossEntropyLoss()
    rows: list[dict[str, object]] = []
    step = 0
    for epoch in range(EPOCHS):
        order = torch.randperm(TRAIN, generator=gen)
        for i in range(0, TRAIN, BATCH):
            idx = order[i : i + BATCH]
            loss = loss_fn(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % LOG_EVERY == 0:
                rows.append({"epoch": epoch, "step": step, "train_loss_step": f"{loss.item():.5f}", "lr-SGD": opt.param_groups[0]["lr"]})
            step += 1
        with torch.no_grad():
            val = loss_fn(model(xv), yv).item()
        rows.append({"epoch": epoch, "step": step - 1, "val_loss": f"{val:.5f}"})
        sched.step()
    OUT.mkdir(parents=True, exist_ok=True)
    columns = ["epoch", "step", "train_loss_step", "val_loss", "lr-SGD"]
    with (OUT / "demo_metrics.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    ckpt = {
        "epoch": EPOCHS - 1,
        "global_step": step,
        "pytorch-lightning_version": "2.4.0",
        "state_dict": {f"model.{k}": v for k, v in state.items()},
        "optimizer_states": [opt.state_dict()],
        "lr_schedulers": [sched.state_dict()],
    }
    torch.save(ckpt, OUT / "demo_checkpoint.pt")
    print(f"final train loss {rows[-2]['train_loss_step']}, val {val:.4f}, ln 10 = 2.3026; wrote {OUT}")


if __name__ == "__main__":
    main()
