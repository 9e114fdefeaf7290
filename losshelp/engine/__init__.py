"""Facts in, ranked causes with explanations out; picks the next best question.

Public API: `diagnose`, `validate_facts`, `FactError`, `WizardSession` (and `Engine` for callers
that manage their own engine, e.g. to pick a backend).
"""

from __future__ import annotations

from collections.abc import Mapping

from losshelp.engine.facts import FactError, validate_facts
from losshelp.engine.reasoner import Engine
from losshelp.engine.registry import engine_for
from losshelp.engine.result import Diagnosis, RankedCause, Reason
from losshelp.engine.wizard import Ask, WizardSession, WhyAsk
from losshelp.kb.loader import KnowledgeBase, default_kb


def diagnose(facts: Mapping[str, object], kb: KnowledgeBase | None = None, lang: str = "en", backend: str | None = None) -> Diagnosis:
    """Rank the causes for `facts` (raw strings or typed values; FactError on a bad fact or value)."""
    kb = kb or default_kb()
    return engine_for(kb, backend).diagnose(validate_facts(facts, kb), lang)


__all__ = [
    "Ask",
    "Diagnosis",
    "Engine",
    "FactError",
    "RankedCause",
    "Reason",
    "WhyAsk",
    "WizardSession",
    "diagnose",
    "validate_facts",
]
