"""The learning rate the run actually used last, and its starting (peak) value, from what the user gave.

In order of trust: the loss log's lr column (its last finite value: what the loop logged it used), the
lr scheduler's saved state (`_last_lr`), the optimizer's param_groups (`lr`; `initial_lr` when a
scheduler set it). Pure: a log and a checkpoint in, numbers and where they came from out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from losshelp.probe.checkpoint.optimizer import first_group, usable_number


@dataclass(frozen=True)
class UsedLr:
    """The last lr used and the peak it started from (None when unknown), each with its source in words."""

    value: float
    source: str
    peak: float | None = None
    peak_source: str = ""

    def describe(self) -> str:
        """`1e-04 (log, last step)`, the form `Finding.inputs` records."""
        return f"{self.value:.3g} ({self.source})"

    @property
    def decay(self) -> float | None:
        """last / peak, None when the peak is unknown or not positive."""
        return self.value / self.peak if self.peak else None


def _first(values: Any) -> float | None:
    if isinstance(values, (list, tuple)) and values:
        values = values[0]
    return usable_number(values)


def from_log(log: Any) -> UsedLr | None:
    """The lr column's last finite value, with its peak."""
    series = log.get("lr") if log is not None else None
    if series is None:
        return None
    finite = series.y[np.isfinite(series.y)]
    if finite.size == 0:
        return None
    return UsedLr(float(finite[-1]), f"log {series.column}, last step", float(finite.max()), f"log {series.column}, peak")


def from_scheduler(scheduler: dict | None) -> UsedLr | None:
    """The scheduler's `_last_lr` (first group), with its `base_lrs` as the peak."""
    value = _first((scheduler or {}).get("_last_lr"))
    if value is None:
        return None
    return UsedLr(value, "checkpoint lr_scheduler _last_lr", _first(scheduler.get("base_lrs")), "checkpoint lr_scheduler base_lrs")


def from_optimizer(optimizer: dict | None) -> UsedLr | None:
    """param_groups[0]['lr'], with `initial_lr` (set by a scheduler) as the peak."""
    group = first_group(optimizer)
    value = _first(group.get("lr"))
    if value is None:
        return None
    initial = _first(group.get("initial_lr"))
    return UsedLr(value, "checkpoint optimizer param_groups lr", initial if initial is not None else value,
                  "checkpoint optimizer initial_lr" if initial is not None else "checkpoint optimizer param_groups lr")


def used_lr(log: Any, checkpoint: Any) -> UsedLr | None:
    """The last lr the run used, from the most trusted source that has one (see the module's doc)."""
    scheduler = getattr(checkpoint, "scheduler", None)
    optimizer = getattr(checkpoint, "optimizer", None)
    return from_log(log) or from_scheduler(scheduler) or from_optimizer(optimizer)
