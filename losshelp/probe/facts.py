"""Facts from findings: merge what the probes measured with what the user stated.

This is where measured facts enter: each number is checked once, as `--set` values are (a NaN or
inf becomes what it means, e.g. a NaN training loss is `train_loss=nan`; a finite number outside
its fact's domain is an error naming the input it was measured from).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from losshelp.engine.facts import FactError, measured
from losshelp.probe.base import FactValue, Finding, Probe
from losshelp.probe.errors import ProbeInputError


def source_of(probe: Probe) -> str:
    """The input a probe measures, in words, for messages."""
    where = "the log" if "log" in probe.needs else "the checkpoint" if "checkpoint" in probe.needs else "the model and data"
    return f"{where} ({probe.name})"


def merge_facts(
    probes: Sequence[Probe], findings: Mapping[str, Sequence[Finding]], stated: Mapping[str, FactValue]
) -> dict[str, FactValue]:
    """One value per fact: a stated fact wins; then what a non-finite measurement means (a NaN
    loss outranks any trend); among probes, the higher `precedence`, then the earlier probe in
    `probes`, then its first finding for that fact.

    Raises ProbeInputError when a probe measured a finite number outside its fact's domain.
    """
    ranked = sorted(enumerate(probes), key=lambda ip: (-ip[1].precedence, ip[0]))
    facts: dict[str, FactValue] = {}
    meant: dict[str, FactValue] = {}
    for _, probe in ranked:
        for f in findings.get(probe.name, ()):
            if f.fact is None or f.value is None or f.verdict == "error":
                continue
            try:
                stated_by_it = measured(f.fact, f.value, source_of(probe))
            except FactError as exc:
                raise ProbeInputError(str(exc)) from None
            for fact, value in stated_by_it.items():
                (facts if fact == f.fact else meant).setdefault(fact, value)
    facts.update(meant)
    facts.update(stated)
    return facts
