"""An alert (a check that fired, at a step) and its one-line rendering."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from losshelp.probe.base import FactValue, Finding


@dataclass(frozen=True)
class Alert:
    """A broken invariant: which check, at which optimizer step, where, what was measured, the
    fact it sets, and the threshold with its source, plus the words users read."""

    check: str
    step: int
    where: str
    measured: str
    fact: str
    value: FactValue
    threshold: str
    source: str
    what: str
    fix: str

    def line(self) -> str:
        """step, what, where, the fix: what the watcher prints once."""
        return f"losshelp watch: step {self.step}: {self.what} [{self.where}: {self.measured}] -> {self.fix}"

    def finding(self) -> Finding:
        return Finding(
            f"watch_{self.check}", self.fact, self.value, self.threshold, "abnormal",
            f"{self.what}: {self.measured} (threshold from {self.source})",
            {"step": str(self.step), "where": self.where},
        )

    def to_json(self) -> dict[str, Any]:
        return {"kind": "alert", **asdict(self)}
