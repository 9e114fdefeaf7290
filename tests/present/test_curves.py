"""The loss plot's y range: every value and the chance level inside, never a magnified flat line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from losshelp.present.curves import FLOOR, MIN_SPAN, y_range

losses = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=50)
chance = st.none() | st.floats(min_value=0.0, max_value=20.0)


@given(losses, chance)
def test_the_range_holds_every_value_and_the_chance_level(values, level):
    low, high = y_range(values, level)
    assert low <= min(values) and max(values) <= high
    if level is not None:
        assert low <= level <= high


@given(losses, chance)
def test_the_range_is_never_narrower_than_a_share_of_the_level(values, level):
    low, high = y_range(values, level)
    biggest = max(abs(v) for v in values + ([level] if level is not None else []))
    assert high - low >= max(MIN_SPAN * biggest, FLOOR) * 0.999


def test_a_flat_run_at_chance_is_drawn_flat():
    low, high = y_range([2.3026 + 0.007 * (-1) ** i for i in range(100)], 2.3026)
    assert high - low > 0.4  # the wiggle of +-0.007 is a small part of the height
