"""The typed parts of the package type-check under pyproject's [tool.mypy] settings, with no `type: ignore` left.

Each path is checked on its own: errors in a module it imports are reported only when that module is named here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TYPED = ["losshelp/kb", "losshelp/engine", "losshelp/probe/base.py", "losshelp/errors.py", "losshelp/tui", "losshelp/present"]


def _files(path: str) -> list[Path]:
    target = ROOT / path
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


@pytest.mark.parametrize("path", TYPED)
def test_mypy_finds_no_error(path: str) -> None:
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", path, "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("path", TYPED)
def test_no_type_ignore_is_left(path: str) -> None:
    assert [str(p.relative_to(ROOT)) for p in _files(path) if "type: ignore" in p.read_text(encoding="utf-8")] == []
