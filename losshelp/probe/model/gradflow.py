"""Does every trainable parameter get a gradient, and does the loss fit what the model outputs?"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model, forward, output_tensor
from losshelp.probe.model.working import working_copy

# Rows of a probability vector sum to 1; float32 softmax outputs do so within 1e-4.
ROW_SUM_TOLERANCE = 1e-3


@dataclass(frozen=True)
class GradFlow:
    """Parameters that will not train: frozen (`requires_grad=False`), or trainable but given no gradient."""

    frozen: tuple[str, ...]
    no_grad: tuple[str, ...]
    total: int

    @property
    def broken(self) -> bool:
        """Some trainable parameter gets no gradient, or nothing at all is trainable."""
        return bool(self.no_grad) or len(self.frozen) == self.total


@dataclass(frozen=True)
class LossFit:
    """Whether the loss suits the output, and if not, why (one line)."""

    matches: bool
    reason: str


def grad_flow(model: nn.Module, batch: Batch, objective: Objective, device="cpu") -> GradFlow:
    """Backward once on a copy and list the parameters outside the graph (detached, unused branch).

    A gradient of zeros (dead units) is not counted here: that is the activations probe's finding.
    """
    clone = working_copy(model, device)
    loss, _ = forward(clone, batch_to(batch, device), objective)
    if loss.requires_grad:
        loss.backward()
    named = list(clone.named_parameters())
    frozen = tuple(n for n, p in named if not p.requires_grad)
    no_grad = tuple(n for n, p in named if p.requires_grad and p.grad is None)
    return GradFlow(frozen, no_grad, len(named))


def loss_fit(model: nn.Module, batch: Batch, objective: Objective, device="cpu") -> LossFit:
    """Catch outputs already squashed for a loss that squashes them again (softmax + cross-entropy, sigmoid + BCE),
    and raw logits fed to NLL, which expects log-probabilities."""
    clone = working_copy(model, device, train=False)
    with torch.no_grad():
        out = output_tensor(call_model(clone, batch_to(batch, device), objective))
    if out is None or objective.kind in ("own", "mse"):
        return LossFit(True, "no class scores to check")
    out = out.float()
    if objective.kind in ("cross_entropy", "custom") and out.dim() >= 2 and out.shape[1] > 1:
        if bool((out >= 0).all()) and bool(((out.sum(dim=1) - 1).abs() < ROW_SUM_TOLERANCE).all()):
            return LossFit(False, "the outputs are already probabilities (softmax) and cross-entropy applies softmax again")
    if objective.kind == "nll" and out.dim() >= 2:
        if bool((out > 0).any()) or bool((out.logsumexp(dim=1).abs() > ROW_SUM_TOLERANCE).any()):
            return LossFit(False, "NLL expects log-probabilities (log_softmax) but the outputs are not normalised")
    if objective.kind == "bce" and out.numel() >= 8 and bool(((out >= 0) & (out <= 1)).all()):
        return LossFit(False, "the outputs all lie in [0, 1] (sigmoid applied) and BCEWithLogits applies sigmoid again")
    return LossFit(True, "the outputs suit the loss")
