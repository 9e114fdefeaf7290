"""The backend interface: facts in, the rules that fire (with the facts they matched) out.

Both backends return the same canonical list: each rule that fires once, in knowledge-base order,
with the smallest matching binding when several facts values match; scores are computed from
that list by pure code, so equal firings mean equal scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from losshelp.engine.result import FactValue
from losshelp.errors import EngineFailure

Binding = tuple[tuple[str, FactValue], ...]


class EngineError(EngineFailure):
    """A rule action failed inside a backend; the message names the rule."""


@dataclass(frozen=True)
class Firing:
    """One rule that fired and the value of each fact it tested."""

    rule: str
    bindings: Binding


class Backend(Protocol):
    """A forward chainer over the KB's rules."""

    name: str

    def fire(self, facts: Mapping[str, FactValue]) -> list[Firing]:
        """The rules that fire on `facts` (stated and computed) and on the facts they derive."""
        ...


def value_key(value: FactValue) -> tuple[int, str | float]:
    return (0, value) if isinstance(value, float) else (1, str(value))


def binding_key(binding: Binding) -> tuple:
    """A total order on bindings, so both backends pick the same one."""
    return tuple((fact, value_key(value)) for fact, value in binding)


def canonical(firings: Iterable[Firing], order: Mapping[str, int]) -> list[Firing]:
    """One firing per rule (the smallest binding), in knowledge-base rule order."""
    best: dict[str, Firing] = {}
    for firing in firings:
        kept = best.get(firing.rule)
        if kept is None or binding_key(firing.bindings) < binding_key(kept.bindings):
            best[firing.rule] = firing
    return sorted(best.values(), key=lambda f: order[f.rule])
