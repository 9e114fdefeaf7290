"""The next best question: the unasked symptom whose answer is expected to separate the causes most.

Belief over causes: P(c) proportional to exp(ALPHA * score(c)). For a candidate symptom and each
of its answers v, the engine is run on the facts plus v; the change of each cause's score gives
the answer's likelihood under that cause, L(v | c) proportional to exp(BETA * delta_v(c)) * q(v):
an answer that raises a cause is what that cause predicts, and a cause that an answer does not
concern predicts the quiet answer (one that raises no cause, e.g. "data is shuffled"), which
has q = 1, against q = ALARM for answers that raise some cause. The question with the largest
expected information gain, H(P) - sum_v P(v) H(P | v), is asked; ties go to the KB's symptom order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb.models import Symptom

ALPHA = 6.0
BETA = 4.0
ALARM = 0.15
"""Prior weight of an answer that raises some cause, relative to a quiet one."""
MIN_GAIN = 0.01
"""Below this many bits a question is not worth asking."""

Effects = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Gain:
    """A candidate question, its expected information gain in bits, and how each answer moves each cause."""

    fact: str
    bits: float
    effects: Effects


def askable(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str]) -> list[Symptom]:
    """Symptoms a user can be asked (`ask: true`, with answers to pick) not yet answered or skipped."""
    return [s for s in engine.kb.symptoms.values() if s.ask and s.answers and s.id not in facts and s.id not in skipped]


def belief(engine: Engine, scores: Mapping[str, float]) -> dict[str, float]:
    """P(cause) from scores: a softmax over every cause of the KB."""
    weights = {c: math.exp(ALPHA * scores.get(c, 0.0)) for c in engine.kb.causes}
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items()}


def effects(engine: Engine, facts: Mapping[str, FactValue], symptom: Symptom, base: Mapping[str, float]) -> Effects:
    """answer -> cause -> change of the cause's score if the user gave that answer."""
    out: Effects = {}
    for value in symptom.answers:
        after = engine.scores({**facts, symptom.id: value})
        out[value] = {c: after.get(c, 0.0) - base.get(c, 0.0) for c in engine.kb.causes}
    return out


def _entropy(p: Mapping[str, float]) -> float:
    return -sum(x * math.log2(x) for x in p.values() if x > 0)


def quietness(table: Effects) -> dict[str, float]:
    """q(v): 1 for an answer that raises no cause, ALARM for one that raises some."""
    return {v: ALARM if any(d > 1e-9 for d in deltas.values()) else 1.0 for v, deltas in table.items()}


def expected_gain(prior: Mapping[str, float], table: Effects) -> float:
    """Expected drop in entropy of the belief over causes after hearing the answer."""
    quiet = quietness(table)
    likelihood: dict[str, dict[str, float]] = {}
    for cause in prior:
        raw = {v: math.exp(BETA * table[v][cause]) * quiet[v] for v in table}
        total = sum(raw.values())
        likelihood[cause] = {v: r / total for v, r in raw.items()}
    expected = 0.0
    for value in table:
        joint = {c: prior[c] * likelihood[c][value] for c in prior}
        p_value = sum(joint.values())
        if p_value > 0:
            expected += p_value * _entropy({c: j / p_value for c, j in joint.items()})
    return _entropy(prior) - expected


def rank_questions(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str] = frozenset()) -> list[Gain]:
    """Every askable question with its expected gain, best first (ties in KB order)."""
    base = engine.scores(facts)
    prior = belief(engine, base)
    gains = []
    for symptom in askable(engine, facts, set(skipped)):
        table = effects(engine, facts, symptom, base)
        gains.append(Gain(symptom.id, expected_gain(prior, table), table))
    return sorted(gains, key=lambda g: -round(g.bits, 9))


def next_question(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str] = frozenset()) -> str | None:
    """The fact to ask about next, or None when no question is worth asking."""
    ranked = rank_questions(engine, facts, skipped)
    return ranked[0].fact if ranked and ranked[0].bits >= MIN_GAIN else None
