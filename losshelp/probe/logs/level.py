"""Levels of a loss log: the final value, high/low against chance or the start, stuck at ln C,
below zero, the train/validation gap, and the LR schedule (decay, warm-up): arrays in, numbers out."""

from __future__ import annotations

import math

import numpy as np

from losshelp.probe.logs.thresholds import (
    CHANCE_TOLERANCE,
    FINAL_POINTS,
    GAP_MIN_SHARE_OF_START,
    GAP_RATIO,
    LEVEL_HIGH_FRACTION,
    LEVEL_LOW_FRACTION,
    LR_DECAY_RATIO,
    NEGATIVE_MARGIN,
    VAL_IMPROVED_DROP,
    WARMUP_RATIO,
)


def final_value(y: np.ndarray) -> float | None:
    """Median of the last FINAL_POINTS finite values (robust to one noisy last batch)."""
    finite = y[np.isfinite(y)]
    return float(np.median(finite[-FINAL_POINTS:])) if finite.size else None


def start_value(y: np.ndarray) -> float | None:
    """Median of the first FINAL_POINTS finite values."""
    finite = y[np.isfinite(y)]
    return float(np.median(finite[: FINAL_POINTS])) if finite.size else None


def improved(y: np.ndarray) -> bool | None:
    """Whether the best finite value after the first is VAL_IMPROVED_DROP below the first (None: under two values)."""
    finite = y[np.isfinite(y)]
    if finite.size < 2:
        return None
    return bool(finite[1:].min() <= (1.0 - VAL_IMPROVED_DROP) * finite[0])


def level(final: float, reference: float) -> str | None:
    """`high` at or above LEVEL_HIGH_FRACTION of the reference, `low` at or below LEVEL_LOW_FRACTION, else None
    (also for a negative loss, which is no level of a loss that fits the task: see `negative`)."""
    if reference <= 0 or negative(final):
        return None
    ratio = final / reference
    return "high" if ratio >= LEVEL_HIGH_FRACTION else "low" if ratio <= LEVEL_LOW_FRACTION else None


def chance_level(num_classes: float) -> float:
    """Cross-entropy of a uniform guess over C classes: ln C (2.303 for 10)."""
    return math.log(num_classes)


def at_chance(final: float, num_classes: float) -> bool:
    """The final loss lies within CHANCE_TOLERANCE (relative) of ln C."""
    return abs(final / chance_level(num_classes) - 1.0) <= CHANCE_TOLERANCE


def negative(final: float) -> bool:
    """The final loss lies below 0 by more than NEGATIVE_MARGIN, which no cross-entropy, NLL of
    log-probabilities, BCE or MSE can: the loss is not the one the task needs, or is fed the wrong input."""
    return final < -NEGATIVE_MARGIN


def gap_large(train_final: float, other_final: float, train_start: float) -> bool:
    """Validation/test loss at least GAP_RATIO times the training loss, and above it by at least
    GAP_MIN_SHARE_OF_START of the starting training loss."""
    return other_final >= GAP_RATIO * train_final and other_final - train_final >= GAP_MIN_SHARE_OF_START * abs(train_start)


def lr_schedule(lr: np.ndarray) -> tuple[bool, bool, float] | None:
    """(decays, warms up, peak) of a logged LR; None without a positive finite value."""
    v = lr[np.isfinite(lr) & (lr > 0)]
    if v.size == 0:
        return None
    peak = float(v.max())
    decays = v[-1] <= LR_DECAY_RATIO * peak
    warms = v[0] <= WARMUP_RATIO * peak and int(np.argmax(v)) > 0
    return bool(decays), bool(warms), peak
