"""Run `losshelp probe ...` in-process (fast: torch is imported once) and capture what it prints.

An uncaught exception would escape `main` and fail the test, so "no traceback" is asserted by
the call returning at all."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from losshelp.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def probe(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["probe", "--no-plot", *args])
    return Result(code, out.getvalue(), err.getvalue())
