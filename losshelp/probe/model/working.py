"""The working copy every measurement runs on, the model's layers in forward order, optimizers."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model

OPTIMIZERS = ("sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad")


@dataclass(frozen=True)
class OptimizerSpec:
    """The user's optimizer as far as a measurement needs it (kind as in the `optimizer` fact)."""

    kind: str = "sgd"
    lr: float = 1e-3
    momentum: float = 0.0
    weight_decay: float = 0.0
    maximize: bool = False

    def build(self, params: Iterator[Tensor] | list[Tensor], lr: float | None = None) -> torch.optim.Optimizer:
        """A fresh optimizer of this kind over `params` (at `lr` when given, else the user's)."""
        lr = self.lr if lr is None else lr
        common = {"lr": lr, "weight_decay": self.weight_decay, "maximize": self.maximize}
        if self.kind in ("adam", "adamw"):
            return (torch.optim.AdamW if self.kind == "adamw" else torch.optim.Adam)(params, **common)
        if self.kind == "rmsprop":
            return torch.optim.RMSprop(params, momentum=self.momentum, **common)
        if self.kind == "adagrad":
            return torch.optim.Adagrad(params, **common)
        momentum = self.momentum or (0.9 if self.kind == "momentum" else 0.0)
        return torch.optim.SGD(params, momentum=momentum, **common)


def working_copy(model: nn.Module, device: torch.device | str, train: bool = True) -> nn.Module:
    """A deep copy on `device`, in train or eval mode, with gradients cleared: the user's model stays untouched."""
    clone = copy.deepcopy(model).to(device)
    clone.train(train)
    clone.zero_grad(set_to_none=True)
    return clone


def trainable(model: nn.Module) -> list[nn.Parameter]:
    """The parameters an optimizer trains: those that require a gradient."""
    return [p for p in model.parameters() if p.requires_grad]


def forward_order(model: nn.Module, batch: Batch, objective: Objective, device: torch.device | str) -> list[str]:
    """Names of the leaf modules (and of modules with weight matrices of their own, such as attention's
    in_proj) in the order one forward pass runs them (registration order can differ)."""
    order: list[str] = []
    handles = [
        module.register_forward_pre_hook(lambda m, a, name=name: order.append(name) if name not in order else None)
        for name, module in model.named_modules()
        if not list(module.children()) or weight_matrices(module)
    ]
    try:
        with torch.no_grad():
            call_model(model, batch_to(batch, device), objective)
    finally:
        for handle in handles:
            handle.remove()
    return order


def weight_matrices(module: nn.Module) -> list[tuple[str, nn.Parameter]]:
    """The module's own weight matrices and kernels (dim >= 2): `weight` of a linear or conv layer, an
    RNN's `weight_ih_l0`, `weight_hh_l0`, ..., attention's `in_proj_weight`; not its children's."""
    return [(name, p) for name, p in module.named_parameters(recurse=False) if "weight" in name and p.dim() >= 2]


def weighted_layers(model: nn.Module, order: list[str]) -> list[tuple[str, nn.Module]]:
    """Modules with a weight matrix, kernel or recurrent matrix of their own, in forward order: the network's depth."""
    modules = dict(model.named_modules())
    return [(name, modules[name]) for name in order if weight_matrices(modules[name])]
