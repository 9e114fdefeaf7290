"""Evidence combination: MYCIN certainty factors, and the levels they map to.

Each rule that fires gives a cause a weight w in [-1, 1]. Supporting weights combine as
P = 1 - prod(1 - w) and opposing ones as N = -(1 - prod(1 - |w|)); the score is
(P + N) / (1 - min(P, |N|)), in [-1, 1]. The result does not depend on the order the rules fired
in, a fact nobody stated fires nothing (so "unknown" adds nothing), and a score depends only on
that cause's own evidence, so scores are comparable across sessions and between causes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from losshelp.engine.result import Level

LIKELY = 0.5
"""A score at or above this is `likely`: e.g. one strong direct sign (0.8), or two moderate ones."""
POSSIBLE = 0.2
"""At or above this (and below LIKELY) is `possible`; anything lower, or negative, is `unlikely`."""
CONFLICT = 0.5
"""Support and opposition both at least this strong: the answers disagree, and the user is told."""


@dataclass(frozen=True)
class Certainty:
    """The combined support P in [0, 1], opposition N in [-1, 0], and the score from both."""

    support: float
    against: float

    @property
    def score(self) -> float:
        denominator = 1.0 - min(self.support, -self.against)
        if denominator <= 0.0:
            return 0.0  # certain both ways: the evidence cancels
        return (self.support + self.against) / denominator

    @property
    def conflicting(self) -> bool:
        return self.support >= CONFLICT and -self.against >= CONFLICT


def combine(weights: Iterable[float]) -> Certainty:
    """Combine rule weights for one cause (order-independent)."""
    keep_for, keep_against = 1.0, 1.0
    for w in weights:
        if w > 0:
            keep_for *= 1.0 - w
        elif w < 0:
            keep_against *= 1.0 + w
    return Certainty(1.0 - keep_for, -(1.0 - keep_against))


def level(score: float) -> Level:
    """`likely`, `possible` or `unlikely` by the thresholds above."""
    if score >= LIKELY:
        return "likely"
    if score >= POSSIBLE:
        return "possible"
    return "unlikely"
