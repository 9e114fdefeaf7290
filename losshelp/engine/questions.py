"""The next best question: the unasked symptom whose answer is expected to separate the causes most.

Belief over causes: a posterior P(c | answers) proportional to prior(c) * prod P(answer | c), with
P(answer | c) from the answer model (`answers.py`, derived from the rules: what a user whose loss
fails because of c answers). The prior is uniform over the KB's causes, tilted by the certainty
scores of any stated facts that the answer model does not cover (numbers that are no band's
value, e.g. a measured gradient ratio): prior(c) proportional to exp(ALPHA * score(c)).

Each question is valued by its expected information gain, H(P) - sum_v P(v) H(P | v), where
P(v) = sum_c P(c) P(v | c), plus LIFT times its lift: how much the answer is expected to raise the
chance that the true cause is among the TOP causes the diagnosis shows (ranked by the rules'
certainty scores, with a positive score), sum_v sum_{c shown after v} P(c) P(v | c) minus the
chance now. Information gain alone may settle the belief while the shown ranking lags (a
cause whose direct sign is never asked); the lift asks for that sign. The lift runs the rules on
each answer, so it is weighed only for the CANDIDATES questions of most information and, for each
of the leading causes by belief, its most telling question (the one with an answer whose
likelihood under that cause most exceeds its overall probability). The best value is asked; ties go
to the KB's symptom order.

Follow-ups come first: a question that would complete a strong rule (one that alone makes a cause
likely) whose other conditions the stated facts already meet (after "the loss is flat", "since
when?") is worth FOLLOW bits more and always has its lift weighed, until some cause is likely
(from then on the picture the user started is complete enough, and information decides), and only
when the rule makes one of the LEADERS causes of highest belief likely: a follow-up that would raise a
cause the answers so far make unlikely separates nothing the user needs separated. The answer model
sees each question alone, so it undervalues a question whose answer only matters together with what
the user said; the user expects it next.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

from losshelp.engine.answers import Likelihood, answer_model
from losshelp.engine.conditions import holds
from losshelp.engine.evidence import LIKELY
from losshelp.engine.facts import option_value
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb.models import Symptom

ALPHA = 6.0
"""How strongly the certainty score of a fact outside the answer model tilts the prior."""
MIN_GAIN = 0.01
"""Below this value a question is not worth asking."""
LIFT = 2.0
"""Bits that a question's expected lift of the chance the true cause is shown is worth, per unit."""
TOP = 3
"""How many causes the diagnosis shows first."""
CANDIDATES = 8
"""How many questions of most information have their lift weighed (besides the leaders' telling ones)."""
LEADERS = 5
"""How many causes of highest belief get their most telling question weighed."""
FOLLOW = 1.0
"""Bits a follow-up question (see above) is worth besides its own value."""

Effects = dict[str, dict[str, float]]
Follow = Literal["leading", "any", "none"]
"""Which follow-ups come first: those toward a leading cause (the wizard), any (as before), none."""


@dataclass(frozen=True)
class Gain:
    """A candidate question, its expected information gain in bits and its lift (see above)."""

    fact: str
    bits: float
    lift: float = 0.0
    follow_up: bool = False

    @property
    def value(self) -> float:
        return self.bits + LIFT * self.lift + (FOLLOW if self.follow_up else 0.0)


def askable(engine: Engine, facts: Mapping[str, FactValue], skipped: set[str]) -> list[Symptom]:
    """Symptoms a user can be asked (`ask: true`, with answers or bands to pick), not yet answered or skipped."""
    return [s for s in engine.kb.symptoms.values() if s.askable and s.id not in facts and s.id not in skipped]


