"""The loss curves both faces draw: which points of each loss series can be drawn, what was left out,
and a y range that reads (a flat run is not blown up into jagged noise). The drawing is each face's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from losshelp.present.words import say

PLOT_LIMIT = 1e100
"""Largest |value| drawn, and 1/PLOT_LIMIT the smallest non-zero one: plotext takes differences, logs and
powers of ten of the extremes, which overflow near 1e308 and on subnormal numbers (below 2.2e-308)."""
MIN_SPAN = 0.2
"""The y range spans at least this share of the largest |value| shown (a loss flat at 2.30 shows
about 2.07 to 2.53): changes smaller than a tenth of the level either side are not told apart."""
FLOOR = 1e-3
"""The smallest span at all, for a loss at about zero."""
MARGIN = 0.05
"""Space above and below the data, as a share of its span."""

COLORS = ("cyan", "orange", "magenta", "green")
"""The series' colours in the app's plot, in the order of the log's loss columns; its legend uses the same."""
CHANCE_COLOR = "red"


@dataclass(frozen=True)
class Curve:
    """One loss series ready to draw: its column name and the drawable points."""

    column: str
    x: list[float]
    y: list[float]


def plottable(x: Any, y: Any) -> Any:
    """The points a plot can draw: finite, with magnitudes from 1/PLOT_LIMIT to PLOT_LIMIT (or 0),
    so that its axis ranges and ticks (differences, logs and powers of ten of the extremes) stay finite."""
    import numpy as np

    def drawable(v: Any) -> Any:
        size = np.abs(v)
        return np.isfinite(v) & (size <= PLOT_LIMIT) & ((size == 0) | (size >= 1 / PLOT_LIMIT))

    return drawable(x) & drawable(y)


def loss_curves(log: Any, lang: str) -> tuple[list[Curve], list[str]]:
    """The log's loss series (train, val, test) with their drawable points, and a note per series on the
    points left out; a series with no drawable point is left out."""
    from losshelp.probe.logs.series import LOSS_ROLES

    curves: list[Curve] = []
    notes: list[str] = []
    for role in LOSS_ROLES:
        series = log.get(role)
        if series is None:
            continue
        ok = plottable(series.x, series.y)
        if not ok.all():
            notes.append(say("probe.not_plotted", lang, column=series.column, left=int((~ok).sum()), total=ok.size, limit=PLOT_LIMIT, floor=1 / PLOT_LIMIT))
        if ok.any():
            curves.append(Curve(series.column, series.x[ok].tolist(), series.y[ok].tolist()))
    return curves, notes


def y_range(values: Iterable[float], chance: float | None = None) -> tuple[float, float]:
    """(low, high) holding every value and the chance level, at least MIN_SPAN of the level wide."""
    shown = [v for v in values] + ([chance] if chance is not None else [])
    if not shown:
        return 0.0, 1.0
    low, high = min(shown), max(shown)
    span = max(high - low, MIN_SPAN * max(abs(low), abs(high)), FLOOR)
    middle = (low + high) / 2
    half = span / 2 * (1 + 2 * MARGIN)
    return middle - half, middle + half
