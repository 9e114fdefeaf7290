"""The optimizer's kind and hyper-parameters from its saved state dict (pure: dicts in, values out).

Each optimizer leaves a signature: the keys of its per-parameter state (Adam's exp_avg/exp_avg_sq,
Adadelta's acc_delta, Adagrad's sum, Rprop's prev/step_size, ...) and of its param_group (Adam's
amsgrad, NAdam's momentum_decay, LBFGS's history_size, ...). The signatures are tried from the most
specific to the least, so a state is read as what it is; one that fits none is "unknown", never the
nearest neighbour. The `optimizer` fact takes the values of DESIGN.md; every other kind is `other`,
with its real name in the finding."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Keys = frozenset[str]
Match = Callable[[Keys, Keys], bool]

# The `optimizer` fact's own values; every other recognised kind is "other".
FACT_KINDS = ("sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad")
# torch.optim classes by kind, to rebuild the user's optimizer; kinds from other libraries have none.
TORCH_CLASSES = {
    "sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "adamax": "Adamax", "nadam": "NAdam", "radam": "RAdam",
    "adagrad": "Adagrad", "adadelta": "Adadelta", "rmsprop": "RMSprop", "rprop": "Rprop", "asgd": "ASGD",
    "sparse_adam": "SparseAdam", "lbfgs": "LBFGS", "adafactor": "Adafactor", "muon": "Muon",
}
# Kinds whose `lr` is not the size of a step on the weights' scale: Adadelta's multiplies a unit-less
# ratio of running averages (its default is 1.0), Rprop's is only the first of its per-weight step sizes,
# the Adafactors scale the step by the weights' RMS, LBFGS's scales a line search. Their step comes from
# their saved state, or it cannot be judged.
STATE_SETS_STEP = frozenset({"adadelta", "rprop", "adafactor", "adafactor_hf", "lbfgs"})

LAMB_GROUP = frozenset({"trust_clip", "always_adapt", "grad_averaging", "clamp_value"})


def _adam_family(s: Keys, g: Keys) -> bool:
    return "betas" in g and "eps" in g and not ({"exp_avg"} <= s and "exp_avg_sq" not in s)


# (kind, name shown, match on (state keys, param_group keys)), most specific first.
SIGNATURES: tuple[tuple[str, str, Match], ...] = (
    ("lbfgs", "LBFGS", lambda s, g: "old_dirs" in s or "history_size" in g),
    ("adafactor", "Adafactor (torch.optim)", lambda s, g: bool({"row_var", "col_var", "variance"} & s) or "beta2_decay" in g),
    ("adafactor_hf", "Adafactor (transformers / timm)", lambda s, g: bool({"exp_avg_sq_row", "exp_avg_sq_col"} & s) or {"decay_rate", "clip_threshold"} <= g),
    ("rprop", "Rprop", lambda s, g: {"prev", "step_size"} <= s or "etas" in g),
    ("asgd", "ASGD", lambda s, g: "ax" in s or {"lambd", "t0"} <= g),
    ("adadelta", "Adadelta", lambda s, g: "acc_delta" in s or "rho" in g),
    ("rmsprop", "RMSprop", lambda s, g: "square_avg" in s or {"alpha", "centered"} <= g),
    ("adagrad", "Adagrad", lambda s, g: "sum" in s or "initial_accumulator_value" in g),
    ("muon", "Muon", lambda s, g: "ns_steps" in g),
    ("adamax", "Adamax", lambda s, g: "exp_inf" in s),
    ("nadam", "NAdam", lambda s, g: "mu_product" in s or "momentum_decay" in g),
    ("lamb", "LAMB", lambda s, g: "betas" in g and bool(LAMB_GROUP & g)),
    ("lion", "Lion", lambda s, g: "betas" in g and "eps" not in g and s <= {"exp_avg", "step"}),
    ("sparse_adam", "SparseAdam", lambda s, g: _adam_family(s, g) and "weight_decay" not in g and "amsgrad" not in g),
    ("radam", "RAdam", lambda s, g: _adam_family(s, g) and "decoupled_weight_decay" in g and "amsgrad" not in g),
    ("adam", "Adam", lambda s, g: _adam_family(s, g) and "amsgrad" in g),
    ("sgd", "SGD", lambda s, g: "momentum_buffer" in s or {"dampening", "nesterov"} <= g),
)


@dataclass(frozen=True)
class OptimizerInfo:
    """What a saved optimizer shows. `name` is its real kind (`adadelta`, `lion`, `unknown`, ...);
    `kind` the `optimizer` fact (None when unknown); `configured_lr` is `initial_lr` when a scheduler
    set it; `maximize` is PyTorch's flag for an optimizer that climbs the loss; `hyper` the first
    param_group's hyper-parameters, to rebuild it."""

    kind: str | None
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
    name: str = "unknown"
    hyper: tuple[tuple[str, Any], ...] = ()

    @property
    def torch_class(self) -> str | None:
        """The torch.optim class that rebuilds it, None for other libraries' optimizers."""
        return TORCH_CLASSES.get(self.name)


