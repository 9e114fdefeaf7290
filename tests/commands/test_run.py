"""`losshelp run -- python SCRIPT`: a real script, unchanged, watched through the start-up hook;
its exit status passes through and its run folder reads back with `probe --run`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from losshelp.cli import main
from losshelp.watch.runfolder import read_run

pytestmark = pytest.mark.torch

SCRIPT = textwrap.dedent(
    """
    import sys
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(64, 8)
    y = (x[:, 0] > 0).long()
    if "--eval" in sys.argv:
        model.eval()
    scaler = torch.amp.GradScaler("cpu") if "--amp" in sys.argv else None
    for i in range(25):
        idx = torch.randint(0, 64, (16,))
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        if scaler is None:
            loss.backward()
            opt.step()
        else:
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
    print("trained")
    sys.exit(int(sys.argv[-1]))
    """
)


def _run(tmp_path, *script_args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    folder = tmp_path / "run"
    command = [sys.executable, "-m", "losshelp", "run", "--log-dir", str(folder), "--lang", "en", "--", sys.executable, str(script), *script_args]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path)


@pytest.mark.slow
def test_buggy_script_is_watched_and_its_exit_status_passes_through(tmp_path, capsys):
    done = _run(tmp_path, "--eval", "3")
    assert done.returncode == 3, done.stderr
    assert "trained" in done.stdout
    alerts = [line for line in done.stderr.splitlines() if line.startswith("losshelp watch: step")]
    assert len(alerts) == 1 and "eval mode" in alerts[0], done.stderr
    record = read_run(tmp_path / "run")
    assert record.closed and record.steps == 25
    assert record.facts["eval_mode_training"] == "yes"
    assert main(["probe", "--run", str(tmp_path / "run"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["causes"][0]["id"] == "training_loop_bug"


@pytest.mark.slow
def test_healthy_mixed_precision_script_runs_quiet(tmp_path):
    done = _run(tmp_path, "--amp", "0")
    assert done.returncode == 0, done.stderr
    assert "losshelp watch: step" not in done.stderr
    record = read_run(tmp_path / "run")
    # The model was found from the optimizer's parameters, and the GradScaler from scale(): their checks measured.
    assert record.facts["eval_mode_training"] == "no" and record.facts["params_not_optimized"] == "no"
    assert record.facts["amp_steps_skipped"] == "no"
    events = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
    losses = [e["value"] for e in events if e["kind"] == "loss"]
    assert len(losses) == 25 and max(losses) < 5  # each loss once, unscaled (the scale starts at 65536)


@pytest.mark.parametrize("argv", [["run"], ["run", "--"], ["run", "--every", "0", "--", "python", "x.py"]])
def test_bad_run_arguments_are_one_line_and_exit_2(argv, capsys):
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_run_parent_does_not_import_torch(tmp_path):
    probe = ("import sys; from losshelp.cli import main; main(['run', '--log-dir', sys.argv[1], '--', sys.executable, '-c', 'pass']); "
             "print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_missing_program_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["run", "--log-dir", str(tmp_path), "--", str(tmp_path / "no-such-program")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
