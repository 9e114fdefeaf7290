"""Facts that make a given rule fire, built from its conditions and chained back through derived facts."""

from __future__ import annotations

import math

from losshelp.engine.conditions import grouped, holds
from losshelp.engine.facts import check_number
from losshelp.kb.models import Condition, Rule


def _number_for(conditions: list[Condition]) -> float | None:
    """A number passing every condition (all on one fact), or None; one within the fact's domain first."""
    bounds = [b for c in conditions for b in (c.gt, c.ge, c.lt, c.le, c.is_) if isinstance(b, float)]
    candidates = {b * k + d for b in bounds for k in (1.0, 0.5, 2.0) for d in (0.0, 1e-3, -1e-3)} | {0.5, 5.0}
    ordered = sorted(candidates, key=lambda x: (check_number(conditions[0].fact, x) is not None, x))
    return next((x for x in ordered if all(holds(c, x) for c in conditions)), None)


def _word_for(kb, conditions: list[Condition]) -> str | None:
    fact = conditions[0].fact
    values = kb.symptoms[fact].answers if fact in kb.symptoms else sorted({str(c.value) for r in kb.rules.values() for c in r.then if c.fact == fact})
    return next((v for v in values if all(holds(c, v) for c in conditions)), None)


def facts_for(kb, rule: Rule, depth: int = 0) -> dict | None:
    """Stated facts that make `rule` fire: its own conditions, chained back through derived and computed facts."""
    facts: dict = {}
    for fact, conditions in grouped(rule).items():
        if fact in kb.symptoms:
            kind = kb.symptoms[fact].kind
            value = _number_for(conditions) if kind == "number" else _word_for(kb, conditions)
            if value is None or facts.get(fact, value) != value:
                return None
            facts[fact] = value
        elif fact in kb.computed:
            target = _number_for(conditions)
            if fact == "chance_loss":
                facts["num_classes"] = round(math.exp(target), 6)
            else:  # loss_over_chance: loss_value / ln(num_classes)
                facts.update(num_classes=10.0, loss_value=target * math.log(10))
        else:
            value = _word_for(kb, conditions)
            producers = [r for r in kb.rules.values() if any(c.fact == fact and c.value == value for c in r.then)]
            for producer in producers:
                sub = facts_for(kb, producer, depth + 1) if depth < 5 else None
                if sub is not None and all(facts.get(k, v) == v for k, v in sub.items()):
                    facts.update(sub)
                    break
            else:
                return None
    return facts
