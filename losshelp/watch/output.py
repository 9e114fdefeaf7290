"""What the watcher shows: each alert once on stderr (rank 0), and a short summary at close with
the engine's ranked diagnosis of the run's facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from losshelp.probe.base import FactValue
from losshelp.watch.alerts import Alert

SUMMARY_CAUSES = 3


class AlertPrinter:
    """Prints an alert the first time its check fires and counts the repeats; never floods."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.repeats: dict[str, int] = {}

    def show(self, alert: Alert) -> bool:
        """Print `alert` unless its check fired before; True when printed."""
        first = alert.check not in self.repeats
        self.repeats[alert.check] = self.repeats.get(alert.check, 0) + 1
        if first and self.stream is not None:
            print(alert.line(), file=self.stream, flush=True)
        return first


def summary(facts: Mapping[str, FactValue], alerts: list[Alert], steps: int, folder: str | None, lang: str) -> list[str]:
    """A few lines: steps and alerts, the causes the engine ranks likely or possible, the run folder."""
    from losshelp.engine import diagnose
    from losshelp.kb import default_kb

    kb = default_kb()
    diagnosis = diagnose(dict(facts), kb, measured=True)
    head = f"losshelp watch: {steps} steps, {len(alerts)} alert(s)"
    lines = [head if alerts else f"{head}: no training-loop problem seen"]
    ranked = [c for c in diagnosis.causes if c.level != "unlikely"][:SUMMARY_CAUSES]
    for cause in ranked:
        name = kb.causes[cause.id].name.get(lang)
        lines.append(f"  {cause.level:<8} {name} ({cause.id}, {cause.score:+.2f})")
    if folder:
        lines.append(f"  run folder: {folder}  (losshelp probe --run {folder} explains each cause)")
    return lines
