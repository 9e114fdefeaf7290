"""Load a checkpoint file into tensors + optimizer state, safely: `weights_only=True` and
TorchScript read as data unless the user passes --trust-checkpoint. Formats: torch.save (zip or
legacy), Lightning .ckpt, safetensors, TorchScript. Every failure is one `ProbeInputError` line; the file is only read."""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from losshelp.probe.checkpoint.torchscript import UnsafeArchive, read_tensors
from losshelp.probe.checkpoint.unwrap import find_scheduler, split_checkpoint, strip_wrappers
from losshelp.probe.errors import ProbeInputError

TRUST_HINT = "rerun with --trust-checkpoint only if you trust where the file came from"


@dataclass
class Checkpoint:
    """A checkpoint's named tensors (CPU), its optimizer and lr-scheduler state dicts if saved, the format and path."""

    tensors: dict[str, Any]
    optimizer: dict | None = None
    format: str = "torch"
    path: str = ""
    scheduler: dict | None = None


def _is_safetensors(p: Path) -> bool:
    if p.suffix == ".safetensors":
        return True
    head = p.open("rb").read(9)
    return len(head) == 9 and int.from_bytes(head[:8], "little") < (100 << 20) and head[8:9] == b"{"


def _is_torchscript(p: Path) -> bool:
    if not zipfile.is_zipfile(p):
        return False
    try:
        names = zipfile.ZipFile(p).namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return any(n.endswith("constants.pkl") or "/code/" in n for n in names)


def _torch_load(p: Path, trust: bool) -> Any:
    import pickle

    import torch

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.load(p, map_location="cpu", weights_only=not trust)
    except pickle.UnpicklingError as exc:
        if "GLOBAL" in str(exc) and not trust:
            raise ProbeInputError(f"{p}: the checkpoint needs pickled Python code to load (a class or function, not just tensors); {TRUST_HINT}") from None
        raise ProbeInputError(f"{p}: not a PyTorch checkpoint, or a corrupt one (unpickling failed)") from None
    except Exception as exc:  # noqa: BLE001 - on arbitrary bytes the unpickler raises almost any error type
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ProbeInputError(f"{p}: not a PyTorch checkpoint, or a truncated or corrupt one ({first})") from None


def _load_safetensors(p: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    try:
        return dict(load_file(str(p), device="cpu"))
    except Exception as exc:  # noqa: BLE001 - safetensors raises its own error types
        raise ProbeInputError(f"{p}: not a valid safetensors file ({type(exc).__name__})") from None


def _load_torchscript(p: Path, trust: bool) -> dict[str, Any]:
    """Trusted: torch.jit.load (which runs the archive's code). Otherwise its tensors, read as data."""
    import torch

    if not trust:
        return _read_torchscript(p)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.jit is deprecated, still the way to read these archives
            return dict(torch.jit.load(str(p), map_location="cpu").state_dict())
    except Exception as exc:  # noqa: BLE001 - TorchScript raises many error types
        raise ProbeInputError(f"{p}: not a loadable TorchScript archive ({type(exc).__name__})") from None


def _read_torchscript(p: Path) -> dict[str, Any]:
    try:
        tensors = read_tensors(str(p))
    except UnsafeArchive as exc:
        raise ProbeInputError(f"{p}: a TorchScript archive whose tensors cannot be read without running its code ({exc}); {TRUST_HINT}") from None
    except Exception as exc:  # noqa: BLE001 - a broken zip or pickle raises many error types
        raise ProbeInputError(f"{p}: not a readable TorchScript archive ({type(exc).__name__})") from None
    if not tensors:
        raise ProbeInputError(f"{p}: a TorchScript archive without tensors")
    return tensors


def load_checkpoint(path: str | Path, trust: bool = False) -> Checkpoint:
    """Read a checkpoint file; raises ProbeInputError (one line) when it cannot be used."""
    p = Path(path)
    if not p.is_file():
        raise ProbeInputError(f"{p}: no such file")
    if p.stat().st_size == 0:
        raise ProbeInputError(f"{p}: the checkpoint file is empty")
    if _is_safetensors(p):
        return Checkpoint(strip_wrappers(_load_safetensors(p)), None, "safetensors", str(p))
    if _is_torchscript(p):
        return Checkpoint(strip_wrappers(_load_torchscript(p, trust)), None, "torchscript", str(p))
    loaded = _torch_load(p, trust)
    tensors, optimizer, kind = split_checkpoint(loaded)
    if not tensors:
        raise ProbeInputError(f"{p}: no model tensors found (looked for a state_dict or the keys state_dict, model_state_dict, model)")
    return Checkpoint(tensors, optimizer, kind, str(p), find_scheduler(loaded))
