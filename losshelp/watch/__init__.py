"""Live checks during training: `losshelp.watch(model, optimizer, log_dir=...)`.

This module is itself callable (`losshelp.watch(...)` and `losshelp.watch.watch(...)` are the same),
because `import losshelp.watch.runfolder` binds the package to the name `losshelp.watch` and would
otherwise hide the function. torch is imported only when a watcher is made.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from losshelp.watch.watcher import Watcher


def watch(model: Any = None, optimizer: Any = None, log_dir: str | None = None, every: int | None = None, **options: Any) -> Watcher:
    """Attach the live checks to `model` and `optimizer` (each one object or a list) and return the
    watcher; call `.loss(loss)` each step, `.val_loss(v)` after validation, `.close()` at the end
    (or use it as a context manager). Options: checks (names), scaler (a GradScaler), lang, stream."""
    from losshelp.watch.watcher import Watcher

    return Watcher(model, optimizer, log_dir=log_dir, every=every, **options)


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Watcher:
        return watch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["watch"]
