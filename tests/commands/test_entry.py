"""The command-line entry: fast help, version with backend, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from losshelp import __version__
from losshelp.cli import main
from losshelp.engine.backend import backend_name


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "losshelp", *args], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_neither_torch_nor_textual(flag):
    code = (
        "import sys\n"
        "from losshelp.cli import main\n"
        f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch', 'textual', 'durable', 'numpy', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_version_names_the_engine_backend(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"losshelp {__version__} (engine backend: {backend_name()})"


def test_help_lists_every_command():
    out = run("--help").stdout
    for command in ("diagnose", "probe", "quiz", "kb"):
        assert command in out


def test_kb_show_unknown_id_is_one_line_with_suggestions():
    out = run("kb", "show", "learning_rate_too_low")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "did you mean" in out.stderr and "lr_too_low" in out.stderr


def test_kb_show_renders_both_languages():
    en, zh = run("kb", "show", "lr_too_low", "--lang", "en").stdout, run("kb", "show", "lr_too_low", "--lang", "zh").stdout
    assert "Learning rate" in en or "learning rate" in en
    assert "学习率" in zh and "出处" in zh


def test_kb_search_json():
    out = run("kb", "search", "过拟合", "--json")
    hits = json.loads(out.stdout)
    assert hits[0]["id"] == "overfitting" and hits[0]["score"] > 0


def test_kb_commands_on_a_broken_folder_give_one_line(tmp_path):
    (tmp_path / "causes.yaml").write_text("causes:\n  - id: x\n    name: [oops\n", encoding="utf-8")
    for action in (["lint"], ["show", "x"], ["search", "x"]):
        out = run("kb", "--dir", str(tmp_path), *action)
        assert out.returncode == 2
        assert "Traceback" not in out.stderr
        assert out.stderr.count("\n") == 1 and "causes.yaml:" in out.stderr


def test_kb_lint_exit_status(mini_kb, kb_dir):
    folder = kb_dir(mini_kb)
    assert run("kb", "--dir", str(folder), "lint").returncode == 0
    mini_kb["causes.yaml"]["causes"][0]["fixes"] = []
    folder = kb_dir(mini_kb)
    out = run("kb", "--dir", str(folder), "lint")
    assert out.returncode == 1 and "cause without a fix" in out.stdout


def test_a_closed_pipe_is_not_a_traceback():
    out = subprocess.run(
        f"{sys.executable} -m losshelp kb search loss --limit 50 | head -1",
        shell=True, capture_output=True, text=True, timeout=60,
    )
    assert out.stdout.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_any_losshelp_error_a_command_raises_is_one_line_and_exit_2(monkeypatch, capsys):
    from losshelp.errors import LosshelpError

    def boom(args):
        raise LosshelpError("the thing is wrong")

    import losshelp.commands.kb as kb_command

    monkeypatch.setattr(kb_command, "run_stats", boom)
    assert main(["kb", "stats"]) == 2
    err = capsys.readouterr().err
    assert err == "losshelp: error: the thing is wrong\n"


def test_every_error_kind_derives_from_the_one_base():
    from losshelp.engine.facts import FactError
    from losshelp.engine.firing import EngineError
    from losshelp.errors import LosshelpError
    from losshelp.kb.loader import KBError
    from losshelp.kb.yamldoc import YamlError
    from losshelp.probe.errors import ProbeInputError

    for kind in (FactError, EngineError, KBError, YamlError, ProbeInputError):
        assert issubclass(kind, LosshelpError), kind


def test_the_app_refuses_to_start_without_a_terminal(capsys):
    """Under pytest stdin and stdout are not terminals: the full-screen app would draw into a pipe forever."""
    assert main(["tui"]) == 2
    err = capsys.readouterr().err
    assert "needs a terminal on stdin and stdout" in err and len(err.splitlines()) == 1


def test_a_command_that_needs_torch_without_it_is_one_line(monkeypatch, capsys):
    import losshelp.commands.kb as kb_command

    def needs_torch(args):
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    monkeypatch.setattr(kb_command, "run_stats", needs_torch)
    assert main(["kb", "stats"]) == 2
    assert capsys.readouterr().err == "losshelp: error: this needs PyTorch, which is not installed here: pip install torch\n"
