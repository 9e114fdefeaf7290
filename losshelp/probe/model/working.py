"""The working copy every measurement runs on, the model's layers in forward order, optimizers."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor, nn

from losshelp.probe.checkpoint.optimizer import STATE_SETS_STEP
from losshelp.probe.model.objective import Batch, Objective, batch_to, call_model

OPTIMIZERS = ("sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad")
# Constructor switches that choose an implementation, not the update: left to torch's defaults on this machine.
IMPLEMENTATION_SWITCHES = ("foreach", "fused", "capturable", "differentiable")
# torch.optim classes one plain step over all parameters cannot replay: LBFGS runs a line search with a
# closure, Muon takes matrices only, SparseAdam sparse gradients only.
NOT_PLAIN = ("LBFGS", "Muon", "SparseAdam")


@dataclass(frozen=True)
class OptimizerSpec:
    """The user's optimizer as far as a measurement needs it (kind as in the `optimizer` fact). `name`,
    `torch_class` and `hyper` rebuild the exact torch.optim optimizer the checkpoint saved; `state` is
    its saved state dict, loaded where the step size depends on it (Adadelta, Rprop, Adafactor)."""

    kind: str = "sgd"
    lr: float = 1e-3
    momentum: float = 0.0
    weight_decay: float = 0.0
    maximize: bool = False
    name: str = ""
    torch_class: str | None = None
    hyper: tuple[tuple[str, Any], ...] = ()
    state: dict | None = field(default=None, compare=False, hash=False)

    def build(self, params: Iterator[Tensor] | list[Tensor], lr: float | None = None) -> torch.optim.Optimizer:
        """A fresh optimizer of this kind over `params` (at `lr` when given, else the user's)."""
        lr = self.lr if lr is None else lr
        if self.torch_class:
            return self._rebuild(list(params), lr)
        common = {"lr": lr, "weight_decay": self.weight_decay, "maximize": self.maximize}
        if self.kind in ("adam", "adamw"):
            return (torch.optim.AdamW if self.kind == "adamw" else torch.optim.Adam)(params, **common)
        if self.kind == "rmsprop":
            return torch.optim.RMSprop(params, momentum=self.momentum, **common)
        if self.kind == "adagrad":
            return torch.optim.Adagrad(params, **common)
        momentum = self.momentum or (0.9 if self.kind == "momentum" else 0.0)
        return torch.optim.SGD(params, momentum=momentum, **common)

    def _rebuild(self, params: list[Tensor], lr: float) -> torch.optim.Optimizer:
        """The saved torch.optim class with the saved hyper-parameters (implementation switches left to
        their defaults) and, when `state` fits `params`, the saved state, so its next step is the run's."""
        cls = getattr(torch.optim, self.torch_class)
        accepted = inspect.signature(cls).parameters
        kwargs = {k: v for k, v in self.hyper if k in accepted and k not in IMPLEMENTATION_SWITCHES}
        opt = cls(params, **{**kwargs, "lr": lr})
        if self.state is not None:
            opt.load_state_dict(copy.deepcopy(self.state))  # loading keeps the tensors: a step would change the user's state
            for group in opt.param_groups:
                group["lr"] = lr
        return opt

    @property
    def rebuildable(self) -> bool:
        """torch can step it plainly: a kind of the `optimizer` fact's own, or a saved torch.optim class
        outside NOT_PLAIN; other libraries' optimizers cannot."""
        if self.torch_class:
            return self.torch_class not in NOT_PLAIN
        return not self.name or self.name in OPTIMIZERS

    @property
    def measurable(self) -> bool:
        """Whether one plain step shows this optimizer's real step: rebuildable, and where its step size
        lives in its state (Adadelta, Rprop, Adafactor), that saved state fits the model."""
        return self.rebuildable and (self.name not in STATE_SETS_STEP or self.state is not None)


def saved_state_fits(state: dict, params: list[Tensor]) -> bool:
    """One saved param group over exactly these parameters, with per-parameter tensors that fit their shapes."""
    groups = state.get("param_groups") or []
    if len(groups) != 1 or len(groups[0].get("params", ())) != len(params):
        return False
    per_param = state.get("state") or {}
    for index, p in zip(groups[0]["params"], params, strict=True):
        tensors = [v for v in per_param.get(index, {}).values() if isinstance(v, Tensor) and v.dim() > 0]
        # Same shape, or a factored statistic (Adafactor's row/column variances: size 1 where it sums).
        if any(v.dim() != p.dim() or any(a not in (1, b) for a, b in zip(v.shape, p.shape, strict=True)) for v in tensors):
            return False
    return True


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
