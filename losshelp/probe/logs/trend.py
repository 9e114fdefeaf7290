"""Trend of one loss series (decreasing / flat / rising / oscillating / nan) over its recent part
and over the whole run, from a robust fit of log-loss: numbers in, labels out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from losshelp.probe.logs.thresholds import MAX_FIT_POINTS, MIN_POINTS, NAN_SHARE, OSCILLATION_NOISE, RECENT_FRACTION, TREND_MIN_CHANGE, TREND_Z
from losshelp.probe.robust import Fit, bin_medians, edge_points, robust_fit, rolling_median3, t_critical


def to_log_scale(y: np.ndarray) -> np.ndarray:
    """log(y) for positive losses, so changes are relative; otherwise y over its median magnitude."""
    if y.size and np.all(y > 0):
        return np.log(y)
    scale = float(np.median(np.abs(y))) if y.size else 1.0
    return y / (scale if scale > 0 else 1.0)


def prepare(y: np.ndarray) -> np.ndarray:
    """The finite values of a series on the log scale, reduced to at most MAX_FIT_POINTS bin medians."""
    finite = y[np.isfinite(y)]
    v = to_log_scale(finite)
    return bin_medians(np.arange(v.size, dtype=float), v, MAX_FIT_POINTS)[1]


def recent_start(n: int) -> int:
    """Index where the recent part of an n-point series begins (its last third, >= MIN_POINTS)."""
    return max(0, n - max(MIN_POINTS, int(np.ceil(n * RECENT_FRACTION))))


def classify(fit: Fit) -> str:
    """decreasing / rising when the change is both large (>= 5 %) and significant (|z| above the
    t quantile of TREND_Z for the window's points); oscillating when the noise is large and larger
    than the change; else flat."""
    if fit.noise >= OSCILLATION_NOISE and abs(fit.change) < fit.noise:
        return "oscillating"
    if abs(fit.change) >= TREND_MIN_CHANGE and abs(fit.z) >= t_critical(TREND_Z, fit.n - 2):
        return "decreasing" if fit.change < 0 else "rising"
    return "oscillating" if fit.noise >= OSCILLATION_NOISE else "flat"


@dataclass(frozen=True)
class Trend:
    """Labels and fits of the recent part and of the whole series; `fell_before` is the log-loss
    drop from the start to the lowest point before the recent part (a later stall vs one from the start)."""

    recent: str
    whole: str
    recent_fit: Fit | None
    whole_fit: Fit | None
    fell_before: float


def went_nan(y: np.ndarray) -> bool:
    """The last value is NaN/inf, or at least NAN_SHARE of the recent part is."""
    tail = y[recent_start(y.size):]
    return bool(y.size) and (not np.isfinite(y[-1]) or float(np.mean(~np.isfinite(tail))) >= NAN_SHARE)


def series_trend(y: np.ndarray) -> Trend | None:
    """The trend of a loss series; None when it has fewer than MIN_POINTS finite values."""
    v = prepare(y)
    if v.size < MIN_POINTS:
        return Trend("nan", "nan", None, None, 0.0) if went_nan(y) else None
    cut = recent_start(v.size)
    recent_fit, whole_fit = robust_fit(v[cut:]), robust_fit(v)
    recent = "nan" if went_nan(y) else classify(recent_fit)
    fell = float(np.median(v[: edge_points(v.size)]) - np.min(rolling_median3(v)[: cut + 1]))
    return Trend(recent, classify(whole_fit), recent_fit, whole_fit, fell)


def stage(trend: Trend) -> str | None:
    """When the loss stopped falling: `later` if it first fell by a real amount (>= 5 % and beyond
    the noise), `first_epochs` if not; None while it is still decreasing."""
    if trend.recent == "decreasing":
        return None
    noise = trend.whole_fit.noise if trend.whole_fit else 0.0
    return "later" if trend.fell_before >= max(TREND_MIN_CHANGE, 2 * noise) else "first_epochs"