def follow_ups(engine: Engine, facts: Mapping[str, FactValue], candidates: set[str], leaders: Collection[str] | None = None) -> set[str]:
    """The candidate facts that would complete a strong rule (one that alone makes a cause likely,
    one of `leaders` when given) whose conditions on other facts the stated facts all meet (at least
    one such condition): the questions the user's situation raises."""
    out: set[str] = set()
    for rule in engine.kb.rules.values():
        strong = {c.cause for c in rule.then if c.cause is not None and (c.weight or 0.0) >= LIKELY}
        if not strong or (leaders is not None and not strong & set(leaders)):
            continue
        open_facts = {c.fact for c in rule.when if c.fact not in facts}
        if len(open_facts) == 1 and open_facts <= candidates and len(open_facts) < len({c.fact for c in rule.when}):
            if all(holds(c, facts[c.fact]) for c in rule.when if c.fact in facts):
                out |= open_facts
    return out


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


def shown(engine: Engine, facts: Mapping[str, FactValue]) -> set[str]:
    """The TOP causes of the diagnosis's ranking that have a positive score."""
    scores = engine.scores(facts)
    return {c for c in engine.ranking(facts)[:TOP] if scores.get(c, 0.0) > 0}


def expected_lift(engine: Engine, facts: Mapping[str, FactValue], belief: Mapping[str, float], symptom: Symptom, table: Likelihood) -> float:
    """Expected rise of P(the true cause is shown) if `symptom` is answered."""
    now = sum(belief[c] for c in shown(engine, facts))
    after = 0.0
    for option in next(iter(table.values())):
        for cause in shown(engine, {**facts, symptom.id: option_value(symptom, option)}):
            after += belief[cause] * table[cause][option]
    return after - now


def _telling(belief: Mapping[str, float], tables: Mapping[str, Likelihood], cause: str) -> str:
    """The question with the answer whose likelihood under `cause` most exceeds its overall probability."""

    def ratio(fact: str) -> float:
        table = tables[fact]
        return max(table[cause][v] / sum(belief[c] * table[c][v] for c in belief) for v in table[cause])

    return max(tables, key=ratio)


def rank_questions(engine: Engine, facts: Mapping[str, FactValue], skipped: AbstractSet[str] = frozenset(), follow: Follow = "leading") -> list[Gain]:
    """Every askable question with its expected gain, lift and whether it follows up, best value first (ties in KB order).
    `follow` is "leading" (as above), "any" (follow-ups toward any cause) or "none" (the benchmark's comparisons)."""
    model = answer_model(engine)
    belief = posterior(engine, facts)
    symptoms = {s.id: s for s in askable(engine, facts, set(skipped))}
    tables = {fact: model.questions[fact] for fact in symptoms}
    bits = {fact: expected_gain(belief, table) for fact, table in tables.items()}
    settled = max(engine.scores(facts).values(), default=0.0) >= LIKELY
    leaders = sorted(belief, key=lambda c: -belief[c])[:LEADERS] if follow == "leading" else None
    following = set() if settled or follow == "none" else follow_ups(engine, facts, set(symptoms), leaders)
    weighed = set(sorted(bits, key=lambda f: -bits[f])[:CANDIDATES]) | following
    if tables:
        weighed |= {_telling(belief, tables, c) for c in sorted(belief, key=lambda c: -belief[c])[:LEADERS]}
    gains = [
        Gain(fact, bits[fact], expected_lift(engine, facts, belief, symptoms[fact], tables[fact]) if fact in weighed else 0.0, fact in following)
        for fact in symptoms
    ]
    return sorted(gains, key=lambda g: -round(g.value, 9))


def next_question(engine: Engine, facts: Mapping[str, FactValue], skipped: AbstractSet[str] = frozenset(), follow: Follow = "leading") -> str | None:
    """The fact to ask about next, or None when no question is worth asking."""
    ranked = rank_questions(engine, facts, skipped, follow)
    return ranked[0].fact if ranked and ranked[0].value >= MIN_GAIN else None


def effects(engine: Engine, facts: Mapping[str, FactValue], symptom: Symptom) -> Effects:
    """option -> cause -> change of the cause's score if the user gave that answer (for *why ask*)."""
    base = engine.scores(facts)
    out: Effects = {}
    for option in symptom.options:
        after = engine.scores({**facts, symptom.id: option_value(symptom, option)})
        out[option] = {c: after.get(c, 0.0) - base.get(c, 0.0) for c in engine.kb.causes}
    return out
