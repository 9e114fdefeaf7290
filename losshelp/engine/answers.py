"""The answer model behind the next question: how a user answers, given the cause of their failing loss.

Derived once per knowledge base from its rules, the way the KB describes each cause. For a question
and a cause, the cause's answers are those the rules supporting the cause name (each weighted by
the summed weight of those rules, following derived facts back to the answers that produce them;
a band of a number is named when its value passes the rule's tests on that number). Where no such
rule names an answer, the cause does not concern the question and its user gives the quiet answer:
the first the KB lists (it lists the usual, healthy value first: decreasing, default, healthy,
passes, yes) of those that, on their own, raise no other cause and do not argue against this one.

A user gives one of the cause's answers with probability 1 - NOISE, shared in proportion to
(weight / strongest weight) ** SHARPNESS, and any answer with probability NOISE, evenly (users
misread questions and misremember set-ups). That is the likelihood P(answer | cause) that the
question picker uses for its posterior and for the expected information gain of each question.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from losshelp.engine.conditions import grouped, holds
from losshelp.engine.facts import option_value
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Condition, Rule, Symptom

NOISE = 0.15
"""Chance that an answer is not one the cause predicts (a wrong or careless answer)."""
SHARPNESS = 2.0
"""How much more often the most strongly named answer is given than a weaker named one."""
MAX_DEPTH = 4
"""How many derived facts deep the support of a cause is followed back to the answers."""

Likelihood = dict[str, dict[str, float]]
"""cause -> option -> P(option | cause), for one question."""


def _named(symptom: Symptom | None, conditions: list[Condition]) -> list[str]:
    """The options of `symptom` that pass every condition on it (all of them test the same answer)."""
    if symptom is None:
        return []
    return [o for o in symptom.options if all(holds(c, option_value(symptom, o)) for c in conditions)]


def support(kb: KnowledgeBase, cause: str) -> dict[str, dict[str, float]]:
    """symptom -> option -> summed weight of the rules that support `cause` through that answer; a
    symptom those rules test without naming one of its options (a bare number) maps to {}."""
    producers = kb.producers()
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def credit(rule: Rule, weight: float, depth: int) -> None:
        for fact, conditions in grouped(rule).items():
            if fact in kb.symptoms:
                named = out[fact]
                for option in _named(kb.symptoms[fact], conditions):
                    named[option] += weight
            elif depth < MAX_DEPTH:
                for value, producer in producers.get(fact, []):
                    if all(holds(c, value) for c in conditions):
                        credit(producer, weight, depth + 1)

    for rule in kb.rules.values():
        for conclusion in rule.then:
            if conclusion.cause == cause and conclusion.weight is not None and conclusion.weight > 0:
                credit(rule, conclusion.weight, 0)
    return out


def causes_by_symptom(kb: KnowledgeBase) -> dict[str, list[str]]:
    """symptom id -> the causes it can speak for, in KB order: named in the cause's `confirm`, or
    tested by the rules that support the cause, derived facts followed back (the knowledge browser's tree)."""
    links: dict[str, list[str]] = {s: [] for s in kb.symptoms}
    for cause in kb.causes.values():
        for symptom in set(cause.confirm.symptoms) | set(support(kb, cause.id)):
            links.setdefault(symptom, []).append(cause.id)
    return links


def quiet_answer(engine: Engine, symptom: Symptom, cause: str) -> str:
    """The first option that on its own raises no other cause and argues least against `cause`."""

    def alarm(option: str) -> float:
        after = engine.scores({symptom.id: option_value(symptom, option)})
        return sum(max(0.0, x) for c, x in after.items() if c != cause) + max(0.0, -after.get(cause, 0.0))

    alarms = {o: alarm(o) for o in symptom.options}
    least = min(alarms.values())
    return next(o for o, a in alarms.items() if a <= least + 1e-9)


def _spread(weights: Mapping[str, float], options: list[str]) -> dict[str, float]:
    """P(option): 1 - NOISE shared by `weights`, NOISE evenly over every option."""
    total = sum(weights.values())
    return {o: (1.0 - NOISE) * weights.get(o, 0.0) / total + NOISE / len(options) for o in options}


@dataclass(frozen=True)
class AnswerModel:
    """P(answer | cause) for every askable question and every cause of a knowledge base."""

    questions: dict[str, Likelihood]
    options: dict[str, dict[FactValue, str]]
    """fact -> the fact value each option states (a band's number, else the option itself) -> option."""

    def likelihood(self, fact: str, value: FactValue) -> dict[str, float] | None:
        """cause -> P(value | cause); None when the model does not cover `value` (e.g. a stated
        number that is not one of the fact's bands)."""
        option = self.options.get(fact, {}).get(value)
        if option is None:
            return None
        return {cause: row[option] for cause, row in self.questions[fact].items()}


def build(engine: Engine) -> AnswerModel:
    """The answer model of `engine`'s knowledge base (see the module docstring)."""
    kb = engine.kb
    supports = {cause: support(kb, cause) for cause in kb.causes}
    questions: dict[str, Likelihood] = {}
    options: dict[str, dict[FactValue, str]] = {}
    for symptom in kb.symptoms.values():
        if not symptom.askable:
            continue
        table: Likelihood = {}
        for cause in kb.causes:
            named = supports[cause].get(symptom.id, {})
            if named:
                strongest = max(named.values())
                weights = {o: (w / strongest) ** SHARPNESS for o, w in named.items()}
            else:
                weights = {quiet_answer(engine, symptom, cause): 1.0}
            table[cause] = _spread(weights, symptom.options)
        questions[symptom.id] = table
        options[symptom.id] = {option_value(symptom, o): o for o in symptom.options}
    return AnswerModel(questions, options)


_models: WeakKeyDictionary[Engine, AnswerModel] = WeakKeyDictionary()


def answer_model(engine: Engine) -> AnswerModel:
    """The engine's answer model, built on first use and kept as long as the engine."""
    if engine not in _models:
        _models[engine] = build(engine)
    return _models[engine]
