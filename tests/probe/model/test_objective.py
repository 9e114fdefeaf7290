"""Batch layouts and loss inference: tuples, dicts, and models that return their own loss."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from losshelp.probe.model.objective import forward, make_objective, split_batch

pytestmark = pytest.mark.torch


class OwnLoss(nn.Module):
    """HuggingFace-style: keyword inputs, `labels` in, `outputs.loss` and `outputs.logits` out."""

    def __init__(self) -> None:
        super().__init__()
        self.head = nn.Linear(4, 3)

    def forward(self, input_ids, labels=None):
        logits = self.head(input_ids)
        return SimpleNamespace(logits=logits, loss=F.cross_entropy(logits, labels) if labels is not None else None)


class KeywordOnly(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.head = nn.Linear(4, 3)

    def forward(self, pixels):
        return {"logits": self.head(pixels)}


def test_split_batch_layouts():
    x, y = torch.randn(5, 4), torch.randint(0, 3, (5,))
    assert split_batch((x, y)).targets is y
    assert split_batch([x, y]).inputs is x
    assert split_batch(x).targets is None
    assert split_batch({"pixels": x, "labels": y}).targets is y
    assert split_batch((x,)).size == 5


def test_inferred_losses():
    x = torch.randn(6, 4)
    assert make_objective(None, nn.Linear(4, 3), split_batch((x, torch.randint(0, 3, (6,))))).kind == "cross_entropy"
    assert make_objective(None, nn.Linear(4, 1), split_batch((x, torch.randint(0, 2, (6, 1)).float()))).kind == "bce"
    objective = make_objective(None, nn.Linear(4, 2), split_batch((x, torch.randn(6, 2))))
    assert objective.kind == "mse" and objective.inferred


def test_model_returning_its_own_loss():
    batch = split_batch({"input_ids": torch.randn(6, 4), "labels": torch.randint(0, 3, (6,))})
    objective = make_objective(None, OwnLoss(), batch)
    assert objective.kind == "own"
    loss, logits = forward(OwnLoss(), batch, objective)
    assert loss.dim() == 0 and logits.shape == (6, 3)


def test_dict_batch_whose_model_takes_no_labels():
    model = KeywordOnly()
    batch = split_batch({"pixels": torch.randn(6, 4), "labels": torch.randint(0, 3, (6,))})
    objective = make_objective(None, model, batch)
    assert objective.kind == "cross_entropy"
    assert forward(model, batch, objective)[0].dim() == 0


def test_unknown_loss_name_is_one_clear_error():
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        make_objective("hinge", nn.Linear(4, 3), split_batch(torch.randn(2, 4)))
