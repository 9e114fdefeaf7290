"""When the model, the data and the loss cannot run together, `probe` says why once and exits 2; options
that cannot be combined are refused; user code can neither exit silently nor print into `--json`."""

from __future__ import annotations

import json

import pytest

from tests.probe.runcli import probe

pytestmark = pytest.mark.torch

NET = '''
import sys
import torch
from torch import nn

def build():
    print("building the model")
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))

def leave():
    sys.exit(3)

class Boom(BaseException):
    pass

def boom():
    raise Boom("deep")

class Loud(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        print("forward called")
        return self.fc(x)

def loud():
    return Loud()
'''

DATA = '''
import torch

def _batches(features, targets):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(16, features, generator=g), torch.randint(0, 3, (targets,), generator=g)) for _ in range(3)]

def five():
    return _batches(5, 16)

def short():
    return _batches(6, 8)

def ok():
    return _batches(6, 16)

def leave():
    raise SystemExit(0)
'''

LOSS = '''
def broken(output, target):
    raise ValueError("my loss broke")
'''


def run(*args: str) -> tuple[int, str, str]:
    result = probe(*args)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def d(tmp_path):
    for name, text in (("net.py", NET), ("data.py", DATA), ("loss.py", LOSS)):
        (tmp_path / name).write_text(text)
    return tmp_path


def _error(err: str) -> str:
    """The one error line losshelp printed (the user's own prints to stderr aside)."""
    lines = [ln for ln in err.splitlines() if ln.startswith("losshelp: error: ")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize(
    ("data", "loss", "expected"),
    [
        ("five", None, ["mat1 and mat2 shapes cannot be multiplied", "inputs (16, 5) float32"]),
        ("short", None, ["batch_size (16) to match target batch_size (8)", "targets (8,) int64"]),
        ("ok", "loss.py:broken", ["loss.py:3 in broken: ValueError: my loss broke", "output (16, 3) float32"]),
        ("ok", "mse", ["must match the size of tensor b (16)", "targets (16,) int64, output (16, 3) float32"]),
    ],
)
def test_model_data_and_loss_that_do_not_fit_are_one_error(d, data, loss, expected):
    code, out, err = run("--model", f"{d / 'net.py'}:build", "--data", f"{d / 'data.py'}:{data}",
                         *(("--loss", str(d / loss) if ":" in loss else loss) if loss else ()), "--json")
    line = _error(err)
    assert code == 2 and out == ""  # no report, no ranked causes
    assert "the model, data and loss do not run together" in line and all(e in line for e in expected), line


@pytest.mark.parametrize(("model", "data", "expected"), [
    ("leave", "ok", "calling leave() raised net.py:12 in leave: SystemExit: 3"),
    ("boom", "ok", "calling boom() raised net.py:18 in boom: Boom: deep"),
    ("build", "leave", "calling leave() raised data.py:18 in leave: SystemExit: 0"),
])
def test_user_code_that_exits_or_raises_base_exceptions_is_one_line(d, model, data, expected):
    code, out, err = run("--model", f"{d / 'net.py'}:{model}", "--data", f"{d / 'data.py'}:{data}", "--json")
    assert code == 2 and expected in _error(err)


def test_user_prints_go_to_stderr_and_json_stays_parseable(d):
    code, out, err = run("--model", f"{d / 'net.py'}:loud", "--data", f"{d / 'data.py'}:ok", "--only", "model_setup,start_loss", "--json")
    assert code == 0, err
    assert "forward called" in err and "forward called" not in out
    assert json.loads(out)["facts"]["num_classes"] == 3.0


@pytest.mark.parametrize(("args", "expected"), [
    (["--model", "net.py:build"], "--model needs --data"),
    (["--demo", "CKPT"], "leave out CHECKPOINT"),
    (["--demo", "--log", "x.csv", "--data", "data.py:ok"], "leave out --log, --data"),
])
def test_inputs_that_cannot_be_combined_are_refused(d, args, expected):
    args = [str(d / a) if a.endswith((".py:build", ".py:ok", ".csv")) else a for a in args]
    code, out, err = run(*args)
    assert code == 2 and out == "" and expected in _error(err)
