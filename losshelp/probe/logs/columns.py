"""Map a log's column names to roles: train/val/test loss, lr, step, epoch.

Names are normalised (lower case, `/ - . space` -> `_`), so `Loss/train`, `train-loss` and
`train_loss` meet. Lightning writes `train_loss_step` and `train_loss_epoch` beside each other;
both are candidates and the one with more points is kept.
"""

from __future__ import annotations

import re

TRAIN = {"loss", "train_loss", "training_loss", "loss_train", "train", "trn_loss", "tr_loss", "trainloss", "train_epoch_loss", "epoch_loss"}
VAL = {"val_loss", "valid_loss", "validation_loss", "loss_val", "loss_valid", "loss_validation", "eval_loss", "dev_loss", "val", "valid", "validation",
       "valloss"}
TEST = {"test_loss", "loss_test", "test", "testloss"}
LR = {"lr", "learning_rate", "learningrate", "lr_0", "lr0"}
STEP = {"step", "steps", "global_step", "iteration", "iterations", "iter", "it", "_step", "batch"}
EPOCH = {"epoch", "epochs", "_epoch"}
SUFFIXES = ("_step", "_epoch")


def normalise(name: str) -> str:
    """Lower case with separators unified: `Loss/Train` -> `loss_train`."""
    return re.sub(r"[\s/\-.]+", "_", name.strip().lower()).strip("_") or name.strip().lower()


def role_of(name: str) -> str | None:
    """The role of a column (`train`, `val`, `test`, `lr`, `step`, `epoch`) or None."""
    key = normalise(name)
    for role, names in (("step", STEP), ("epoch", EPOCH)):
        if key in names:
            return role
    if key in LR or key.startswith(("lr_", "learning_rate")):
        return "lr"
    base = next((key[: -len(s)] for s in SUFFIXES if key.endswith(s) and len(key) > len(s)), key)
    for role, names in (("train", TRAIN), ("val", VAL), ("test", TEST)):
        if base in names:
            return role
    return None
