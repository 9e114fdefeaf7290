"""Saved diagnoses: each save is a new file, even two in the same instant, listed newest first."""

from __future__ import annotations

from pathlib import Path

import pytest

from losshelp import userdata
from losshelp.userdata import recent_diagnoses, save_diagnosis


def test_saves_in_the_same_instant_never_overwrite_each_other(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(userdata, "_stamp", lambda: "20260302-120000-000000")
    paths = [save_diagnosis(f"# diagnosis {i}\n") for i in range(3)]
    assert len(set(paths)) == 3 and all(p.parent == data_dir / "diagnoses" for p in paths)
    assert [p.read_text(encoding="utf-8") for p in paths] == [f"# diagnosis {i}\n" for i in range(3)]
    assert sorted(p.name for p in (data_dir / "diagnoses").iterdir()) == sorted(p.name for p in paths)  # no temporary file left
    assert recent_diagnoses(3) == paths[::-1]


def test_recent_diagnoses_are_the_newest_first():
    assert recent_diagnoses(5) == []
    paths = [save_diagnosis(f"# diagnosis {i}\n") for i in range(4)]
    assert len(set(paths)) == 4
    assert recent_diagnoses(3) == paths[::-1][:3]
