"""`losshelp probe --model --data --loss` end to end, in-process: facts in the JSON, one-line errors."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import torch

from losshelp.cli import main

pytestmark = pytest.mark.torch

MODEL = '''
import torch
from torch import nn

def build():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1))

def broken():
    raise RuntimeError("cannot find my weights")
'''

DATA = '''
import torch

def loader():
    g = torch.Generator().manual_seed(0)
    y = torch.arange(3).repeat_interleave(32)  # sorted labels: not shuffled
    return [(torch.randn(16, 6, generator=g), y[i:i + 16]) for i in range(0, 96, 16)]
'''

FAST = "model_setup,start_loss,grad_norms,activations,grad_flow_check,data_stats,loss_rises_on_step"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["probe", "--no-plot", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    (tmp_path / "net.py").write_text(MODEL)
    (tmp_path / "data.py").write_text(DATA)
    return tmp_path


def test_model_and_data_give_facts(files):
    trained = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3), torch.nn.Softmax(dim=1))
    torch.save({"model_state_dict": trained.state_dict()}, files / "ckpt.pt")
    code, out, err = run(str(files / "ckpt.pt"), "--model", f"{files / 'net.py'}:build", "--data", f"{files / 'data.py'}:loader",
                         "--only", FAST, "--json")
    assert code == 0, err
    result = json.loads(out)
    facts = result["facts"]
    assert facts["loss_matches_task"] == "no" and facts["data_shuffled"] == "no"
    assert facts["params_without_grad"] == "no" and facts["batch_size"] == 16.0
    setup = [f["reason"] for f in result["findings"] if f["probe"] == "model_setup"]
    assert any("inferred from the targets" in r for r in setup) and any("all keys matched" in r for r in setup)
    assert {"grad_norms", "activations", "load_model_data"} <= set(result["timings"])


@pytest.mark.parametrize(
    ("model", "message"),
    [("net.py:broken", "net.py:10 in broken: RuntimeError: cannot find my weights"), ("nothere.py:build", "no such file")],
)
def test_bad_model_is_one_line(files, model, message):
    code, out, err = run("--model", str(files / model), "--data", f"{files / 'data.py'}:loader", "--json")
    assert code == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
