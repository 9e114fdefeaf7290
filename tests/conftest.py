"""Shared fixtures: user data kept in a temporary folder, the bundled knowledge base, and a tiny valid one."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from losshelp.kb import default_kb
from losshelp.userdata import ENV_DIR

# Property tests explore new random examples on every developer run (that is how they find bugs); the
# gate that decides whether a change lands replays a fixed sequence, so its verdict is the change's own.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SOURCE_FILE = "001_06de6faf8cd521f1.txt"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps quiz progress and saved diagnoses under tmp_path, never in the real user folder.

    The variable is set in os.environ, so a subprocess a test starts inherits it too.
    """
    folder = tmp_path / "data"
    monkeypatch.setenv(ENV_DIR, str(folder))
    return folder


def _text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


MINI_KB: dict[str, dict[str, list[dict[str, Any]]]] = {
    "sources.yaml": {
        "sources": [
            {
                "file": SOURCE_FILE,
                "title": _text("Summary", "总结"),
                "sections": [{"id": "s1", "title": _text("Section one", "第一节")}],
            }
        ]
    },
    "symptoms.yaml": {
        "symptoms": [
            {
                "id": "train_loss",
                "kind": "choice",
                "values": ["decreasing", "flat"],
                "labels": {"decreasing": _text("decreasing", "下降"), "flat": _text("flat", "不变")},
                "question": _text("How does the training loss move?", "训练 loss 走势如何？"),
                "sources": [f"{SOURCE_FILE}#s1"],
            }
        ]
    },
    "causes.yaml": {
        "causes": [
            {
                "id": "lr_too_low",
                "name": _text("Learning rate too low", "学习率太低"),
                "description": _text("Steps are tiny.", "步子太小。"),
                "category": "optimization",
                "confirm": {"symptoms": ["train_loss"]},
                "fixes": ["raise_lr"],
                "sources": [f"{SOURCE_FILE}#s1"],
            }
        ]
    },
    "fixes.yaml": {
        "fixes": [
            {
                "id": "raise_lr",
                "title": _text("Raise the learning rate", "增大学习率"),
                "steps": [_text("Multiply it by 10.", "乘以 10。")],
                "snippet": "lr = 0.01 * 10\n",
                "needs": [],
                "sources": [f"{SOURCE_FILE}#s1"],
            }
        ]
    },
    "rules.yaml": {
        "rules": [
            {
                "id": "flat_means_low_lr",
                "when": [{"fact": "train_loss", "is": "flat"}],
                "then": [{"cause": "lr_too_low", "weight": 0.5}],
                "because": _text("A flat loss hints at tiny steps.", "loss 不变说明步子太小。"),
                "sources": [f"{SOURCE_FILE}#s1"],
            }
        ]
    },
}


def write_kb(root: Path, files: dict[str, Any]) -> Path:
    """Write each `name -> data` as YAML under `root` and return `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def kb():
    """The bundled knowledge base, loaded once."""
    return default_kb()


@pytest.fixture
def mini_kb() -> dict[str, Any]:
    """A deep copy of the tiny valid KB, to break in one place per test."""
    return copy.deepcopy(MINI_KB)


@pytest.fixture
def kb_dir(tmp_path: Path):
    """A function that writes a KB (a dict of files) to a fresh folder and returns the folder."""
    return lambda files: write_kb(tmp_path / "kb", files)
