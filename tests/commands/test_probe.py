"""`losshelp probe` end to end: the demo's diagnosis in --json, healthy runs, selection, --set."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from losshelp.kb import default_kb
from tests.probe import curves
from tests.probe.factcheck import check_fact
from tests.probe.runcli import probe

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def demo():
    result = probe("--demo", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_json_shape(demo):
    assert set(demo) == {"verdict", "facts", "findings", "causes", "timings"}
    assert demo["verdict"] == "problem"  # the demo run has a fault
    for f in demo["findings"]:
        assert {"probe", "fact", "value", "threshold", "verdict", "reason"} <= set(f)
    assert all(v >= 0 for v in demo["timings"].values())
    assert {"log_trend", "checkpoint_near_zero", "load_checkpoint", "load_log"} <= set(demo["timings"])


def test_demo_measures_the_weight_decay_fault(demo):
    facts = demo["facts"]
    assert facts["near_zero_layers"] == "yes" and facts["weight_scale"] == "too_small"
    assert facts["loss_at_chance"] == "yes" and facts["train_loss"] == "flat"
    assert facts["stage"] == "first_epochs" and facts["weight_decay"] == 1.0
    assert (facts["optimizer"], facts["num_classes"]) == ("momentum", 10.0)


def test_the_demo_is_diagnosed_as_over_regularization(demo):
    top = demo["causes"][0]
    assert (top["id"], top["level"]) == ("over_regularization", "likely")
    assert top["because"] and top["fixes"]


def test_every_emitted_fact_is_valid_in_the_kb(demo):
    kb = default_kb()
    for fact, value in demo["facts"].items():
        assert check_fact(fact, value, kb) is None


def test_healthy_run_has_no_abnormal_finding(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, tmp_path / "ok.pt")
    for name, y in (("still_falling", curves.healthy(sigma=0.03)), ("converged", curves.noisy(0.05 + 2.25 * np.exp(-15 * curves.t()), 0.02))):
        val = y * 1.1
        log = tmp_path / f"{name}.csv"
        log.write_text("epoch,train_loss,val_loss,lr\n" + "".join(f"{i},{a:.5f},{b:.5f},0.001\n" for i, (a, b) in enumerate(zip(y, val, strict=True))))
        result = probe(str(tmp_path / "ok.pt"), "--log", str(log), "--json")
        abnormal = [f for f in json.loads(result.stdout)["findings"] if f["verdict"] in ("abnormal", "error")]
        assert abnormal == [], (name, abnormal)


def test_only_skip_and_set(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("step,loss\n" + "".join(f"{i},{0.693 + 0.001 * (i % 3)}\n" for i in range(40)))
    out = json.loads(probe("--log", str(log), "--only", "log_level", "--set", "num_classes=2", "--json").stdout)
    assert {f["probe"] for f in out["findings"]} == {"log_level"}
    assert out["facts"]["loss_at_chance"] == "yes" and out["facts"]["num_classes"] == 2.0
    out = json.loads(probe("--log", str(log), "--skip", "log_level,log_shape", "--json").stdout)
    assert not {"log_level", "log_shape"} & {f["probe"] for f in out["findings"]}


@pytest.mark.parametrize("args", [["--set", "train_loss=sideways"], ["--only", "nope"], []])
def test_bad_arguments_give_one_line(tmp_path, args):
    log = tmp_path / "log.csv"
    log.write_text("loss\n1\n0.9\n")
    result = probe(*(["--log", str(log)] if args else []), *args)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_text_output_with_plot(tmp_path):
    import contextlib
    import io

    from losshelp.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["probe", "--demo", "--lang", "zh"]) == 0
    text = out.getvalue()
    assert "测量结果" in text and "near_zero_layers" in text and "train_loss_step" in text


def test_text_output_tells_evidence_against_from_evidence_for():
    """A stated `dropout=0` speaks against the demo's top cause (too much regularisation)."""
    text = probe("--demo", "--no-plot", "--set", "dropout=0").stdout
    assert re.search(r"because \(\+0\.\d\d\): Whole layers pulled to near-zero weights", " ".join(text.split()))
    assert re.search(r"against \(-0\.\d\d\): ", text)


def test_help_imports_no_torch():
    code = "import sys; from losshelp.cli import build_parser; build_parser(); assert 'torch' not in sys.modules and 'numpy' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_device_cuda_without_cuda_is_one_line():
    result = probe("--demo", "--device", "cuda")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "CUDA is not available" in result.stderr


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_loading_refuses_cuda_for_every_front_end():
    from losshelp.probe import ProbeInputError
    from losshelp.probe.request import ProbeRequest, demo_paths, load_inputs

    with pytest.raises(ProbeInputError, match="CUDA is not available"):
        load_inputs(ProbeRequest(log=demo_paths()[1], device="cuda"), {}, {})
