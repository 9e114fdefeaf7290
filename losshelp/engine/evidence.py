"""Evidence combination: MYCIN certainty factors, and the levels they map to.

Each rule that fires gives a cause a weight w in [-1, 1]. Supporting weights combine as
P = 1 - prod(1 - w) and opposing ones as N = -(1 - prod(1 - |w|)); the score is
(P + N) / (1 - min(P, |N|)), in [-1, 1]. The result does not depend on the order the rules fired
in, a fact nobody stated fires nothing (so "unknown" adds nothing), and a score depends only on
that cause's own evidence, so scores are comparable across sessions and between causes.

The knowledge base refines this (`EvidenceTable`): rules that read one observation (a rule's
`observation`, or a group in the evidence file) count once for a cause, the strongest for and the
strongest against; a cause that some rule supports gets its prior, a small extra weight for causes
common in real reports, so that sparse evidence ranks the common causes first; and for facts a probe
measured, a rule's weight may be the one measured on the fault benchmark's dev split. Stated facts
keep the hand-set weights: a sign that users report when something is wrong is not the same
evidence as the same sign measured on every run, healthy ones included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from losshelp.engine.result import Level
from losshelp.kb.models import Evidence, Rule

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


@dataclass(frozen=True)
class EvidenceTable:
    """The evidence file indexed for the certainty step: weights and groups by (rule, cause), priors by cause."""

    weights: dict[tuple[str, str], float] = field(default_factory=dict)
    groups: dict[tuple[str, str], str] = field(default_factory=dict)
    priors: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, evidence: Evidence, rules: Iterable[Rule] = (), measured: bool = False) -> EvidenceTable:
        """The table for stated facts (hand-set weights), or with `measured` for probe-measured ones."""
        top = max((p.share for p in evidence.priors), default=0.0)
        groups = {(r.id, c.cause): r.observation for r in rules if r.observation for c in r.then if c.cause}
        groups.update({(rule, g.cause): g.id for g in evidence.groups for rule in g.rules})
        return cls(
            weights={(w.rule, w.cause): w.weight for w in evidence.weights} if measured else {},
            groups=groups,
            priors={p.cause: evidence.prior_weight * p.share / top for p in evidence.priors if top > 0},
        )

    def weight(self, rule: str, cause: str, hand: float) -> float:
        """The measured weight where there is one, else the hand-set one."""
        return self.weights.get((rule, cause), hand)

    def certainty(self, cause: str, fired: Iterable[tuple[str, float]]) -> Certainty:
        """Combine `(rule, weight)` pairs for `cause`: per group the strongest weight for and the
        strongest against, then across groups (an ungrouped rule is its own group), plus the prior
        when anything speaks for the cause."""
        strongest: dict[tuple[str, bool], float] = {}
        for rule, w in fired:
            key = (self.groups.get((rule, cause), rule), w > 0)
            if abs(w) > abs(strongest.get(key, 0.0)):
                strongest[key] = w
        weights = list(strongest.values())
        if any(w > 0 for w in weights) and self.priors.get(cause):
            weights.append(self.priors[cause])
        return combine(weights)
