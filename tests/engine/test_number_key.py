"""The engine's number key is total over every float and integer a fact may carry, and keeps order."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from losshelp.engine.conditions import NUMBER_LIMIT, NUMBER_SCALE, number_key

NUMBERS = st.one_of(
    st.floats(allow_nan=False),  # infinities and +-1.8e308 included
    st.integers(),
    st.integers(min_value=10**399, max_value=10**5000).map(lambda n: n if n % 2 else -n),
    st.sampled_from([1e300, -1e300, 1.8e296, 9e6, -9e6, math.nextafter(9e6, 0), 0.0, -0.0, 5e-13, -5e-13]),
)


@given(NUMBERS)
def test_every_number_has_a_bounded_key(x):
    key = number_key(x)
    assert isinstance(key, int)
    assert -NUMBER_LIMIT <= key <= NUMBER_LIMIT


@given(NUMBERS, NUMBERS)
def test_key_keeps_order(x, y):
    if x <= y:
        assert number_key(x) <= number_key(y)


@given(st.floats(min_value=-8.9e6, max_value=8.9e6))
def test_key_is_the_scaled_value_where_it_fits(x):
    assert number_key(x) == round(x * NUMBER_SCALE)


def test_nan_has_no_key():
    with pytest.raises(ValueError):
        number_key(math.nan)
