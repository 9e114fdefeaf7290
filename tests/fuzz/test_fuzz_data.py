"""Data files (.npz and .pt: arrays of any dtype and shape under any key, lists of batches, broken files)
through `losshelp probe --data`, alone and with a model: a report or one line, never a traceback."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.contract import assert_contract, run_main

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

NET = "from torch import nn\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))\n"
FAST = "model_setup,start_loss,data_stats"
KEYS = ["inputs", "x", "features", "targets", "labels", "y", "other"]


@st.composite
def arrays(draw) -> np.ndarray:
    dtype = draw(st.sampled_from(["float32", "float64", "int64", "bool", "complex64", "U3", "uint8"]))
    shape = draw(st.sampled_from([(), (0,), (0, 4), (5,), (6, 4), (6, 5), (6, 4, 2), (3,), (70, 4)]))
    size = int(np.prod(shape)) if shape else 1
    if dtype == "U3":
        return np.array(draw(st.lists(st.text(max_size=3), min_size=size, max_size=size)), dtype="U3").reshape(shape)
    values = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=size, max_size=size))
    with np.errstate(all="ignore"):
        return np.nan_to_num(np.array(values, dtype=float), nan=0.0).astype(dtype).reshape(shape) if dtype in ("int64", "uint8", "bool") \
            else np.array(values, dtype=float).astype(dtype).reshape(shape)


@st.composite
def data_files(draw) -> tuple[str, bytes]:
    content = draw(st.dictionaries(st.sampled_from(KEYS), arrays(), max_size=3))
    form = draw(st.sampled_from(["npz", "pt_dict", "pt_pair", "pt_batches", "truncated", "bytes"]))
    buffer = io.BytesIO()
    if form in ("npz", "truncated"):
        np.savez(buffer, **content)
    elif form == "pt_dict":
        torch.save({k: torch.from_numpy(v) if v.dtype.kind in "biufc" else v.tolist() for k, v in content.items()}, buffer)
    elif form == "pt_pair":
        tensors = [torch.from_numpy(v) for v in content.values() if v.dtype.kind in "biufc"][:2]
        torch.save(tuple(tensors), buffer)
    elif form == "pt_batches":
        items = st.one_of(st.integers(), st.text(max_size=3), st.just(torch.zeros(2, 4)), st.tuples(st.just(torch.zeros(2, 4)), st.integers()))
        torch.save(draw(st.lists(items, max_size=4)), buffer)
    raw = buffer.getvalue() if form != "bytes" else draw(st.binary(max_size=300))
    if form == "truncated":
        raw = raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]
    return (".npz" if form in ("npz", "truncated") else draw(st.sampled_from([".pt", ".npz"]))), raw


@settings(settings.get_profile("fuzz"), max_examples=120)
@given(file=data_files(), with_model=st.booleans())
def test_data_files(file, with_model):
    suffix, raw = file
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / f"batches{suffix}"
        data.write_bytes(raw)
        (Path(folder) / "net.py").write_text(NET)
        model = ["--model", f"{Path(folder) / 'net.py'}:build"] if with_model else []
        assert_contract(run_main("probe", *model, "--data", str(data), "--only", FAST, "--json"))


def test_a_zip_of_something_else_is_one_line(tmp_path):
    with zipfile.ZipFile(tmp_path / "d.npz", "w") as archive:
        archive.writestr("inputs.npy", b"not an array")
    result = run_main("probe", "--data", str(tmp_path / "d.npz"), "--json")
    assert_contract(result)
    assert result.code == 2 and "inputs is bytes, not an array of numbers" in result.err  # numpy hands non-.npy members back as bytes
