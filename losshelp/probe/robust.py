"""Robust statistics on 1-D arrays (numbers in, numbers out): Theil–Sen slope, MAD noise, binning.

Loss curves are noisy and spiky; these estimators ignore up to ~29 % outliers (Theil–Sen's
breakdown point), so one bad batch never decides a trend.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAD_TO_SIGMA = 1.4826  # MAD of a normal distribution times this is its standard deviation


def mad_sigma(values: np.ndarray) -> float:
    """Robust standard deviation: 1.4826 x the median absolute deviation from the median."""
    if values.size == 0:
        return 0.0
    return float(MAD_TO_SIGMA * np.median(np.abs(values - np.median(values))))


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the Theil–Sen line: the median of all pairwise slopes."""
    i, j = np.triu_indices(x.size, k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    if not keep.any():
        return 0.0, float(np.median(y))
    slope = float(np.median((y[j] - y[i])[keep] / dx[keep]))
    return slope, float(np.median(y - slope * x))


def rolling_median3(v: np.ndarray) -> np.ndarray:
    """Each value replaced by the median of itself and its two neighbours (one at either end):
    removes a lone spike without shifting the curve."""
    return np.array([np.median(v[max(0, i - 1): i + 2]) for i in range(v.size)])


def edge_points(n: int) -> int:
    """How many points the median at the start (or end) of an n-point series takes: a tenth, at least 2."""
    return max(2, n // 10)


def bin_medians(x: np.ndarray, y: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most `max_points` points: the median x and y of consecutive equal-count bins.

    Per-step minibatch losses are noisy; bin medians keep the curve's shape and its real swings
    while damping batch-to-batch noise, and keep Theil–Sen's pair count bounded.
    """
    if x.size <= max_points:
        return x, y
    edges = np.linspace(0, x.size, max_points + 1).astype(int)
    xs = np.array([np.median(x[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=False)])
    ys = np.array([np.median(y[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=False)])
    return xs, ys


def t_critical(z: float, df: int) -> float:
    """Student-t quantile matching the normal quantile z at df degrees of freedom (Cornish–Fisher
    expansion, within 2 % for df >= 3): small windows need a larger z for the same false-alarm rate."""
    df = max(df, 1)
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Fit:
    """A robust line through a window: the change it predicts across the window, the noise
    around it (both in the units of y), its z-score (change / its standard error) and n points."""

    change: float
    noise: float
    z: float
    n: int


def robust_fit(y: np.ndarray) -> Fit:
    """Theil–Sen fit of y against its position scaled to [0, 1]; the z-score uses the OLS standard
    error for evenly spaced points, sigma * sqrt(12 / n), with sigma the MAD of the residuals."""
    n = y.size
    t = np.linspace(0.0, 1.0, n)
    slope, intercept = theil_sen(t, y)
    noise = mad_sigma(y - (slope * t + intercept))
    se = max(noise, 1e-12) * np.sqrt(12.0 / n)
    return Fit(change=slope, noise=noise, z=slope / se, n=n)
