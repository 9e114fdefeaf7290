"""Read a TorchScript archive's tensors without running any of it.

`torch.jit.load` compiles the archive's code/ and calls each object's `__setstate__`, so an
untrusted archive can print, loop forever or write files (`torch.from_file(path, True, n)`).
Here only `data.pkl` is unpickled, by an unpickler that resolves nothing but tensor rebuilding,
storage types and TorchScript's list builders; every scripted object becomes an inert record of
its state, and storages are read from the archive's stored `data/` records. Anything else is
refused, so the caller can ask for --trust-checkpoint.
"""

from __future__ import annotations

import io
import pickle
import zipfile
from collections import OrderedDict
from typing import Any

SCRIPTED_PREFIX = "__torch__"
MAX_DEPTH = 200
"""Nesting of scripted objects followed when naming tensors (a model is rarely 20 deep)."""


class UnsafeArchive(Exception):
    """The archive holds something this reader will not build; the message says what."""


class ScriptedObject:
    """A scripted object as data: its class name and the state `__setstate__` would have received."""

    def __new__(cls, *args: Any, **kwargs: Any) -> ScriptedObject:
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.state: Any = None

    def __setstate__(self, state: Any) -> None:
        self.state = state


def _passthrough(data: Any, *rest: Any) -> Any:
    """TorchScript's list builders and type tags (torch.jit._pickle) return their first argument."""
    return data


_JIT_HELPERS = {"build_intlist", "build_tensorlist", "build_doublelist", "build_boollist", "restore_type_tag"}
_STORAGES = {
    "DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16", "BFloat16Storage": "bfloat16",
    "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16", "CharStorage": "int8",
    "ByteStorage": "uint8", "BoolStorage": "bool", "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
}


class _StorageType:
    """What `torch.FloatStorage` and its kin stand for in data.pkl: only a dtype."""

    def __init__(self, dtype: str) -> None:
        self.dtype = dtype


class _DataUnpickler(pickle.Unpickler):
    """Unpickles data.pkl with an allow-list of globals; storages come from the archive's records."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile, prefix: str) -> None:
        super().__init__(io.BytesIO(data))
        self.archive = archive
        self.prefix = prefix
        self.scripted: dict[str, type] = {}

    def find_class(self, module: str, name: str) -> Any:
        import torch

        if module == SCRIPTED_PREFIX or module.startswith(SCRIPTED_PREFIX + "."):
            return self.scripted.setdefault(f"{module}.{name}", type(name, (ScriptedObject,), {}))
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return torch._utils._rebuild_tensor_v2
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        if module == "torch" and name in _STORAGES:
            return _StorageType(_STORAGES[name])
        if module == "torch.jit._pickle" and name in _JIT_HELPERS:
            return _passthrough
        raise UnsafeArchive(f"data.pkl needs {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        import torch

        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage" and isinstance(pid[1], _StorageType)):
            raise UnsafeArchive("data.pkl refers to something other than a tensor storage")
        _, kind, key, _location, numel = pid
        dtype = getattr(torch, kind.dtype)
        info = self.archive.getinfo(f"{self.prefix}data/{key}")
        if info.compress_type != zipfile.ZIP_STORED:
            raise UnsafeArchive(f"tensor record data/{key} is compressed (PyTorch stores them plain)")
        size = int(numel) * torch.empty((), dtype=dtype).element_size()
        if info.file_size < size:
            raise UnsafeArchive(f"tensor record data/{key} is shorter than its {numel} elements")
        raw = bytearray(self.archive.read(info)[:size])
        untyped = torch.frombuffer(raw, dtype=torch.uint8).untyped_storage() if raw else torch.UntypedStorage(0)
        return torch.storage.TypedStorage(wrap_storage=untyped, dtype=dtype, _internal=True)


def _prefix(archive: zipfile.ZipFile) -> str:
    """The archive's top folder (`name/`) holding data.pkl."""
    for name in archive.namelist():
        if name.endswith("data.pkl") and name.count("/") == 1:
            return name[: -len("data.pkl")]
    raise UnsafeArchive("no data.pkl at the archive's top level")


def _collect(obj: Any, prefix: str, out: dict[str, Any], depth: int) -> None:
    """Name every tensor reachable from `obj` by its attribute path (positions inside a
    custom `__setstate__` state, which has no names)."""
    import torch

    if depth > MAX_DEPTH:
        raise UnsafeArchive(f"scripted objects nested deeper than {MAX_DEPTH}")
    if isinstance(obj, torch.Tensor):
        if obj.numel() > obj.untyped_storage().nbytes() // max(obj.element_size(), 1):
            raise UnsafeArchive(f"tensor {prefix.rstrip('.')} claims more elements than its record holds")
        out[prefix.rstrip(".")] = obj
    elif isinstance(obj, ScriptedObject):
        _collect(obj.state, prefix, out, depth + 1)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            _collect(value, f"{prefix}{key}.", out, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            _collect(value, f"{prefix}{i}.", out, depth + 1)


def read_tensors(path: str) -> dict[str, Any]:
    """Named tensors of the TorchScript archive at `path`, nothing executed.

    Raises UnsafeArchive for content this reader does not build, and zipfile/OS errors for a
    broken file.
    """
    with zipfile.ZipFile(path) as archive:
        prefix = _prefix(archive)
        if f"{prefix}byteorder" in archive.namelist() and archive.read(f"{prefix}byteorder").strip() != b"little":
            raise UnsafeArchive("its tensors are not stored little-endian")
        root = _DataUnpickler(archive.read(f"{prefix}data.pkl"), archive, prefix).load()
    out: dict[str, Any] = {}
    _collect(root, "", out, 0)
    return out
