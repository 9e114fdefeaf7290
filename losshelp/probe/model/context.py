"""What every model probe starts from, built once per probe run: the model with the checkpoint's
weights, the batches, the loss to measure, and the user's optimizer (from the checkpoint or --set)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from losshelp.probe.base import ProbeInputs
from losshelp.probe.model.loading import WeightReport, load_weights
from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model, infer_loss, make_objective, split_batch
from losshelp.probe.model.working import OPTIMIZERS, OptimizerSpec, forward_order, weighted_layers


@dataclass(frozen=True)
class ModelContext:
    """The inputs of every model measurement: the model with the checkpoint's weights and as the factory
    built it (`initial`, where an LR range test starts); `optimizer` is None when the user's lr is unknown."""

    model: nn.Module
    initial: nn.Module
    batches: tuple[Batch, ...]
    objective: Objective
    optimizer: OptimizerSpec | None
    weights: WeightReport | None
    device: str
    depth: int

    reference: Objective | None = None

    @property
    def first(self) -> Batch:
        return self.batches[0]


def user_optimizer(inputs: ProbeInputs) -> OptimizerSpec | None:
    """The optimizer as stated (`--set optimizer=... lr=...`) or saved in the checkpoint; None without an lr."""
    saved: dict[str, Any] = {}
    state = getattr(inputs.checkpoint, "optimizer", None)
    if isinstance(state, Mapping):
        from losshelp.probe.checkpoint.optimizer import read_optimizer

        info = read_optimizer(state)
        saved = {"kind": info.kind, "lr": info.configured_lr, "momentum": info.momentum or 0.0,
                 "weight_decay": info.weight_decay or 0.0, "maximize": info.maximize}
    kind = str(inputs.stated.get("optimizer", saved.get("kind", "sgd")))
    lr = inputs.stated.get("lr", saved.get("lr"))
    if lr is None:
        return None
    return OptimizerSpec(
        kind=kind if kind in OPTIMIZERS else "adam",
        lr=float(lr),
        momentum=float(saved.get("momentum", 0.0)),
        weight_decay=float(inputs.stated.get("weight_decay", saved.get("weight_decay", 0.0))),
        maximize=bool(saved.get("maximize", False)),
    )


def reference_loss(model: nn.Module, batch: Batch, objective: Objective) -> Objective | None:
    """For the user's own loss function: the loss its targets call for, to catch one that maximises."""
    if objective.kind != "custom":
        return None
    with torch.no_grad():
        output = call_model(model, batch, objective)
    try:
        return infer_loss(batch.targets, output)
    except ValueError:
        return None


_CACHE: dict[int, tuple[ProbeInputs, ModelContext]] = {}


def model_context(inputs: ProbeInputs) -> ModelContext:
    """Build (once per `inputs`) the context: load the checkpoint's weights strictly, resolve the loss."""
    cached = _CACHE.get(id(inputs))
    if cached is not None and cached[0] is inputs:
        return cached[1]
    model: nn.Module = inputs.model
    initial = copy.deepcopy(model).to(inputs.device)
    weights = None
    tensors = getattr(inputs.checkpoint, "tensors", None)
    if tensors:
        weights = load_weights(model, tensors)
    model.to(inputs.device).eval()
    batches = tuple(split_batch(b) for b in inputs.data)
    if not batches:
        raise ValueError("the data gave no batches")
    first = batch_to(batches[0], inputs.device)
    objective = make_objective(inputs.loss, model, first)
    depth = len(weighted_layers(model, forward_order(model, first, objective, inputs.device)))
    context = ModelContext(model, initial, batches, objective, user_optimizer(inputs), weights, inputs.device, depth,
                           reference_loss(model, first, objective))
    _CACHE.clear()
    _CACHE[id(inputs)] = (inputs, context)
    return context
