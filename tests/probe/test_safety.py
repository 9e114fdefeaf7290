"""Safety: no pickled code runs by default, bad files give one line without a traceback, and the
checkpoint and log files are never modified."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from runcli import probe as cli

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.torch
REPO = Path(__file__).resolve().parents[2]


class MakesMarker:
    """Unpickling this would create a marker file: the attack a checkpoint can carry."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def subprocess_cli(*args: str) -> subprocess.CompletedProcess:
    """The real console entry in a fresh interpreter: what a user's shell sees."""
    return subprocess.run([sys.executable, "-m", "losshelp", "probe", "--no-plot", *args], capture_output=True, text=True, cwd=REPO, timeout=120)


@pytest.fixture
def malicious(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"state_dict": {"w": torch.zeros(2, 2)}, "payload": MakesMarker(str(marker))}, path)
    return path, marker


def test_malicious_pickle_is_refused_and_does_not_run(malicious):
    path, marker = malicious
    result = subprocess_cli(str(path))
    assert result.returncode != 0
    assert "--trust-checkpoint" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not marker.exists()


def test_whole_module_needs_trust(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(torch.nn.Linear(4, 3), path)
    assert "--trust-checkpoint" in cli(str(path)).stderr
    trusted = cli(str(path), "--trust-checkpoint", "--json")
    assert trusted.returncode == 0, trusted.stderr
    assert '"depth": 1.0' in trusted.stdout


def _files(tmp_path: Path) -> dict[str, bytes]:
    good = tmp_path / "good.pt"
    torch.save({"w": torch.randn(8, 8)}, good)
    data = good.read_bytes()
    return {
        "empty.pt": b"",
        "truncated.pt": data[: len(data) // 2],
        "garbage.pt": b"not a checkpoint at all" * 20,
        "text.safetensors": b"hello",
        "zip_of_nothing.pt": b"PK\x05\x06" + b"\x00" * 18,
        "answers.yaml": b"train_loss: flat\nstage: [first\n",  # the unpickler pops an empty stack
    }


def test_bad_checkpoints_give_one_line(tmp_path):
    for name, content in _files(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(content)
        result = cli(str(path))
        assert result.returncode == 2, (name, result.stderr)
        assert "Traceback" not in result.stderr, name
        assert len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)


def test_bad_log_and_missing_files_give_one_line(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text("a,b\n1,2\n")
    for args in ([f"--log={log}"], [str(tmp_path / "missing.pt")], ["--log", str(tmp_path / "missing.csv")], ["--log", str(tmp_path)]):
        result = cli(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_inputs_are_never_modified(tmp_path):
    ckpt, log = tmp_path / "c.pt", tmp_path / "metrics.csv"
    torch.save({"model": {"fc.weight": torch.randn(10, 5), "fc.bias": torch.zeros(10)}}, ckpt)
    log.write_text("step,loss\n" + "".join(f"{i},{2 / (i + 1)}\n" for i in range(30)))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ckpt, log)}
    stat = {p: p.stat().st_mtime_ns for p in (ckpt, log)}
    assert cli(str(ckpt), "--log", str(log), "--json").returncode == 0
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ckpt, log)} == before
    assert {p: p.stat().st_mtime_ns for p in (ckpt, log)} == stat
