"""Loading what the user points at: `FILE.py:NAME` factories, data files, and a state_dict into a model.

Every failure is one line (`LoadError`): a missing file or name, or the user's own code raising, with
the traceback shortened to the deepest frame in their file.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from losshelp.probe.checkpoint.unwrap import wrapper_prefix
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.model.objective import LOSSES, TARGET_KEYS, Batch, first_tensor, split_batch
from losshelp.probe.model.sampling import DrawnData, draw
from losshelp.readfile import FileProblem, check_file

# Batch size used to cut a `.pt`/`.npz` file holding whole tensors (the common DataLoader default).
FILE_BATCH_SIZE = 64
INPUT_KEYS = ("inputs", "input", "x", "X", "features", "data", "images")


class LoadError(ProbeInputError):
    """A one-line reason why the model, the data or the loss could not be loaded."""


@dataclass(frozen=True)
class WeightReport:
    """How a state_dict fitted the model: keys it lacked, keys it had extra, shapes that differed."""

    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    mismatched: tuple[str, ...]
    stripped_prefix: str | None = None

    @property
    def exact(self) -> bool:
        return not (self.missing or self.unexpected or self.mismatched)

    def summary(self) -> str:
        parts = [f"{label}: {', '.join(keys[:5])}{' ...' if len(keys) > 5 else ''} ({len(keys)})"
                 for label, keys in (("missing", self.missing), ("unexpected", self.unexpected), ("shape differs", self.mismatched)) if keys]
        prefix = f"stripped the '{self.stripped_prefix}' prefix; " if self.stripped_prefix else ""
        return prefix + ("; ".join(parts) if parts else "all keys matched")


def user_frame(error: BaseException, path: Path) -> str:
    """`file:line in func: Type: message` for the deepest frame of the traceback inside the user's file."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    where = f"{path.name}:{frames[-1].lineno} in {frames[-1].name}: " if frames else ""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{where}{type(error).__name__}{': ' + message if message else ''}"


def _import_file(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"losshelp_user_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise LoadError(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # the user's file may import its neighbours
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # sys.exit() or a BaseException in the user's file is one line too
        raise LoadError(f"importing {path.name} failed: {user_frame(error, path)}") from None
    finally:
        sys.path.remove(str(path.parent))
    return module


def load_callable(spec: str, what: str) -> tuple[Callable[..., Any], Path]:
    """`FILE.py:NAME` -> the callable NAME defined in FILE.py, and the file's path."""
    file, _, name = spec.rpartition(":")
    if not file or not name:
        raise LoadError(f"--{what} {spec}: {'a directory, not' if Path(spec).is_dir() else 'expected'} FILE.py:NAME")
    path = Path(file)
    try:
        check_file(path, "Python file")
    except FileProblem as problem:
        raise LoadError(f"--{what} {spec}: {problem}") from None
    module = _import_file(path)
    fn = getattr(module, name, None)
    if not callable(fn):
        names = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_") and getattr(v, "__module__", None) == module.__name__)
        raise LoadError(f"--{what} {spec}: {path.name} defines no callable {name!r} (it has: {', '.join(names) or 'none'})")
    return fn, path


def call_user(fn: Callable[..., Any], path: Path, what: str, *args: Any) -> Any:
    """Call the user's function; an exception becomes one line pointing at their own frame."""
    try:
        return fn(*args)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # sys.exit() or a BaseException in the user's code is one line too
        raise LoadError(f"--{what}: calling {getattr(fn, '__name__', 'it')}() raised {user_frame(error, path)}") from None


def load_model(spec: str) -> nn.Module:
    """Call the model factory and check that it returns an `nn.Module`."""
    fn, path = load_callable(spec, "model")
    model = call_user(fn, path, "model")
    if not isinstance(model, nn.Module):
        raise LoadError(f"--model {spec}: returned {type(model).__name__}, not a torch.nn.Module")
    return model


def _cut(inputs: Any, targets: Tensor | None, size: int = FILE_BATCH_SIZE) -> list[Batch]:
    n = len(inputs)
    return [Batch(inputs[i : i + size], None if targets is None else targets[i : i + size]) for i in range(0, n, size)]


def _tensor(value: Any, source: str, key: str) -> Tensor:
    """An array or tensor of numbers with at least one dimension, as a tensor; LoadError saying what it is otherwise."""
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None)  # numpy: b(ool) i u f c, U/S strings, O objects
    if not isinstance(value, Tensor) and kind not in tuple("biuf"):
        what = f"an array of {dtype}" if dtype is not None else type(value).__name__
        raise LoadError(f"{source}: {key} is {what}, not an array of numbers")
    tensor = torch.as_tensor(value)
    if tensor.is_complex():
        raise LoadError(f"{source}: {key} holds complex numbers; expected real inputs and targets")
    if tensor.dim() == 0:
        raise LoadError(f"{source}: {key} is a single number (0-d); expected one row per sample")
    return tensor


def _from_arrays(arrays: Mapping[str, Any], source: str) -> list[Batch]:
    x_key = next((k for k in INPUT_KEYS if k in arrays), None)
    y_key = next((k for k in (*TARGET_KEYS, "Y") if k in arrays), None)
    if x_key is None:
        found = ", ".join(str(k)[:40] for k in list(arrays)[:12]) or "nothing"
        raise LoadError(f"{source}: no inputs under any of {', '.join(INPUT_KEYS)} (found: {found})")
    x = _tensor(arrays[x_key], source, x_key)
    y = _tensor(arrays[y_key], source, y_key) if y_key else None
    if y is not None and y.shape[0] != x.shape[0]:
        raise LoadError(f"{source}: {x_key} has {x.shape[0]} rows but {y_key} has {y.shape[0]}")
    return _cut(x.float() if x.is_floating_point() else x, y)


