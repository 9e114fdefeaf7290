"""How a batch becomes a loss: batch layouts (tuple, dict, inputs only) and loss functions.

These are what torch-lr-finder and Cockpit users most often report as crashes, so one module owns
them: a batch is split once into inputs and targets, the model is called the way its inputs ask
(positional, keywords), and the loss is taken from the model's own output when it returns one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

# Keys under which dict batches commonly hold their targets (HuggingFace uses `labels`).
TARGET_KEYS = ("labels", "label", "targets", "target", "y")



def mse_as_given(out: Tensor, y: Tensor) -> Tensor:
    """`nn.MSELoss` on the targets as the user gives them: a (B,) target against a (B, 1) output
    broadcasts to (B, B), as in the user's own loop (the `target_broadcast` probe reports it; PyTorch's
    warning about it is left to that finding)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using a target size", category=UserWarning)
        return F.mse_loss(out, y.to(out.dtype))


def mse_matched(out: Tensor, y: Tensor) -> Tensor:
    """MSE with the targets reshaped to the output's shape: for a loss inferred from the data, whose
    shapes in the user's own loop are not known."""
    return F.mse_loss(out, y.to(out.dtype).reshape(out.shape))


LOSSES: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "cross_entropy": lambda out, y: F.cross_entropy(out, y.long()),
    "nll": lambda out, y: F.nll_loss(out, y.long()),
    "mse": mse_as_given,
    "bce": lambda out, y: F.binary_cross_entropy_with_logits(out, y.to(out.dtype).reshape(out.shape)),
}


@dataclass(frozen=True)
class Batch:
    """One batch split into what the model takes (tensor, tuple or dict) and the targets."""

    inputs: Any
    targets: Tensor | None

    @property
    def size(self) -> int:
        """Number of samples: the first dimension of the first input tensor."""
        first = first_tensor(self.inputs)
        return int(first.shape[0]) if first is not None and first.dim() > 0 else 1


@dataclass(frozen=True)
class Objective:
    """The loss to measure: `kind` names it (`own` when the model returns its own loss)."""

    kind: str
    fn: Callable[[Tensor, Tensor], Tensor] | None
    inferred: bool = False

    @property
    def is_classification(self) -> bool:
        return self.kind in ("cross_entropy", "nll")


def split_batch(batch: Any) -> Batch:
    """`(x, y)`, `[x, y]`, `{..., "labels": y}`, `(x,)` or a bare tensor -> `Batch`."""
    if isinstance(batch, Batch):
        return batch
    if isinstance(batch, Mapping):
        key = next((k for k in TARGET_KEYS if k in batch), None)
        return Batch(dict(batch), batch[key] if key else None)
    if isinstance(batch, Sequence) and not isinstance(batch, (str, bytes)):
        if len(batch) == 2:
            return Batch(batch[0], batch[1])
        if len(batch) == 1:
            return Batch(batch[0], None)
        return Batch(tuple(batch[:-1]), batch[-1])
    return Batch(batch, None)


