"""Loading factories, data files and weights: one-line errors, strict loading with a clear report."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from losshelp.probe.checkpoint.load import load_checkpoint
from losshelp.probe.model.loading import LoadError, load_data, load_loss, load_model, load_weights

pytestmark = pytest.mark.torch

USER_CODE = '''
import torch
from torch import nn

def build():
    return nn.Linear(4, 3)

def broken():
    return helper()

def helper():
    raise ValueError("shape mismatch in my layer")

def not_a_model():
    return 42

def loader():
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(8, 4, generator=g), torch.randint(0, 3, (8,), generator=g)) for _ in range(20)]
'''


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "mymodel.py"
    path.write_text(USER_CODE)
    return path


def test_factory_and_data_load(user_file):
    assert isinstance(load_model(f"{user_file}:build"), nn.Linear)
    batches = load_data(f"{user_file}:loader")
    assert len(batches) == 8 and batches[0].targets.shape == (8,)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("missing.py:build", "no such file"),
        ("{f}:nothing", "defines no callable 'nothing' (it has: broken, build, helper, loader, not_a_model)"),
        ("{f}:broken", "mymodel.py:12 in helper: ValueError: shape mismatch in my layer"),
        ("{f}:not_a_model", "returned int, not a torch.nn.Module"),
        ("{f}", "expected FILE.py:NAME"),
    ],
)
def test_one_line_errors(user_file, spec, message):
    with pytest.raises(LoadError) as error:
        load_model(spec.format(f=user_file))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_data_files(tmp_path):
    x, y = np.random.randn(150, 4).astype(np.float32), np.random.randint(0, 3, 150)
    np.savez(tmp_path / "d.npz", x=x, y=y)
    batches = load_data(str(tmp_path / "d.npz"))
    assert [b.size for b in batches] == [64, 64, 22] and batches[0].inputs.dtype == torch.float32
    torch.save({"inputs": torch.from_numpy(x), "labels": torch.from_numpy(y)}, tmp_path / "d.pt")
    assert len(load_data(str(tmp_path / "d.pt"))) == 3
    (tmp_path / "bad.pt").write_bytes(b"not a tensor file")
    with pytest.raises(LoadError, match="cannot be read"):
        load_data(str(tmp_path / "bad.pt"))


def test_loss_spec(user_file):
    assert load_loss("mse") == "mse" and load_loss(None) is None
    with pytest.raises(LoadError, match="use one of"):
        load_loss("hinge")


def test_a_model_whose_own_child_is_called_module_loads_exactly(tmp_path):
    """The checkpoint reader strips a `module.` every key carries; the loader puts it back when the
    model's own names all carry it (a user model with `self.module = ...`)."""

    class Holder(nn.Module):
        def __init__(self):
            super().__init__()
            self.module = nn.Linear(4, 3)

    model = Holder()
    torch.save(model.state_dict(), tmp_path / "holder.pt")
    tensors = load_checkpoint(tmp_path / "holder.pt").tensors
    assert set(tensors) == {"weight", "bias"}
    fresh = Holder()
    assert load_weights(fresh, tensors).exact
    assert torch.equal(fresh.module.weight, model.module.weight)


def test_weights_strict_then_reported():
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    assert load_weights(model, nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)).state_dict()).exact
    wrapped = {f"module.{k}": v for k, v in model.state_dict().items()}
    report = load_weights(model, wrapped)
    assert report.exact and report.stripped_prefix == "module."
    other = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 5)).state_dict()
    other["extra.weight"] = torch.zeros(1)
    del other["0.bias"]
    report = load_weights(model, other)
    assert report.missing == ("0.bias",) and report.unexpected == ("extra.weight",)
    assert report.mismatched == ("2.weight", "2.bias")
    assert "missing: 0.bias (1)" in report.summary()
