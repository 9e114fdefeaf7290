"""Safety: no pickled code runs by default, bad files give one line without a traceback, and the
checkpoint and log files are never modified."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
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


# TorchScript archives whose `__setstate__` (run by torch.jit.load) carries a payload: it prints,
# it never returns, or it writes a file through torch.from_file(path, shared=True, n).
PAYLOAD_TEXT = "PAYLOAD-RAN"


class Prints(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.w = torch.nn.Parameter(torch.full((3, 2), 0.5))

    def forward(self, x):
        return x @ self.w

    @torch.jit.export
    def __getstate__(self) -> tuple[torch.Tensor, bool]:
        return (self.w, self.training)

    @torch.jit.export
    def __setstate__(self, state: tuple[torch.Tensor, bool]) -> None:
        print("PAYLOAD-RAN")
        self.w = state[0]
        self.training = state[1]


class Loops(Prints):
    @torch.jit.export
    def __setstate__(self, state: tuple[torch.Tensor, bool]) -> None:
        i = 0
        while i >= 0:
            i = i + 1
        self.w = state[0]
        self.training = state[1]


class Writes(torch.nn.Module):
    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target
        self.w = torch.nn.Parameter(torch.full((3, 2), 0.5))

    def forward(self, x):
        return x @ self.w

    @torch.jit.export
    def __getstate__(self) -> tuple[str, torch.Tensor, bool]:
        return (self.target, self.w, self.training)

    @torch.jit.export
    def __setstate__(self, state: tuple[str, torch.Tensor, bool]) -> None:
        self.target = state[0]
        written = torch.from_file(state[0], True, 16, dtype=torch.uint8)
        written.fill_(65)
        self.w = state[1] + written[0].float() * 0.0  # uses the write, so the compiler keeps it
        self.training = state[2]


def scripted(kind: str, tmp_path: Path) -> tuple[Path, Path]:
    """A malicious TorchScript archive of `kind` and the file its payload would create."""
    target = tmp_path / f"{kind}-written"
    module = {"prints": Prints, "loops": Loops, "writes": lambda: Writes(str(target))}[kind]()
    path = tmp_path / f"{kind}.pt"
    with pytest.warns(DeprecationWarning):
        torch.jit.save(torch.jit.script(module), str(path))
    return path, target


@pytest.mark.parametrize("kind", ["prints", "loops", "writes"])
def test_torchscript_payload_never_runs_without_trust(kind, tmp_path):
    path, target = scripted(kind, tmp_path)
    result = subprocess_cli(str(path), "--json")  # a payload that loops would hit the timeout
    assert result.returncode == 0, result.stderr
    assert PAYLOAD_TEXT not in result.stdout + result.stderr
    assert not target.exists()
    report = json.loads(result.stdout)
    assert {f["probe"] for f in report["findings"]} >= {"checkpoint_nonfinite", "checkpoint_shapes"}
    assert report["facts"]["weights_nonfinite"] == "no"


def test_the_payloads_are_real(tmp_path):
    """What torch.jit.load does with the same archives: print, write the file, never return."""
    load = "import torch, warnings; warnings.simplefilter('ignore'); torch.jit.load({!r})"
    prints, _ = scripted("prints", tmp_path)
    ran = subprocess.run([sys.executable, "-c", load.format(str(prints))], capture_output=True, text=True, timeout=60)
    assert PAYLOAD_TEXT in ran.stdout
    writes, target = scripted("writes", tmp_path)
    subprocess.run([sys.executable, "-c", load.format(str(writes))], capture_output=True, timeout=60)
    assert target.read_bytes() == b"A" * 16
    loops, _ = scripted("loops", tmp_path)
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", load.format(str(loops))], capture_output=True, timeout=3)


def test_torchscript_tensors_are_read_as_data(tmp_path):
    from losshelp.probe.checkpoint.load import load_checkpoint

    path, target = scripted("writes", tmp_path)
    ckpt = load_checkpoint(path)
    assert ckpt.format == "torchscript" and not target.exists()
    assert [tuple(t.shape) for t in ckpt.tensors.values()] == [(3, 2)]
    assert all(bool((t == 0.5).all()) for t in ckpt.tensors.values())


def test_archive_with_code_in_its_data_is_refused_in_one_line(tmp_path):
    """A TorchScript-looking zip whose data.pkl calls os.system: refused, naming the flag; nothing runs."""
    import pickle

    marker = tmp_path / "pwned"
    path = tmp_path / "evil_script.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("evil_script/data.pkl", pickle.dumps(MakesMarker(str(marker)), protocol=2))
        archive.writestr("evil_script/constants.pkl", pickle.dumps(()))
        archive.writestr("evil_script/code/__torch__.py", "")
    result = cli(str(path))
    assert result.returncode == 2
    assert "--trust-checkpoint" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not marker.exists()
