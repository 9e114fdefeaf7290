"""What a watched run amounts to: the KB facts its checks measured and one finding per check
(plain functions of the checks and the alerts; no torch)."""

from __future__ import annotations

from collections.abc import Sequence

from losshelp.probe.base import FactValue, Finding
from losshelp.watch.alerts import Alert
from losshelp.watch.checks.base import Check


def run_facts(checks: Sequence[Check], alerts: Sequence[Alert]) -> dict[str, FactValue]:
    """The facts the run showed: a fired check's value wins over a quiet one's."""
    out: dict[str, FactValue] = {}
    for check in checks:
        quiet = check.last_value if check.fires is None else check.quiet
        if check.measured and quiet is not None:
            out.setdefault(check.fact, quiet)
    for alert in alerts:
        out[alert.fact] = alert.value
    return out


def run_findings(checks: Sequence[Check], alerts: Sequence[Alert], steps: int, lang: str) -> list[Finding]:
    """One finding per check that measured: its alert's, or an `ok` one saying what was not seen."""
    fired = {a.check: a for a in alerts}
    out = []
    for check in checks:
        if check.name in fired:
            out.append(fired[check.name].finding())
        elif check.measured:
            value = check.last_value if check.fires is None else check.quiet
            reason = f"not seen in {steps} steps: {check.text('what', lang)} (threshold from {check.source})"
            out.append(Finding(f"watch_{check.name}", check.fact if value is not None else None, value, check.threshold, "ok", reason))
    return out
