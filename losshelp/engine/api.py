"""The engine's one-call entry point: facts in, a ranked diagnosis out."""

from __future__ import annotations

from collections.abc import Mapping

from losshelp.engine.cache import engine_for
from losshelp.engine.facts import validate_facts
from losshelp.engine.result import Diagnosis
from losshelp.kb.loader import KnowledgeBase, default_kb


def diagnose(
    facts: Mapping[str, object], kb: KnowledgeBase | None = None, *, backend: str | None = None,
    source: str | Mapping[str, str] | None = None, measured: bool = False,
) -> Diagnosis:
    """Rank the causes for `facts` (raw strings or typed values; FactError on a bad fact or value,
    naming `source`, where the facts came from, as `validate_facts` does). The diagnosis carries no
    language: its faces render reasons and notices with `text(kb, lang)`. `measured`: the facts
    come from probes, so the weights measured on the fault benchmark apply (see `EvidenceTable.of`)."""
    kb = kb or default_kb()
    return engine_for(kb, backend, measured).diagnose(validate_facts(facts, kb, source))
