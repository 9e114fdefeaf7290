"""What the probe screen's loss plot shows: a y range that reads (a flat run is not blown up into
jagged noise) and the legend's entries, apart from the drawing itself."""

from __future__ import annotations

from collections.abc import Iterable

MIN_SPAN = 0.2
"""The y range spans at least this share of the largest |value| shown (a loss flat at 2.30 shows
about 2.07 to 2.53): changes smaller than a tenth of the level either side are not told apart."""
FLOOR = 1e-3
"""The smallest span at all, for a loss at about zero."""
MARGIN = 0.05
"""Space above and below the data, as a share of its span."""

COLORS = ("cyan", "orange", "magenta", "green")
"""The series' colours in the plot, in the order of the log's loss columns; the legend uses the same."""
CHANCE_COLOR = "red"


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
