"""The shape of a live check: one invariant of a healthy training step, the KB fact it answers,
its threshold and where that comes from, and what it says when it fires.

A check reads the `StepState` the hooks filled and returns a `Fire` when the invariant breaks;
it touches no tensors, so checks stay cheap and testable without torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import ClassVar, Literal

import yaml

from losshelp.probe.base import FactValue
from losshelp.watch.state import StepState

Phase = Literal["before_step", "after_step", "loss"]
"""When a check runs: at optimizer.step() before the update (gradients final), after the update
(weights new), or when recorded losses are flushed (sampled steps and close)."""


@dataclass(frozen=True)
class Fire:
    """A broken invariant: where (a parameter, module or optimizer), the measured value, and the
    fact's value when it differs from the check's `fires` (numbers measured as they are)."""

    where: str
    measured: str
    fact_value: FactValue | None = None


def first_nonfinite(names: list[str], norms: list[float], what: str) -> Fire | None:
    """A Fire at the first tensor whose norm is NaN or inf, in model order; None when all are finite."""
    for name, norm in zip(names, norms, strict=True):
        if not math.isfinite(norm):
            return Fire(name, f"{what} norm {norm}")
    return None


class Check:
    """Base of every live check; subclasses set the class attributes and `check`."""

    name: ClassVar[str]
    phase: ClassVar[Phase] = "before_step"
    fact: ClassVar[str]
    fires: ClassVar[FactValue | None] = "yes"
    """The fact's value when the check fires (None: the Fire carries a measured value)."""
    quiet: ClassVar[FactValue | None] = "no"
    """The fact's value when measured and quiet (None: a quiet run says nothing about the fact)."""
    threshold: ClassVar[str]
    source: ClassVar[str]

    def __init__(self) -> None:
        self.measured = False
        """Whether the check had something to judge at least once (a quiet value means nothing otherwise)."""
        self.last_value: FactValue | None = None
        """A measured fact value of the last judgement, for checks whose fact is a number."""

    def check(self, state: StepState) -> Fire | None:
        raise NotImplementedError

    def text(self, key: Literal["what", "fix"], lang: str) -> str:
        """The check's description or its one-line fix in `lang` (from data/checks.yaml)."""
        words = check_words()[self.name][key]
        return words.get(lang) or words["en"]


@cache
def check_words() -> dict[str, dict[str, dict[str, str]]]:
    """name -> {"what": {en, zh}, "fix": {en, zh}}: the words of every check, kept as data."""
    text = (files("losshelp.watch") / "data" / "checks.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["checks"]
