"""Which rule-engine backend this interpreter runs, found without importing it."""

from __future__ import annotations

import importlib.util
import sys


def durable_available() -> bool:
    """durable-rules 2.0.28 imports on Python < 3.13 only (its C extension uses a removed API)."""
    return sys.version_info < (3, 13) and importlib.util.find_spec("durable") is not None


def backend_name() -> str:
    """`durable-rules` where it can run, else the pure-Python forward chainer."""
    return "durable-rules" if durable_available() else "python"
