"""A PyTorch Lightning callback that runs the live checks: `Trainer(callbacks=[LosshelpCallback()])`.

Needs the `lightning` extra (`pip install 'losshelp[lightning]'`); imports `lightning.pytorch`, or
the older `pytorch_lightning` where only that is installed.
"""

from __future__ import annotations

from typing import Any

try:
    from lightning.pytorch.callbacks import Callback
except ImportError:  # the standalone package of Lightning < 2
    from pytorch_lightning.callbacks import Callback

from losshelp.watch.watcher import Watcher


def _unwrapped(optimizer: Any) -> Any:
    """The torch optimizer behind Lightning's wrapper (hooks belong on the real one)."""
    return getattr(optimizer, "_optimizer", optimizer)


class LosshelpCallback(Callback):
    """Watches the LightningModule and its optimizers from the first training batch to the end.

    Lightning steps with a closure (forward and backward run inside `step()`), so gradient
    measurements are those of the step before; every other check is unaffected."""

    def __init__(self, log_dir: str | None = None, every: int | None = None, **options: Any) -> None:
        self.options = {"log_dir": log_dir, "every": every, **options}
        self.watcher: Watcher | None = None

    def on_train_start(self, trainer: Any, pl_module: Any) -> None:
        scaler = getattr(getattr(trainer, "precision_plugin", None), "scaler", None)
        options = {"scaler": scaler, **self.options} if scaler is not None else self.options
        self.watcher = Watcher(pl_module, [_unwrapped(o) for o in trainer.optimizers], **options)

    def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
        loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
        if self.watcher is not None and loss is not None:
            self.watcher.loss(loss)

    def on_validation_epoch_end(self, trainer: Any, pl_module: Any) -> None:
        value = trainer.callback_metrics.get("val_loss")
        if self.watcher is not None and value is not None and not trainer.sanity_checking:
            self.watcher.val_loss(value)

    def on_train_end(self, trainer: Any, pl_module: Any) -> None:
        if self.watcher is not None:
            self.watcher.close()

    def on_exception(self, trainer: Any, pl_module: Any, exception: BaseException) -> None:
        self.on_train_end(trainer, pl_module)
