"""What a diagnosis returns: ranked causes, each with its score, level, reasons and fixes.

These dataclasses are the contract between the engine and everything that presents it
(`losshelp diagnose`, `losshelp probe`, the terminal app); `to_json` follows DESIGN.md's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["likely", "possible", "unlikely"]
FactValue = str | float


@dataclass(frozen=True)
class Reason:
    """One step of a why-chain: the rule that fired, the facts it matched, and its effect."""

    rule: str
    facts: dict[str, FactValue]
    weight: float
    text: str
    via: tuple["Reason", ...] = ()
    """The rules that derived the intermediate facts this rule matched (the rest of the chain)."""


@dataclass(frozen=True)
class RankedCause:
    """A cause with its combined score in [-1, 1], its level, the reasons and the fixes."""

    id: str
    score: float
    level: Level
    because: tuple[Reason, ...] = ()
    fixes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "level": self.level,
            "because": [r.text for r in self.because],
            "fixes": list(self.fixes),
        }


@dataclass(frozen=True)
class Diagnosis:
    """The engine's answer for one set of facts, causes best first."""

    facts: dict[str, FactValue]
    causes: tuple[RankedCause, ...]
    derived: dict[str, str] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    computed: dict[str, float] = field(default_factory=dict)
    findings: tuple[dict, ...] = ()
    """Probe measurements (`{"probe", "fact", "value", "threshold", "verdict"}`); the engine adds none."""

    def to_json(self) -> dict:
        return {"facts": dict(self.facts), "findings": list(self.findings), "causes": [c.to_json() for c in self.causes]}
