"""A loss log as plain arrays: one `Series` per role (train, val, test, lr) against step or epoch."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LOSS_ROLES = ("train", "val", "test")
ROLES = (*LOSS_ROLES, "lr")


@dataclass(frozen=True)
class Series:
    """The values of one column in logged order, with their x (step, epoch or row) and the column name."""

    x: np.ndarray
    y: np.ndarray
    column: str


@dataclass
class LossLog:
    """What a log holds: series by role, the x axis's name, the number of epochs if logged, the file, and
    notes on what reading changed (rows sorted or left out)."""

    series: dict[str, Series] = field(default_factory=dict)
    x_name: str = "row"
    epochs: int | None = None
    path: str = ""
    notes: list[str] = field(default_factory=list)

    def get(self, role: str) -> Series | None:
        return self.series.get(role)