def to_device(value: Any, device: torch.device | str) -> Any:
    """Move tensors, and tensors nested in tuples, lists and dicts, to `device`."""
    if isinstance(value, Tensor):
        return value.to(device)
    if isinstance(value, Mapping):
        return {k: to_device(v, device) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(to_device(v, device) for v in value)
    return value


def batch_to(batch: Batch, device: torch.device | str) -> Batch:
    return Batch(to_device(batch.inputs, device), to_device(batch.targets, device))


def call_model(model: nn.Module, batch: Batch, objective: Objective) -> Any:
    """Call the model as its inputs ask; a dict batch loses its target key unless the model wants it."""
    inputs = batch.inputs
    if isinstance(inputs, Mapping):
        if objective.kind != "own":
            inputs = {k: v for k, v in inputs.items() if k not in TARGET_KEYS}
        return model(**inputs)
    if isinstance(inputs, tuple):
        return model(*inputs)
    return model(inputs)


def output_tensor(output: Any) -> Tensor | None:
    """The logits (or predictions) in a model's output: a tensor, `.logits`, `["logits"]`, or the first item."""
    if isinstance(output, Tensor):
        return output
    logits = getattr(output, "logits", None)
    if logits is None and isinstance(output, Mapping):
        logits = output.get("logits")
    if logits is None and isinstance(output, (tuple, list)) and output:
        logits = output[0] if isinstance(output[0], Tensor) else None
    return logits


def own_loss(output: Any) -> Tensor | None:
    """A loss the model computed itself (HuggingFace's `outputs.loss` or `{"loss": ...}`)."""
    loss = getattr(output, "loss", None)
    if loss is None and isinstance(output, Mapping):
        loss = output.get("loss")
    return loss if isinstance(loss, Tensor) else None


def forward(model: nn.Module, batch: Batch, objective: Objective) -> tuple[Tensor, Tensor | None]:
    """The batch's loss (a scalar with its graph) and the model's logits when there are any."""
    output = call_model(model, batch, objective)
    logits = output_tensor(output)
    if objective.kind == "own":
        loss = own_loss(output)
        if loss is None:
            raise ValueError("the model was expected to return its own loss (`outputs.loss`) but did not")
        return loss, logits
    if objective.fn is None or logits is None or batch.targets is None:
        raise ValueError("the batch has no targets or the model no tensor output to apply the loss to")
    return objective.fn(logits, batch.targets), logits


def infer_loss(targets: Tensor | None, output: Any) -> Objective:
    """Guess the loss from the targets (integer ids -> cross-entropy, 0/1 floats with one logit -> BCE, else MSE)."""
    if own_loss(output) is not None:
        return Objective("own", None, inferred=True)
    logits = output_tensor(output)
    if targets is None or logits is None:
        raise ValueError("cannot infer a loss: the batch has no targets; pass --loss")
    if not targets.is_floating_point() and logits.dim() >= 2 and logits.shape[1] > 1:
        return Objective("cross_entropy", LOSSES["cross_entropy"], inferred=True)
    binary = targets.numel() > 0 and bool(((targets == 0) | (targets == 1)).all())
    if binary and logits.numel() == targets.numel() and (logits.dim() == 1 or logits.shape[-1] == 1):
        return Objective("bce", LOSSES["bce"], inferred=True)
    return Objective("mse", mse_matched, inferred=True)


def make_objective(loss: str | Callable[[Tensor, Tensor], Tensor] | None, model: nn.Module, batch: Batch) -> Objective:
    """The objective for `--loss` (a name, a callable, or None to infer it from one forward pass)."""
    if callable(loss):
        return Objective("custom", loss)
    if loss in LOSSES:
        return Objective(loss, LOSSES[loss])
    if loss == "own":
        return Objective("own", None)
    if loss is not None:
        raise ValueError(f"unknown loss {loss!r}: use one of {', '.join([*LOSSES, 'own'])} or FILE.py:FN")
    with torch.no_grad():
        return infer_loss(batch.targets, _trial_output(model, batch))


def _trial_output(model: nn.Module, batch: Batch) -> Any:
    """One forward pass to see what the model returns; a dict batch is tried with its targets first."""
    if isinstance(batch.inputs, Mapping) and batch.targets is not None:
        try:
            return call_model(model, batch, Objective("own", None))
        except TypeError:
            pass
    return call_model(model, batch, Objective("custom", None))


def broadcast_shape(out: Tensor, targets: Tensor) -> tuple[int, ...] | None:
    """The shape an element-wise loss broadcasts output and targets to, when it differs from the
    output's (a (B, 1) output and (B,) targets give (B, B)); None when the shapes agree or cannot broadcast."""
    if out.shape == targets.shape:
        return None
    try:
        shape = tuple(torch.broadcast_shapes(out.shape, targets.shape))
    except RuntimeError:
        return None
    return shape if shape != tuple(out.shape) else None


def first_tensor(value: Any) -> Tensor | None:
    if isinstance(value, Tensor):
        return value
    items = value.values() if isinstance(value, Mapping) else value if isinstance(value, (tuple, list)) else ()
    return next((t for t in (first_tensor(v) for v in items) if t is not None), None)

