"""How one rule condition tests one value: the reference semantics both backends follow."""

from __future__ import annotations

import operator
from collections import defaultdict

from losshelp.engine.result import FactValue
from losshelp.kb.models import Condition, Rule

# Numbers are compared as integers in units of 1e-12, saturated at +-9e18 (exact up to 9e6):
# durable-rules' JSON parser rejects exponent notation (Python writes 1e-05), and both backends
# must compare the very same way.
NUMBER_SCALE = 1e12
NUMBER_LIMIT = 9 * 10**18


def number_key(value: float) -> int:
    """`value` as the integer both backends compare; saturated before scaling, so neither 1e300, a
    400-digit integer nor infinity overflows. NaN has no key (ValueError): facts are validated finite before they get here."""
    if value != value:
        raise ValueError("a NaN number has no comparison key")
    if abs(value) >= NUMBER_LIMIT / NUMBER_SCALE:  # compared before scaling: huge ints stay exact
        return NUMBER_LIMIT if value > 0 else -NUMBER_LIMIT
    return round(value * NUMBER_SCALE)


ORDERINGS = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}


def holds(condition: Condition, value: FactValue) -> bool:
    """Whether `value` (a word or a number) passes `condition`; a word never passes a number test."""
    if condition.in_ is not None:
        return value in condition.in_
    if condition.not_ is not None:
        return isinstance(value, str) and value != condition.not_
    if isinstance(condition.is_, str) or isinstance(value, str):
        return value == condition.is_
    key = number_key(value)
    if condition.is_ is not None:
        return key == number_key(condition.is_)
    comparison = condition.comparison
    assert comparison is not None, "a condition holds exactly one test, and is, in and not are handled above"
    op, bound = comparison
    return ORDERINGS[op](key, number_key(bound))


def grouped(rule: Rule) -> dict[str, list[Condition]]:
    """The rule's conditions by fact, facts sorted: all conditions on one fact test the same value."""
    groups: dict[str, list[Condition]] = defaultdict(list)
    for condition in rule.when:
        groups[condition.fact].append(condition)
    return dict(sorted(groups.items()))
