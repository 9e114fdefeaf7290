"""Facts in, ranked causes with explanations out; picks the next best question.

Public API: `diagnose`, `validate_facts`, `FactError`, `WizardSession` (and `Engine` for callers
that manage their own engine, e.g. to pick a backend). Names are imported on first use, so that
`losshelp.engine.backend` (read by `losshelp --version`) does not pull in the KB and pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "diagnose": "losshelp.engine.api",
    "FactError": "losshelp.engine.facts",
    "validate_facts": "losshelp.engine.facts",
    "Engine": "losshelp.engine.reasoner",
    "Diagnosis": "losshelp.engine.result",
    "RankedCause": "losshelp.engine.result",
    "Reason": "losshelp.engine.result",
    "Ask": "losshelp.engine.wizard",
    "WizardSession": "losshelp.engine.wizard",
    "WhyAsk": "losshelp.engine.wizard",
}

__all__ = ["Ask", "Diagnosis", "Engine", "FactError", "RankedCause", "Reason", "WhyAsk", "WizardSession", "diagnose", "validate_facts"]

if TYPE_CHECKING:
    from losshelp.engine.api import diagnose
    from losshelp.engine.facts import FactError, validate_facts
    from losshelp.engine.reasoner import Engine
    from losshelp.engine.result import Diagnosis, RankedCause, Reason
    from losshelp.engine.wizard import Ask, WhyAsk, WizardSession


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'losshelp.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
