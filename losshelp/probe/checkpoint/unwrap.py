"""Find the model's state_dict and the optimizer's state inside whatever torch.load returned:
a bare state_dict, a dict wrapping them (`model`, `state_dict`, `model_state_dict`, ...,
`optimizer`, `optimizer_state_dict`, Lightning's `optimizer_states`), or a trusted nn.Module."""

from __future__ import annotations

from typing import Any

MODEL_KEYS = ("state_dict", "model_state_dict", "model", "model_state", "net", "network", "module", "weights", "params", "ema")
OPTIMIZER_KEYS = ("optimizer", "optimizer_state_dict", "optimizer_state", "optim", "opt", "optimizer_states", "optimizers")
STRIP_PREFIXES = ("module.", "_orig_mod.")  # DataParallel / DDP and torch.compile wrappers


def _is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "dtype") and hasattr(value, "shape")


def _tensors(obj: Any) -> dict[str, Any]:
    """The tensors of a state_dict-like mapping (or a module's state_dict), prefixes stripped."""
    if hasattr(obj, "state_dict") and callable(obj.state_dict) and not isinstance(obj, dict):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        return {}
    out = {}
    for key, value in obj.items():
        if isinstance(key, str) and _is_tensor(value):
            for prefix in STRIP_PREFIXES:
                key = key.removeprefix(prefix)
            out[key] = value
    return out


def _optimizer(obj: dict) -> dict | None:
    for key in OPTIMIZER_KEYS:
        value = obj.get(key)
        if isinstance(value, (list, tuple)) and value:
            value = value[0]
        if isinstance(value, dict) and "param_groups" in value:
            return value
    return None


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
