"""Curve shapes of source 002 (initial rise, drop then plateau, slow throughout, jump after an LR
decay, smooth) and loss spikes: arrays in, labels and counts out."""

from __future__ import annotations

import numpy as np

from losshelp.probe.logs.thresholds import (
    EARLY_FRACTION,
    INITIAL_RISE,
    JUMP_AFTER_DECAY,
    JUMP_WINDOW,
    LR_EVENT_FACTOR,
    LR_VANISHED_RATIO,
    LR_VANISHED_SHARE,
    MIN_POINTS,
    PLATEAU_FRONT_SHARE,
    SLOW_FRONT_SHARE,
    SLOW_MIN_RATIO,
    SPIKE_RATIO,
    SPIKE_WINDOW,
    SPIKE_Z,
    TREND_MIN_CHANGE,
)
from losshelp.probe.logs.trend import Trend, prepare, to_log_scale
from losshelp.probe.robust import edge_points, mad_sigma, robust_fit, rolling_median3


def front_share(v: np.ndarray) -> tuple[float, float]:
    """Total log-loss drop (start median minus end median) and the share of it made in the first third."""
    k = edge_points(v.size)
    start, end = float(np.median(v[:k])), float(np.median(v[-k:]))
    third = v.size // 3
    at_third = float(np.median(v[max(0, third - k // 2): third + k // 2 + 1]))
    total = start - end
    return total, ((start - at_third) / total if total > 0 else 0.0)


def initial_rise(v: np.ndarray) -> bool:
    """The first EARLY_FRACTION of the run climbs: its peak is INITIAL_RISE above the start and its fit rises."""
    early = v[: max(MIN_POINTS, int(np.ceil(v.size * EARLY_FRACTION)))]
    return bool(rolling_median3(early).max() - early[0] >= np.log1p(INITIAL_RISE) and robust_fit(early).change > 0)


def lr_decay_events(lr_x: np.ndarray, lr: np.ndarray) -> list[float]:
    """x positions where the logged LR drops by LR_EVENT_FACTOR or more from one value to the next."""
    ok = np.isfinite(lr) & (lr > 0)
    x, v = lr_x[ok], lr[ok]
    return [float(x[i]) for i in range(1, v.size) if v[i - 1] >= LR_EVENT_FACTOR * v[i]]


def lr_vanished(lr: np.ndarray) -> bool | None:
    """The logged lr ends below LR_VANISHED_RATIO of its peak after spending LR_VANISHED_SHARE of the run
    there, over more than one logged value (a schedule annealed to zero gets there only at its last
    point, which is a tenth of a ten-epoch log); None without a positive value."""
    v = lr[np.isfinite(lr)]
    if v.size == 0 or v.max() <= 0:
        return None
    tiny = v < LR_VANISHED_RATIO * v.max()
    return bool(tiny[-1] and tiny.sum() >= 2 and tiny.mean() >= LR_VANISHED_SHARE)


def jump_after_decay(x: np.ndarray, y: np.ndarray, events: list[float]) -> float | None:
    """The first LR event after which the loss's median rises JUMP_AFTER_DECAY above its median just before."""
    ok = np.isfinite(y)
    x, v = x[ok], to_log_scale(y[ok])
    for event in events:
        before, after = v[x < event][-JUMP_WINDOW:], v[x >= event][: JUMP_WINDOW]
        if before.size >= 2 and after.size >= 2 and np.median(after) - np.median(before) >= np.log1p(JUMP_AFTER_DECAY):
            return event
    return None


def curve_shape(y: np.ndarray, trend: Trend, level_low: bool, jump_at: float | None) -> str | None:
    """Source 002's shape of a training-loss curve, or None when none fits (flat or erratic throughout)."""
    if jump_at is not None:
        return "jump_after_lr_decay"
    v = prepare(y)
    if v.size < MIN_POINTS:
        return None
    if initial_rise(v):
        return "initial_rise"
    total, share = front_share(v)
    fell = trend.whole == "decreasing" or (total >= max(TREND_MIN_CHANGE, 2 * (trend.whole_fit.noise if trend.whole_fit else 0)))
    if not fell:
        return None
    if share >= PLATEAU_FRONT_SHARE and trend.recent == "flat" and not level_low:
        return "drop_then_plateau"
    if share < SLOW_FRONT_SHARE and np.exp(-total) >= SLOW_MIN_RATIO and trend.recent == "decreasing":
        return "slow_throughout"
    if trend.recent in ("decreasing", "flat"):
        return "smooth"
    return None


def spikes(y: np.ndarray) -> int:
    """Points at least SPIKE_RATIO times their rolling median and SPIKE_Z robust sigmas above it."""
    ok = np.isfinite(y) & (y > 0)
    v = np.log(y[ok])
    if v.size < SPIKE_WINDOW:
        return 0
    half = SPIKE_WINDOW // 2
    padded = np.pad(v, half, mode="edge")
    local = np.median(np.lib.stride_tricks.sliding_window_view(padded, SPIKE_WINDOW), axis=1)
    r = v - local
    sigma = mad_sigma(r)
    return int(np.sum((r >= np.log(SPIKE_RATIO)) & (r >= SPIKE_Z * sigma)))