def _adam_or_adamw(group: dict[str, Any]) -> tuple[str | None, str, str]:
    decoupled = group.get("decoupled_weight_decay")
    if decoupled is True:
        return "adamw", "adamw", "AdamW (Adam state, decoupled_weight_decay=True)"
    if decoupled is False:
        return "adam", "adam", "Adam (Adam state, decoupled_weight_decay=False)"
    if not group.get("weight_decay"):
        return "adam", "adam", "Adam state without weight decay (AdamW without weight decay is the same update)"
    return None, "adam_or_adamw", "Adam or AdamW: this PyTorch version saves no decoupled_weight_decay to tell them apart"


def _sgd(group: dict[str, Any]) -> tuple[str, str]:
    momentum = usable_number(group.get("momentum")) or 0.0
    if momentum <= 0:
        return "sgd", "SGD without momentum"
    return "momentum", f"SGD with {'Nesterov ' if group.get('nesterov') else ''}momentum {momentum:g}"


def optimizer_kind(state_keys: set[str], group: dict[str, Any]) -> tuple[str | None, str, str]:
    """(the `optimizer` fact or None when unknown, the real kind, how it was told) from the keys."""
    s, g = frozenset(state_keys), frozenset(group)
    for name, shown, match in SIGNATURES:
        if not match(s, g):
            continue
        if name == "adam":
            return _adam_or_adamw(group)
        if name == "sgd":
            fact, how = _sgd(group)
            return fact, "sgd", how
        evidence = ", ".join(sorted(s - {"step"})[:4]) or ", ".join(sorted(g - {"params", "lr"})[:4])
        return (name if name in FACT_KINDS else "other"), name, f"{shown} ({evidence})"
    return None, "unknown", f"unrecognised optimizer: state keys {sorted(s)[:4]}, param_group keys {sorted(g - {'params'})[:6]}"


def usable_number(value: Any) -> float | None:
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
    return tuple(f"{name} {_shown(group[name])}" for name in names if group.get(name) is not None and usable_number(group[name]) is None)


def first_group(state: Any) -> dict[str, Any]:
    """`param_groups[0]` of an optimizer state_dict, or {} when the state is malformed."""
    groups = state.get("param_groups") if isinstance(state, dict) else None
    return groups[0] if isinstance(groups, (list, tuple)) and groups and isinstance(groups[0], dict) else {}


def read_optimizer(state: dict[str, Any]) -> OptimizerInfo:
    """OptimizerInfo of `optimizer.state_dict()` (its first param_group's hyper-parameters)."""
    group = first_group(state)
    per_param = state.get("state") or {}
    keys: set[str] = set()
    for entry in per_param.values() if isinstance(per_param, dict) else ():
        if isinstance(entry, dict):
            keys |= {k for k, v in entry.items() if v is not None}
    kind, name, how = optimizer_kind(keys, group)
    betas = group.get("betas")
    beta_values = tuple(usable_number(b) for b in betas) if isinstance(betas, (list, tuple)) else None
    return OptimizerInfo(
        kind=kind,
        lr=usable_number(group.get("lr")),
        configured_lr=usable_number(group.get("initial_lr", group.get("lr"))),
        weight_decay=usable_number(group.get("weight_decay")),
        momentum=usable_number(group.get("momentum")),
        betas=beta_values if beta_values and None not in beta_values else None,  # type: ignore[arg-type]
        maximize=bool(group.get("maximize", False)),
        how=how,
        unusable=_unusable(group, ("lr", "initial_lr", "weight_decay", "momentum"))
        + ((f"betas {_shown(betas)}",) if beta_values and None in beta_values else ()),
        name=name,
        hyper=tuple((k, v) for k, v in group.items() if k not in ("params", "initial_lr")),
    )
