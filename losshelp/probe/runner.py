"""Run the selected probes on the inputs: each timed, each isolated so one failure spares the rest."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from losshelp.probe.base import FactValue, Finding, Probe, ProbeInputs
from losshelp.probe.facts import merge_facts

OnProgress = Callable[[Probe, str], None]


@dataclass
class ProbeReport:
    """What a probe run produced: findings in probe order, merged facts, seconds per probe,
    the probes skipped for a missing input, and the error line of each probe that failed."""

    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, FactValue] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> dict[str, str]:
        """The error line of each probe that failed, read off its `error` finding."""
        return {f.probe: f.reason for f in self.findings if f.verdict == "error"}


def run_probe(probe: Probe, inputs: ProbeInputs) -> list[Finding]:
    """One probe's findings; an exception becomes a single `error` finding instead of a crash."""
    try:
        return list(probe.run(inputs))
    except Exception as exc:  # noqa: BLE001 - a probe's bug must not stop the others
        message = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
        return [Finding(probe.name, None, None, "", "error", f"the probe failed: {message}")]


def run_probes(
    probes: Sequence[Probe], inputs: ProbeInputs, on_progress: OnProgress | None = None
) -> ProbeReport:
    """Run each ready probe in order; `on_progress(probe, "start"|"done"|"skip")` drives a display."""
    report = ProbeReport()
    by_probe: dict[str, list[Finding]] = {}
    for probe in probes:
        if not probe.ready(inputs):
            missing = sorted(n for n in probe.needs if not inputs.has(n))
            report.skipped[probe.name] = f"needs {', '.join(missing)}"
            if on_progress:
                on_progress(probe, "skip")
            continue
        if on_progress:
            on_progress(probe, "start")
        start = time.perf_counter()
        found = run_probe(probe, inputs)
        report.timings[probe.name] = round(time.perf_counter() - start, 4)
        by_probe[probe.name] = found
        report.findings.extend(found)
        if on_progress:
            on_progress(probe, "done")
    report.facts = merge_facts(probes, by_probe, inputs.stated)
    return report
