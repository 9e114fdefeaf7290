"""The contract every command keeps on any input: exit 0 with a report, or exit 2 with exactly one line
on stderr and no traceback (the lint and search commands also exit 1 for "problems found" / "no hit")."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from losshelp.cli import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_main(*args: str) -> Outcome:
    """`losshelp ARGS` in-process (fast); an exception escaping `main` fails the calling test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Outcome(code, out.getvalue(), err.getvalue())


def run_process(*args: str, stdin: str = "", timeout: float = 60) -> Outcome:
    """`python -m losshelp ARGS` in a child process: exit codes, native aborts and tracebacks as a user sees them."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), LOSSHELP_LANG="en")
    done = subprocess.run([sys.executable, "-m", "losshelp", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=timeout)
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_contract(result: Outcome, also: tuple[int, ...] = ()) -> None:
    """Exit 0 with a report, exit 2 with one `losshelp: error:` line, or one of `also` (with a report)."""
    assert "Traceback" not in result.err, result.err
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("losshelp: error: "), result.err
        assert result.out == "", result.out
    else:
        assert result.code in (0, *also), (result.code, result.err)
        assert result.out.strip(), "exit 0 without a report"
