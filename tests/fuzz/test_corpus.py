"""Every known bad input (files, YAML, logs, progress, probe options), kept as a corpus: each
through the real command, with the exit code and the words it must give. Text cases live in corpus/;
binary ones and special files are made here."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.fuzz.contract import assert_contract, run_main, run_process

CORPUS = Path(__file__).parent / "corpus"


def corpus(name: str) -> Callable[[Path], str]:
    return lambda _: str(CORPUS / name)


def made(name: str, content: bytes | Callable[[Path], None]) -> Callable[[Path], str]:
    def build(folder: Path) -> str:
        path = folder / name
        content(path) if callable(content) else path.write_bytes(content)
        return str(path)
    return build


def _npz(**arrays) -> Callable[[Path], None]:
    return lambda path: np.savez(path.with_suffix(""), **arrays)


CASES = [
    # (id, command before the file, file, command after, exit code, words in the output)
    ("alias bomb answers", ["diagnose", "--answers"], corpus("alias_bomb.yaml"), [], 2, "alias bomb"),
    ("recursive alias answers", ["diagnose", "--answers"], corpus("recursive_alias.yaml"), [], 2, "recursive alias"),
    ("400-digit answer", ["diagnose", "--answers"], corpus("answers_400_digits.json"), [], 2, "has 400 digits"),
    ("5000-digit answer", ["diagnose", "--answers"], corpus("answers_5000_digits.json"), [], 2, "more than 4300 digits"),
    ("answer list", ["diagnose", "--answers"], corpus("answers_list.yaml"), [], 2, "found a list"),
    ("blank answers", ["diagnose", "--answers"], corpus("answers_blank.yaml"), [], 2, "the file is blank or only comments"),
    ("control character", ["diagnose", "--answers"], corpus("control_character.yaml"), [], 2, "unacceptable character"),
    ("UTF-16 answers", ["diagnose", "--answers"], made("a.yaml", "train_loss: flat\n".encode("utf-16")), ["--json"], 0, '"facts"'),
    ("pickle as answers", ["diagnose", "--answers"], made("a.yaml", b"\x80\x04\x95\x00"), [], 2, "a Python pickle"),
    ("directory as answers", ["diagnose", "--answers"], lambda d: str(d), [], 2, "a directory, not an answer file"),
    ("/dev/zero as answers", ["diagnose", "--answers"], lambda _: "/dev/zero", [], 2, "a device"),
    ("unsorted log", ["probe", "--log"], corpus("log_unsorted.csv"), ["--json"], 0, "sorted by step"),
    ("NaN steps", ["probe", "--log"], corpus("log_nan_steps.jsonl"), [], 0, "non-finite step left out"),
    ("all-NaN log", ["probe", "--log"], corpus("log_all_nan.csv"), [], 0, "10 of 10 values not plotted"),
    ("all-inf log", ["probe", "--log"], corpus("log_all_inf.csv"), [], 0, "10 of 10 values not plotted"),
    ("±1e300 log", ["probe", "--log"], corpus("log_huge.csv"), [], 0, "10 of 10 values not plotted"),
    ("400-digit log value", ["probe", "--log"], corpus("log_400_digits.jsonl"), ["--json"], 0, '"findings"'),
    ("5000-digit log value", ["probe", "--log"], corpus("log_5000_digits.jsonl"), ["--json"], 0, '"findings"'),
    ("separators only", ["probe", "--log"], corpus("only_separators.csv"), [], 2, "only separators"),
    ("deep JSON log", ["probe", "--log"], made("l.json", b'{"loss": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"), [], 2, "nested too deeply"),
    ("huge CSV field", ["probe", "--log"], made("l.csv", b"step,loss\n1," + b"9" * 200_000 + b"\n"), [], 2, "field larger than field limit"),
    ("UTF-16 log", ["probe", "--log"], made("l.csv", "step,loss\n0,2\n1,1\n2,0.5\n".encode("utf-16")), ["--json"], 0, '"findings"'),
    ("GBK log", ["probe", "--log"], made("l.csv", "step,loss,备注\n0,2,开始\n1,1,中间\n2,0.5,结束\n".encode("gbk")), ["--json"], 0, '"findings"'),
    ("binary log", ["probe", "--log"], made("l.csv", b"\x00\x01\x02\x03" * 50), [], 2, "binary data, not text"),
    ("FIFO log", ["probe", "--log"], made("fifo", os.mkfifo), [], 2, "a named pipe (FIFO), not a loss log"),
    ("/dev/zero log", ["probe", "--log"], lambda _: "/dev/zero", [], 2, "a device, not a loss log"),
    ("symlink loop log", ["probe", "--log"], made("loop", lambda p: p.symlink_to(p)), [], 2, "a symbolic link loop"),
    ("directory checkpoint", ["probe"], lambda d: str(d), [], 2, "a directory, not a checkpoint"),
    ("/dev/null checkpoint", ["probe"], lambda _: "/dev/null", [], 2, "a device, not a checkpoint"),
    ("FIFO checkpoint", ["probe"], made("ckpt.pt", os.mkfifo), [], 2, "a named pipe (FIFO), not a checkpoint"),
    ("string data", ["probe", "--data"], made("d.npz", _npz(inputs=np.array(["a", "b"]))), [], 2, "inputs is an array of <U1"),
    ("0-d data", ["probe", "--data"], made("d.npz", _npz(inputs=np.array(1.0))), [], 2, "a single number (0-d)"),
    ("broken zip data", ["probe", "--data"], made("d.npz", b"PK\x03\x04broken"), [], 2, "not a readable .npz file"),
    ("object data", ["probe", "--data"], made("d.npz", _npz(inputs=np.array([{}, 1], dtype=object))), [], 2, "holds Python objects"),
    ("device as model file", ["probe", "--data"], made("d.npz", _npz(inputs=np.zeros((4, 2)))), ["--model", "/dev/zero:build"], 2,
     "a device, not a Python file"),
]


def _case(case: tuple) -> object:
    """A corpus case as a pytest param; data files are read with torch, so those cases need it."""
    return pytest.param(*case[1:], id=case[0], marks=[pytest.mark.torch] if case[1][1:] == ["--data"] else [])


@pytest.mark.parametrize(("before", "file", "after", "code", "words"), [_case(c) for c in CASES])
def test_corpus(tmp_path, before, file, after, code, words):
    result = run_main(*before, file(tmp_path), *after)
    assert_contract(result)
    assert result.code == code and words in result.out + result.err, result.err


@pytest.mark.parametrize(("name", "words"), [
    ("progress_naive_datetime.json", "has no time zone"),
    ("progress_complex_stability.json", "expected a finite number"),
    ("progress_nan_stability.json", "expected a finite number"),
])
def test_progress_corpus(data_dir, name, words):
    data_dir.mkdir(parents=True)
    (data_dir / "p.json").write_bytes((CORPUS / name).read_bytes())
    first, second = (run_main("quiz", "stats", "--profile", "p") for _ in range(2))
    assert first.code == second.code == 0 and words in first.err and len(first.err.splitlines()) == 1
    assert second.err == ""


@pytest.mark.parametrize(("args", "words"), [
    (["probe", "--model", "net.py:build"], "--model needs --data"),
    (["probe", "--demo", "ckpt.pt"], "leave out CHECKPOINT"),
    (["tui"], "needs a terminal"),
])
def test_options_that_cannot_run(args, words):
    result = run_main(*args)
    assert_contract(result)
    assert result.code == 2 and words in result.err




@pytest.mark.parametrize(("args", "words"), [
    (["diagnose", "--answers", str(CORPUS / "alias_bomb.yaml")], "alias bomb"),
    (["probe", "--log", "/dev/zero"], "a device"),
    (["probe", "--log", str(CORPUS / "log_all_nan.csv")], "values not plotted"),
    (["tui"], "needs a terminal"),
    ([], "usage: losshelp"),  # bare `losshelp` without a terminal prints help instead of starting the app
])
def test_as_a_user_runs_them(args, words):
    """A few through a real process: exit codes as the shell sees them, no native abort, no traceback."""
    result = run_process(*args, timeout=120)
    assert result.code in (0, 2) and "Traceback" not in result.err, result.err
    assert words in result.out + result.err


def test_a_line_break_quoted_from_a_file_stays_on_one_line(tmp_path):
    """Found by the knowledge-base fuzzer: a key "\\r" split the error message in two."""
    (tmp_path / "causes.yaml").write_bytes(b'"\\r": null\n')
    result = run_main("kb", "--dir", str(tmp_path), "lint")
    assert_contract(result)
    assert result.code == 2 and "\\r: unknown collection" in result.err
