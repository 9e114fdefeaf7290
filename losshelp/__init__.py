"""losshelp: why does my training loss not go down, and what do I do?"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # `losshelp.watch(model, optimizer, ...)`, imported on first use so `import losshelp` stays free of torch.
    if name == "watch":
        return importlib.import_module("losshelp.watch")
    raise AttributeError(f"module 'losshelp' has no attribute {name!r}")