def _torch_file(path: Path) -> Any:
    """`torch.load` with tensors only; its errors in words, without PyTorch's internals or its advice to
    turn the safety off."""
    import pickle

    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        if "Unsupported global" in str(error):
            raise LoadError(f"{path.name}: holds pickled Python objects, not just tensors; "
                            "save the data as tensors, e.g. torch.save({'inputs': x, 'targets': y}, path)") from None
        raise LoadError(f"{path.name}: cannot be read as tensors: not a PyTorch tensor file, or a corrupt one") from None
    except Exception:  # noqa: BLE001 - on arbitrary bytes the loader raises almost any error type
        raise LoadError(f"{path.name}: cannot be read as tensors: not a PyTorch tensor file, or a truncated or corrupt one") from None


def load_data_file(path: Path) -> list[Batch]:
    """A `.npz` or `.pt` file: whole tensors (cut into batches of 64) or a list of batches."""
    if path.suffix == ".npz":
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as arrays:
                loaded = {k: arrays[k] for k in arrays.files}
        except ValueError as error:
            if "allow_pickle" in str(error):
                raise LoadError(f"{path.name}: holds Python objects (pickled), not arrays of numbers") from None
            raise LoadError(f"{path.name}: not a readable .npz file, or a corrupt one") from None
        except Exception:  # noqa: BLE001 - a broken zip raises BadZipFile, EOFError, OSError, ...
            raise LoadError(f"{path.name}: not a readable .npz file (a zip of .npy arrays), or a corrupt one") from None
        return _from_arrays(loaded, path.name)
    obj = _torch_file(path)
    if isinstance(obj, Mapping):
        return _from_arrays(obj, path.name)
    if isinstance(obj, (tuple, list)) and len(obj) == 2 and all(isinstance(t, Tensor) for t in obj) and obj[0].shape[:1] == obj[1].shape[:1]:
        return _from_arrays({"inputs": obj[0], "targets": obj[1]}, path.name)
    if isinstance(obj, (tuple, list)):
        return [split_batch(b) for b in obj]
    raise LoadError(f"{path.name}: expected (inputs, targets), a dict of tensors, or a list of batches")


def _check_batches(data: DrawnData, source: str) -> DrawnData:
    """Every kept batch holds a tensor of inputs, and its targets are a tensor or absent."""
    for n, batch in enumerate(data.batches, 1):
        if first_tensor(batch.inputs) is None:
            raise LoadError(f"{source}: batch {n} holds no tensor of inputs (got {type(batch.inputs).__name__})")
        if batch.targets is not None and not isinstance(batch.targets, Tensor):
            raise LoadError(f"{source}: batch {n} has targets of type {type(batch.targets).__name__}, not a tensor")
    return data


def load_data(spec: str) -> DrawnData:
    """`FILE.py:FACTORY` (an iterable of batches, e.g. a DataLoader) or a `.pt` / `.npz` file, drawn
    across the data within the budget of `sampling.draw`."""
    path = Path(spec)
    if path.suffix in (".pt", ".pth", ".npz") and ":" not in path.name:
        batches = draw(load_data_file(check_file(path, "data file")))
    else:
        fn, file = load_callable(spec, "data")
        source = call_user(fn, file, "data")
        if not isinstance(source, Iterable):
            raise LoadError(f"--data {spec}: returned {type(source).__name__}, not an iterable of batches")
        try:
            batches = draw(source)
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            raise LoadError(f"--data {spec}: reading a batch raised {user_frame(error, file)}") from None
    if not batches:
        raise LoadError(f"--data {spec}: no batches")
    return _check_batches(batches, f"--data {spec}")


def load_loss(spec: str | None) -> str | Callable[[Tensor, Tensor], Tensor] | None:
    """A loss name (`cross_entropy`, `mse`, `bce`, `nll`, `own`), `FILE.py:FN`, or None to infer it."""
    if spec is None or spec in LOSSES or spec == "own":
        return spec
    if ":" not in spec:
        raise LoadError(f"--loss {spec}: use one of {', '.join([*LOSSES, 'own'])} or FILE.py:FN")
    fn, path = load_callable(spec, "loss")

    def user_loss(output: Tensor, target: Tensor) -> Tensor:
        return call_user(fn, path, "loss", output, target)

    return user_loss


def load_weights(model: nn.Module, state: Mapping[str, Tensor]) -> WeightReport:
    """Load strictly; failing that, strip a wrapper prefix the state has and the model lacks (or put
    back one the model has and the reader stripped), load what fits, and report the rest."""
    try:
        model.load_state_dict(state, strict=True)
        return WeightReport((), (), ())
    except RuntimeError:
        pass
    own = model.state_dict()
    prefix = wrapper_prefix(state, own=own)
    if prefix:
        state = {k[len(prefix):]: v for k, v in state.items()}
    elif missing := wrapper_prefix(own, own=state):
        state = {missing + k: v for k, v in state.items()}
    fitting = {k: v for k, v in state.items() if k in own and tuple(v.shape) == tuple(own[k].shape)}
    model.load_state_dict(fitting, strict=False)
    return WeightReport(
        missing=tuple(k for k in own if k not in state),
        unexpected=tuple(k for k in state if k not in own),
        mismatched=tuple(k for k in state if k in own and tuple(state[k].shape) != tuple(own[k].shape)),
        stripped_prefix=prefix,
    )
