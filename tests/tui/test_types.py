"""The app's code type-checks: screens, messages and the app agree on what they pass each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "losshelp" / "tui"


def test_mypy_finds_no_error_in_the_app():
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", str(TUI), "--ignore-missing-imports", "--follow-imports=silent", "--no-error-summary"],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_type_ignore_is_left_in_the_app():
    assert [p.name for p in TUI.rglob("*.py") if "type: ignore" in p.read_text(encoding="utf-8")] == []
