"""Facts from findings: merge what the probes measured with what the user stated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from losshelp.probe.base import FactValue, Finding, Probe


def merge_facts(
    probes: Sequence[Probe], findings: Mapping[str, Sequence[Finding]], stated: Mapping[str, FactValue]
) -> dict[str, FactValue]:
    """One value per fact: a stated fact wins; among probes, the higher `precedence`, then the
    earlier probe in `probes`, then its first finding for that fact."""
    ranked = sorted(enumerate(probes), key=lambda ip: (-ip[1].precedence, ip[0]))
    facts: dict[str, FactValue] = {}
    for _, probe in ranked:
        for f in findings.get(probe.name, ()):
            if f.fact is not None and f.value is not None and f.verdict != "error":
                facts.setdefault(f.fact, f.value)
    facts.update(stated)
    return facts

