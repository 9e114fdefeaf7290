"""A Hugging Face `transformers` callback that runs the live checks:
`Trainer(..., callbacks=[LosshelpTrainerCallback()])`. Needs the `hf` extra.

The Trainer hands callbacks its logs, not each step's loss tensor, so losses arrive every
`logging_steps`; the hooks on the model and optimizer see every step.
"""

from __future__ import annotations

from typing import Any

from transformers import TrainerCallback

from losshelp.watch.watcher import Watcher


def _unwrapped(optimizer: Any) -> Any:
    """The torch optimizer behind accelerate's wrapper (hooks belong on the real one)."""
    return getattr(optimizer, "optimizer", optimizer)


class LosshelpTrainerCallback(TrainerCallback):
    """Watches the Trainer's model and optimizer from the start of training to its end."""

    def __init__(self, log_dir: str | None = None, every: int | None = None, **options: Any) -> None:
        self.options = {"log_dir": log_dir, "every": every, **options}
        self.watcher: Watcher | None = None

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None, optimizer: Any = None, **kwargs: Any) -> None:
        self.watcher = Watcher(model, _unwrapped(optimizer) if optimizer is not None else None, **self.options)

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        if self.watcher is not None and logs and "loss" in logs:
            self.watcher.loss(float(logs["loss"]))

    def on_evaluate(self, args: Any, state: Any, control: Any, metrics: dict | None = None, **kwargs: Any) -> None:
        if self.watcher is not None and metrics and "eval_loss" in metrics:
            self.watcher.val_loss(metrics["eval_loss"])

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self.watcher is not None:
            self.watcher.close()
