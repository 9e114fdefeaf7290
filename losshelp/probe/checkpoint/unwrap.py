"""Find the model's state_dict and the optimizer's state inside whatever torch.load returned:
a bare state_dict, a dict wrapping them (`model`, `state_dict`, `model_state_dict`, ...,
`optimizer`, `optimizer_state_dict`, Lightning's `optimizer_states`), or a trusted nn.Module."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

MODEL_KEYS = ("state_dict", "model_state_dict", "model", "model_state", "net", "network", "module", "weights", "params", "ema")
OPTIMIZER_KEYS = ("optimizer", "optimizer_state_dict", "optimizer_state", "optim", "opt", "optimizer_states", "optimizers")
SCHEDULER_KEYS = ("lr_scheduler", "scheduler", "lr_scheduler_state_dict", "scheduler_state_dict", "sched", "lr_schedulers")
WRAPPER_PREFIXES = ("module.", "_orig_mod.", "model.")
"""Prefixes a wrapper puts before every key: DataParallel / DDP, torch.compile, a Lightning module's `model`."""
STRIP_PREFIXES = WRAPPER_PREFIXES[:2]
"""Those the checkpoint reader strips for its layer names (`model.` may be the model's own first child)."""


def wrapper_prefix(keys: Collection[str], prefixes: tuple[str, ...] = WRAPPER_PREFIXES, own: Collection[str] = ()) -> str | None:
    """The prefix that every key carries and no key of `own` (the model's own names) does. All or
    nothing: a model whose own submodule is called `module` keeps its names."""
    return next((p for p in prefixes if keys and all(k.startswith(p) for k in keys) and not any(k.startswith(p) for k in own)), None)


def strip_wrappers(state: Mapping[str, Any]) -> dict[str, Any]:
    """`state` without the wrapper prefixes its keys all carry (nested wrappers included)."""
    out = dict(state)
    while prefix := wrapper_prefix(out, STRIP_PREFIXES):
        out = {k[len(prefix):]: v for k, v in out.items()}
    return out


def _is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "dtype") and hasattr(value, "shape")


def _tensors(obj: Any) -> dict[str, Any]:
    """The tensors of a state_dict-like mapping (or a module's state_dict), wrapper prefixes stripped."""
    if hasattr(obj, "state_dict") and callable(obj.state_dict) and not isinstance(obj, dict):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        return {}
    return strip_wrappers({k: v for k, v in obj.items() if isinstance(k, str) and _is_tensor(v)})


def _saved_state(obj: dict, keys: tuple[str, ...], marker: str) -> dict | None:
    """The first state dict under one of `keys` that holds `marker` (Lightning keeps a list of them)."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, (list, tuple)) and value:
            value = value[0]
        if isinstance(value, dict) and marker in value:
            return value
    return None


def _optimizer(obj: dict) -> dict | None:
    return _saved_state(obj, OPTIMIZER_KEYS, "param_groups")


def find_scheduler(obj: Any) -> dict | None:
    """The learning-rate scheduler's state dict (it holds `_last_lr`), or None."""
    return _saved_state(obj, SCHEDULER_KEYS, "_last_lr") if isinstance(obj, dict) else None


def split_checkpoint(obj: Any) -> tuple[dict[str, Any], dict | None, str]:
    """(model tensors, optimizer state or None, format name) of a loaded checkpoint object."""
    if not isinstance(obj, dict):
        return _tensors(obj), None, "module" if hasattr(obj, "state_dict") else type(obj).__name__
    optimizer = _optimizer(obj)
    kind = "lightning" if "pytorch-lightning_version" in obj or "optimizer_states" in obj else "torch"
    for key in MODEL_KEYS:
        value = obj.get(key)
        if isinstance(value, dict) and any(not _is_tensor(v) for v in value.values()):
            inner, inner_opt, _ = split_checkpoint(value)
            if inner:
                return inner, optimizer or inner_opt, kind
        tensors = _tensors(value) if value is not None else {}
        if tensors:
            return tensors, optimizer, kind
    return _tensors(obj), optimizer, kind
