"""The next best question: the unasked symptom whose answer is expected to separate the causes most.

Belief over causes: a posterior P(c | answers) proportional to prior(c) * prod P(answer | c), with
P(answer | c) from the answer model (`answers.py`, derived from the rules: what a user whose loss
fails because of c answers). The prior is uniform over the KB's causes, tilted by the certainty
scores of any stated facts that the answer model does not cover (numbers that are no band's
value, e.g. a measured gradient ratio): prior(c) proportional to exp(ALPHA * score(c)).

The question asked is the one with the largest expected information gain, H(P) - sum_v P(v) H(P | v),
where P(v) = sum_c P(c) P(v | c); ties go to the KB's symptom order. Nothing here runs the rules
per candidate answer, so picking a question stays fast however many questions there are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from losshelp.engine.answers import Likelihood, answer_model
from losshelp.engine.facts import option_value
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb.models import Symptom

ALPHA = 6.0
"""How strongly the certainty score of a fact outside the answer model tilts the prior."""
MIN_GAIN = 0.01
"""Below this many bits a question is not worth asking."""

Effects = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Gain:
    """A candidate question and its expected information gain in bits."""

    fact: str
    bits: float


def askable(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str]) -> list[Symptom]:
    """Symptoms a user can be asked (`ask: true`, with answers or bands to pick), not yet answered or skipped."""
    return [s for s in engine.kb.symptoms.values() if s.ask and s.options and s.id not in facts and s.id not in skipped]


def posterior(engine: Engine, facts: Mapping[str, FactValue]) -> dict[str, float]:
    """P(cause | facts) over every cause of the KB (see the module docstring)."""
    model = answer_model(engine)
    covered = {f: model.likelihood(f, v) for f, v in facts.items()}
    outside = engine.scores({f: v for f, v in facts.items() if covered[f] is None})
    weights = {c: math.exp(ALPHA * outside.get(c, 0.0)) for c in engine.kb.causes}
    for likelihood in covered.values():
        if likelihood is not None:
            weights = {c: w * likelihood[c] for c, w in weights.items()}
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items()}


def _entropy(p: Mapping[str, float]) -> float:
    return -sum(x * math.log2(x) for x in p.values() if x > 0)


def expected_gain(belief: Mapping[str, float], table: Likelihood) -> float:
    """Expected drop in entropy of the belief over causes after hearing the answer."""
    options = next(iter(table.values()))
    expected = 0.0
    for option in options:
        joint = {c: p * table[c][option] for c, p in belief.items()}
        p_option = sum(joint.values())
        if p_option > 0:
            expected += p_option * _entropy({c: j / p_option for c, j in joint.items()})
    return _entropy(belief) - expected


def rank_questions(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str] = frozenset()) -> list[Gain]:
    """Every askable question with its expected gain, best first (ties in KB order)."""
    model = answer_model(engine)
    belief = posterior(engine, facts)
    gains = [Gain(s.id, expected_gain(belief, model.questions[s.id])) for s in askable(engine, facts, set(skipped))]
    return sorted(gains, key=lambda g: -round(g.bits, 9))


def next_question(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str] = frozenset()) -> str | None:
    """The fact to ask about next, or None when no question is worth asking."""
    ranked = rank_questions(engine, facts, skipped)
    return ranked[0].fact if ranked and ranked[0].bits >= MIN_GAIN else None


def effects(engine: Engine, facts: Mapping[str, FactValue], symptom: Symptom) -> Effects:
    """option -> cause -> change of the cause's score if the user gave that answer (for *why ask*)."""
    base = engine.scores(facts)
    out: Effects = {}
    for option in symptom.options:
        after = engine.scores({**facts, symptom.id: option_value(symptom, option)})
        out[option] = {c: after.get(c, 0.0) - base.get(c, 0.0) for c in engine.kb.causes}
    return out
