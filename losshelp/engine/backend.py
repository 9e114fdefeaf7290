"""Which rule-engine backend this interpreter runs, found without importing it, and the one place
a backend is chosen and built."""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from losshelp.engine.firing import Backend
    from losshelp.kb.loader import KnowledgeBase


def durable_available() -> bool:
    """durable-rules 2.0.28 imports on Python < 3.13 only (its C extension uses a removed API)."""
    return sys.version_info < (3, 13) and importlib.util.find_spec("durable") is not None


def backend_name(requested: str | None = None) -> str:
    """`requested` if given, else `durable-rules` where it can run, else the pure-Python forward chainer."""
    if requested:
        return requested
    return "durable-rules" if durable_available() else "python"


def make_backend(kb: KnowledgeBase, name: str | None = None) -> Backend:
    """The backend called `name` (default: `backend_name()`), imported only when built so that
    `losshelp --version` pulls in neither the KB nor durable-rules."""
    name = backend_name(name)
    if name == "python":
        from losshelp.engine.chainer import PythonBackend

        return PythonBackend(kb)
    if name == "durable-rules":
        from losshelp.engine.durable_backend import DurableBackend

        return DurableBackend(kb)
    raise ValueError(f"unknown engine backend '{name}' (valid: durable-rules, python)")
