"""What a diagnosis returns: ranked causes, each with its score, level, reasons and fixes.

These dataclasses are the contract between the engine and everything that presents it
(`losshelp diagnose`, `losshelp probe`, the terminal app); `to_json` follows DESIGN.md's output.
They carry no language: reasons and notices name rules and causes, and each face renders them in
its current language with `text(kb, lang)`, so a report can be re-rendered after a language switch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from losshelp.present import say

if TYPE_CHECKING:
    from losshelp.kb.loader import KnowledgeBase

Level = Literal["likely", "possible", "unlikely"]
Verdict = Literal["healthy", "problem", "unclear"]
FactValue = str | float


@dataclass(frozen=True)
class Reason:
    """One step of a why-chain: the rule that fired, the facts it matched, and its effect."""

    rule: str
    facts: dict[str, FactValue]
    weight: float
    via: tuple[Reason, ...] = ()
    """The rules that derived the intermediate facts this rule matched (the rest of the chain)."""

    def text(self, kb: KnowledgeBase, lang: str) -> str:
        """The rule's `because`, in `lang`."""
        return kb.rules[self.rule].because.get(lang)


@dataclass(frozen=True)
class Notice:
    """Something the user should check: answers a rule calls contradictory (`rule`), or strong
    evidence both for and against one cause (`cause`)."""

    rule: str | None = None
    cause: str | None = None

    def text(self, kb: KnowledgeBase, lang: str) -> str:
        if self.rule is not None:
            return kb.rules[self.rule].because.get(lang)
        cause = self.cause or ""
        name = kb.causes[cause].name.get(lang) if cause in kb.causes else cause
        return say("diagnose.conflict", lang, cause=name)


@dataclass(frozen=True)
class RankedCause:
    """A cause with its combined score in [-1, 1], its level, the reasons and the fixes."""

    id: str
    score: float
    level: Level
    because: tuple[Reason, ...] = ()
    fixes: tuple[str, ...] = ()

    def to_json(self, kb: KnowledgeBase | None = None, lang: str = "en") -> dict:
        """DESIGN.md's cause object; `because` holds the reasons' text in `lang` given the KB, else their rule ids."""
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "level": self.level,
            "because": [r.text(kb, lang) if kb is not None else r.rule for r in self.because],
            "fixes": list(self.fixes),
        }


@dataclass(frozen=True)
class Diagnosis:
    """The engine's answer for one set of facts, causes best first."""

    facts: dict[str, FactValue]
    causes: tuple[RankedCause, ...]
    derived: dict[str, str] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()
    computed: dict[str, float] = field(default_factory=dict)
    findings: tuple[dict, ...] = ()
    """Probe measurements (`{"probe", "fact", "value", "threshold", "verdict"}`); the engine adds none."""

    @property
    def verdict(self) -> Verdict:
        return verdict(self.causes, self.findings)

    def to_json(self, kb: KnowledgeBase | None = None, lang: str = "en") -> dict:
        """DESIGN.md's output object (see `RankedCause.to_json` for `kb` and `lang`)."""
        return {"verdict": self.verdict, "facts": dict(self.facts), "findings": list(self.findings),
                "causes": [c.to_json(kb, lang) for c in self.causes]}


def _bound_facts(reason: Reason) -> set[str]:
    """The facts a reason matched, and those its chain matched."""
    return set(reason.facts).union(*(_bound_facts(r) for r in reason.via))


def verdict(causes: tuple[RankedCause, ...], findings: tuple[dict, ...]) -> Verdict:
    """`problem`: some cause is likely. `unclear`: nothing was measured, or an abnormal measurement
    is what a `possible` cause rests on (a lead to check, not a finding). `healthy`: measurements
    were taken and neither holds; an abnormal reading that supports no cause that far (a flat tail,
    a noisy loss) is also seen on healthy runs (benchmarks/results/faultgen_dev.txt)."""
    if any(c.level == "likely" for c in causes):
        return "problem"
    abnormal = {f.get("fact") for f in findings if f.get("verdict") == "abnormal"}
    leads = set().union(*(_bound_facts(r) for c in causes if c.level == "possible" for r in c.because if r.weight > 0))
    measured = any(f.get("verdict") in ("ok", "abnormal") for f in findings)
    return "healthy" if measured and not abnormal & leads else "unclear"
