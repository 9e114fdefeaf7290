"""The pure-Python forward chainer: the reference backend, and the one that runs on Python 3.13+."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from losshelp.engine.conditions import grouped, holds
from losshelp.engine.firing import Binding, Firing, value_key
from losshelp.engine.result import FactValue
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Condition, Rule

Memory = dict[str, set[FactValue]]


def match(groups: Mapping[str, list[Condition]], memory: Memory) -> Binding | None:
    """The smallest binding of the rule's facts in `memory`, or None when a fact has no passing value."""
    binding = []
    for fact, conditions in groups.items():
        passing = [v for v in memory.get(fact, ()) if all(holds(c, v) for c in conditions)]
        if not passing:
            return None
        binding.append((fact, min(passing, key=value_key)))
    return tuple(binding)


class PythonBackend:
    """Forward chaining with an agenda: a rule is (re)checked only when a fact it tests gains a value.
    Conditions are monotone (none tests a fact's absence), so the rules that fire are exactly
    those that match the final working memory."""

    name = "python"

    def __init__(self, kb: KnowledgeBase) -> None:
        self._rules: list[Rule] = list(kb.rules.values())
        self._groups = [grouped(rule) for rule in self._rules]
        self._by_fact: dict[str, set[int]] = defaultdict(set)
        for i, groups in enumerate(self._groups):
            for fact in groups:
                self._by_fact[fact].add(i)

    def fire(self, facts: Mapping[str, FactValue]) -> list[Firing]:
        memory: Memory = {fact: {value} for fact, value in facts.items()}
        agenda = set().union(*(self._by_fact.get(f, set()) for f in memory))
        while agenda:
            i = min(agenda)
            agenda.discard(i)
            if match(self._groups[i], memory) is None:
                continue
            for conclusion in self._rules[i].then:
                if conclusion.fact is None or conclusion.value is None:
                    continue
                values = memory.setdefault(conclusion.fact, set())
                if conclusion.value not in values:
                    values.add(conclusion.value)
                    agenda |= self._by_fact.get(conclusion.fact, set())
        firings = []
        for rule, groups in zip(self._rules, self._groups, strict=True):
            binding = match(groups, memory) if groups.keys() <= memory.keys() else None
            if binding is not None:
                firings.append(Firing(rule.id, binding))
        return firings
