"""What every model probe starts from, built once per probe run: the model with the checkpoint's
weights, the batches, the loss to measure, and the user's optimizer (from the checkpoint or --set)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

import torch
from torch import nn

from losshelp.probe.base import ProbeInputs
from losshelp.probe.checkpoint.optimizer import STATE_SETS_STEP, read_optimizer
from losshelp.probe.checkpoint.schedule import used_lr
from losshelp.probe.model.loading import WeightReport, load_weights
from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model, infer_loss, make_objective, split_batch
from losshelp.probe.model.working import OPTIMIZERS, OptimizerSpec, forward_order, saved_state_fits, trainable, weighted_layers


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
    start_lr: float | None = None
    optimizer_read: Mapping[str, str] = field(default_factory=dict)

    @property
    def first(self) -> Batch:
        return self.batches[0]


@dataclass(frozen=True)
class UserOptimizer:
    """The user's optimizer (None without an lr), the lr it started from, and where each was read, in words."""

    spec: OptimizerSpec | None
    start_lr: float | None
    read: Mapping[str, str]


def user_optimizer(inputs: ProbeInputs, model: nn.Module) -> UserOptimizer:
    """The optimizer as stated (`--set optimizer=... lr=...`) or saved in the checkpoint, at the last lr
    the run used (log, scheduler, param_groups: `used_lr`); a stated lr wins over all of them."""
    state = getattr(inputs.checkpoint, "optimizer", None)
    info = read_optimizer(state) if isinstance(state, Mapping) else None
    stated_kind = inputs.stated.get("optimizer")
    if stated_kind is not None:
        kind, read = str(stated_kind), {"optimizer": f"{stated_kind} (stated)"}
    elif info is not None and info.kind is not None:
        kind, read = info.kind, {"optimizer": f"{info.name} (checkpoint optimizer state)"}
    else:
        kind, read = "sgd", {"optimizer": "sgd (assumed: " + (f"{info.name} in the checkpoint)" if info else "none saved or stated)")}
    used = used_lr(inputs.log, inputs.checkpoint)
    if "lr" in inputs.stated:
        lr, start = float(inputs.stated["lr"]), float(inputs.stated["lr"])
        read["lr"] = f"{lr:.3g} (stated)"
    elif used is not None:
        lr, start = used.value, used.peak
        read["lr"] = used.describe()
    else:
        return UserOptimizer(None, None, read)
    own = info is not None and stated_kind is None
    known = stated_kind is not None or (info is not None and info.kind is not None)
    spec = OptimizerSpec(
        kind=kind if kind in OPTIMIZERS else "adam",
        lr=lr,
        momentum=float((info.momentum if info else None) or 0.0),
        weight_decay=float(inputs.stated.get("weight_decay", (info.weight_decay if info else None) or 0.0)),
        maximize=bool(info.maximize) if info else False,
        name=(info.name if own else kind) if known else "unknown",
        torch_class=info.torch_class if own else None,
        hyper=info.hyper if own else (),
        state=state if own and info.name in STATE_SETS_STEP and saved_state_fits(state, trainable(model)) else None,
    )
    return UserOptimizer(spec, start, read)


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
    user = user_optimizer(inputs, model)
    context = ModelContext(model, initial, batches, objective, user.spec, weights, inputs.device, depth,
                           reference_loss(model, first, objective), user.start_lr, user.read)
    _CACHE.clear()
    _CACHE[id(inputs)] = (inputs, context)
    return context
