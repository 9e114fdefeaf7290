"""The optimizer's kind and hyper-parameters from its saved state dict (pure: dicts in, values out).

Kind comes from the per-parameter state keys (exp_avg/exp_avg_sq: Adam family; momentum_buffer:
momentum; square_avg: RMSprop, with acc_delta: Adadelta; sum: Adagrad) and, when the state is
empty (plain SGD keeps none), from the param_group's keys."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OptimizerInfo:
    """What a saved optimizer shows; `configured_lr` is `initial_lr` when a scheduler set it;
    `maximize` is PyTorch's flag for an optimizer that climbs the loss."""

    kind: str
    lr: float | None
    configured_lr: float | None
    weight_decay: float | None
    momentum: float | None
    betas: tuple[float, ...] | None
    maximize: bool
    how: str
    unusable: tuple[str, ...] = ()
    """Hyper-parameters saved as something no optimizer can run with (NaN, inf, negative, not a
    number), e.g. "lr nan"; their fields above are None."""


def _adam_kind(group: dict[str, Any], keys: set[str]) -> tuple[str, str]:
    if "mu_product" in keys or "momentum_decay" in group:
        return "other", "NAdam state (mu_product)"
    if "exp_inf" in keys:
        return "other", "Adamax state (exp_inf)"
    if "decoupled_weight_decay" in group and "amsgrad" not in group:
        return "other", "RAdam param_group (no amsgrad)"
    if group.get("decoupled_weight_decay") is True:
        return "adamw", "Adam state with decoupled_weight_decay=True"
    if group.get("decoupled_weight_decay") is False:
        return "adam", "Adam state with decoupled_weight_decay=False"
    return "adam", "Adam state (exp_avg, exp_avg_sq); AdamW cannot be told apart in this PyTorch version"


def _sgd_kind(group: dict[str, Any]) -> tuple[str, str]:
    momentum = _number(group.get("momentum")) or 0.0
    return ("momentum", f"SGD with momentum {momentum:g}") if momentum > 0 else ("sgd", "SGD without momentum")


def optimizer_kind(state_keys: set[str], group: dict[str, Any]) -> tuple[str, str]:
    """The optimizer fact (sgd, momentum, adam, adamw, rmsprop, adagrad, other) and how it was told."""
    if {"exp_avg", "exp_inf"} & state_keys or "betas" in group:
        return _adam_kind(group, state_keys)
    if "acc_delta" in state_keys or "rho" in group:
        return "adagrad", "Adadelta state (square_avg, acc_delta)"
    if "square_avg" in state_keys or {"alpha", "centered"} <= set(group):
        return "rmsprop", "RMSprop state (square_avg)"
    if "sum" in state_keys or "initial_accumulator_value" in group:
        return "adagrad", "Adagrad state (sum)"
    if "momentum_buffer" in state_keys or {"dampening", "nesterov"} <= set(group):
        return _sgd_kind(group)
    return "other", f"unrecognised state keys {sorted(state_keys)[:4]}"


def _number(value: Any) -> float | None:
    """`value` as a usable hyper-parameter: a finite number >= 0, else None."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _shown(value: Any) -> str:
    """A saved value in a few words (an integer too long to print by its number of digits)."""
    if isinstance(value, int) and abs(value) > 10**30:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    return repr(value)[:40]


def _unusable(group: dict[str, Any], names: tuple[str, ...]) -> tuple[str, ...]:
    """"name value" for each of `names` saved in `group` but not usable as a hyper-parameter."""
    return tuple(f"{name} {_shown(group[name])}" for name in names if group.get(name) is not None and _number(group[name]) is None)


def read_optimizer(state: dict[str, Any]) -> OptimizerInfo:
    """OptimizerInfo of `optimizer.state_dict()` (its first param_group's hyper-parameters)."""
    groups = state.get("param_groups")
    group = groups[0] if isinstance(groups, (list, tuple)) and groups and isinstance(groups[0], dict) else {}
    per_param = state.get("state") or {}
    keys: set[str] = set()
    for entry in per_param.values() if isinstance(per_param, dict) else ():
        if isinstance(entry, dict):
            keys |= {k for k, v in entry.items() if v is not None}
    kind, how = optimizer_kind(keys, group)
    betas = group.get("betas")
    beta_values = tuple(_number(b) for b in betas) if isinstance(betas, (list, tuple)) else None
    return OptimizerInfo(
        kind=kind,
        lr=_number(group.get("lr")),
        configured_lr=_number(group.get("initial_lr", group.get("lr"))),
        weight_decay=_number(group.get("weight_decay")),
        momentum=_number(group.get("momentum")),
        betas=beta_values if beta_values and None not in beta_values else None,  # type: ignore[arg-type]
        maximize=bool(group.get("maximize", False)),
        how=how,
        unusable=_unusable(group, ("lr", "initial_lr", "weight_decay", "momentum"))
        + ((f"betas {_shown(betas)}",) if beta_values and None in beta_values else ()),
    )
