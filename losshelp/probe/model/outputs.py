"""What the model outputs before any step: its loss against chance level, and collapsed predictions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, forward
from losshelp.probe.model.thresholds import CHANCE_TOLERANCE, COLLAPSE_SHARE
from losshelp.probe.model.working import working_copy


@dataclass(frozen=True)
class StartLoss:
    """The mean loss over the batches and the chance levels it is compared with (None when not a classifier)."""

    loss: float
    num_classes: int | None
    chance_uniform: float | None
    chance_prior: float | None
    at_chance: bool | None


@dataclass(frozen=True)
class Collapse:
    """Share of inputs given the most common predicted class, and the same share for the labels."""

    predicted_share: float
    label_share: float
    collapsed: bool


def _outputs(model: nn.Module, batches: Sequence[Batch], objective: Objective, device) -> tuple[list[float], list[Tensor], list[Tensor]]:
    clone = working_copy(model, device, train=False)
    losses, logits, targets = [], [], []
    with torch.no_grad():
        for batch in batches:
            batch = batch_to(batch, device)
            loss, out = forward(clone, batch, objective)
            losses.append(float(loss))
            if out is not None and batch.targets is not None:
                logits.append(out.detach())
                targets.append(batch.targets.detach())
    return losses, logits, targets


def class_ids(logits: Tensor, objective: Objective) -> Tensor | None:
    """Predicted class ids for a classifier's outputs (argmax, or the logit's sign for BCE), else None."""
    if objective.kind in ("cross_entropy", "nll", "custom") and logits.dim() >= 2 and logits.shape[1] > 1:
        return logits.argmax(dim=1)
    if objective.kind == "bce":
        return (logits.reshape(-1) > 0).long()
    return None


def _label_entropy(targets: Tensor, num_classes: int) -> float:
    counts = torch.bincount(targets.reshape(-1).long().cpu(), minlength=num_classes).double()
    p = counts[counts > 0] / counts.sum()
    return float(-(p * p.log()).sum())


def start_loss(model: nn.Module, batches: Sequence[Batch], objective: Objective, device="cpu") -> StartLoss:
    """Mean loss of the model as it is, against ln C and the label prior's entropy (classifiers only)."""
    losses, logits, targets = _outputs(model, batches, objective, device)
    loss = sum(losses) / len(losses)
    if not logits or objective.kind not in ("cross_entropy", "nll", "bce"):
        return StartLoss(loss, None, None, None, None)
    classes = 2 if objective.kind == "bce" else int(logits[0].shape[1])
    labels = torch.cat([t.reshape(-1) for t in targets]).long()
    uniform, prior = math.log(classes), _label_entropy(labels, classes)
    at_chance = prior * (1 - CHANCE_TOLERANCE) <= loss <= uniform * (1 + CHANCE_TOLERANCE)
    return StartLoss(loss, classes, uniform, prior, at_chance)


def prediction_collapse(model: nn.Module, batches: Sequence[Batch], objective: Objective, device="cpu") -> Collapse | None:
    """Does the model give one class to (almost) every input while the labels are mixed? None when not a classifier."""
    _, logits, targets = _outputs(model, batches, objective, device)
    ids = [class_ids(out, objective) for out in logits]
    if not ids or any(i is None for i in ids):
        return None
    predicted = torch.cat(ids).cpu()
    labels = torch.cat([t.reshape(-1) for t in targets]).long().cpu()
    predicted_share = float(torch.bincount(predicted).max()) / predicted.numel()
    label_share = float(torch.bincount(labels).max()) / labels.numel()
    collapsed = predicted_share >= COLLAPSE_SHARE and label_share < COLLAPSE_SHARE
    return Collapse(predicted_share, label_share, collapsed)
