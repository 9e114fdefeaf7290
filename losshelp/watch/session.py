"""Zero-code mode: a watcher attached to every optimizer a script creates and to the model each
one trains, with the loss read from `backward()`; what `losshelp run` installs in the child.

Patches, all thin wrappers that call the original first or last and change no argument or result:
`torch.optim.Optimizer.__init__` (attach the optimizer), `torch.Tensor.backward` (record the loss),
`torch.amp.GradScaler.scale` (watch the scaler; record the loss before scaling),
and, while an optimizer waits for its model, global module forward hooks that find the outermost
module holding its parameters. Nothing is made before the first optimizer, so DataLoader workers
and helper processes stay untouched.
"""

from __future__ import annotations

import atexit
import os
from typing import Any

import torch
from torch import nn

from losshelp.watch.env import ENV_DIR, ENV_EVERY, ENV_LANG
from losshelp.watch.watcher import Watcher


class Session:
    """The one watcher of a process in zero-code mode, made when the first optimizer is."""

    def __init__(self, log_dir: str | None, every: int | None, lang: str) -> None:
        self.options = {"log_dir": log_dir, "every": every, "lang": lang}
        self.watcher: Watcher | None = None
        self.pending: list[set[int]] = []
        self._depth = 0
        self._search: list[Any] = []
        self._scaled: torch.Tensor | None = None
        """The last scaled loss: its backward is recorded at scale(), unscaled."""

    def on_optimizer(self, optimizer: torch.optim.Optimizer) -> None:
        if self.watcher is None:
            self.watcher = Watcher(**self.options)
            atexit.register(self.watcher.close)
        self.watcher.attach_optimizer(optimizer)
        self.pending.append({id(p) for group in optimizer.param_groups for p in group["params"]})
        if not self._search:
            self._search = [
                nn.modules.module.register_module_forward_pre_hook(self._enter),
                nn.modules.module.register_module_forward_hook(self._leave, always_call=True),
            ]

    def on_backward(self, tensor: torch.Tensor) -> None:
        if tensor is self._scaled:
            self._scaled = None
            return
        if self.watcher is not None and tensor.numel() == 1 and tensor.requires_grad:
            self.watcher.loss(tensor)

    def on_scale(self, scaler: Any, loss: Any, scaled: Any) -> None:
        if self.watcher is None or not isinstance(loss, torch.Tensor) or loss.numel() != 1:
            return
        if self.watcher.scaler is None:
            self.watcher.scaler = scaler
        self.watcher.loss(loss)
        self._scaled = scaled

    def _enter(self, module: nn.Module, args: tuple) -> None:
        self._depth += 1
        if self._depth != 1 or not torch.is_grad_enabled() or self.watcher is None:
            return
        own = {id(p) for p in module.parameters()}
        found = [ids for ids in self.pending if ids & own]
        if found:
            self.watcher.attach_model(module)
            self.pending = [ids for ids in self.pending if not ids & own]
            if not self.pending:
                self._stop_search()

    def _leave(self, module: nn.Module, args: tuple, output: Any) -> None:
        self._depth = max(0, self._depth - 1)

    def _stop_search(self) -> None:
        for handle in self._search:
            handle.remove()
        self._search = []


def install(log_dir: str | None = None, every: int | None = None, lang: str = "en") -> Session:
    """Patch torch so that every optimizer made from now on is watched; returns the session."""
    session = Session(log_dir, every, lang)
    original_init = torch.optim.Optimizer.__init__
    original_backward = torch.Tensor.backward
    original_scale = torch.amp.GradScaler.scale

    def init(self: torch.optim.Optimizer, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        session.on_optimizer(self)

    def backward(self: torch.Tensor, *args: Any, **kwargs: Any) -> Any:
        session.on_backward(self)
        return original_backward(self, *args, **kwargs)

    def scale(self: Any, outputs: Any) -> Any:
        scaled = original_scale(self, outputs)
        session.on_scale(self, outputs, scaled)
        return scaled

    torch.optim.Optimizer.__init__ = init  # type: ignore[method-assign]
    torch.amp.GradScaler.scale = scale  # type: ignore[method-assign]
    torch.Tensor.backward = backward  # type: ignore[method-assign]
    return session


def install_from_env() -> Session | None:
    """Install when `losshelp run` asked for it through the environment; None otherwise."""
    folder = os.environ.get(ENV_DIR)
    if not folder:
        return None
    every = os.environ.get(ENV_EVERY)
    return install(folder, int(every) if every else None, os.environ.get(ENV_LANG, "en"))
