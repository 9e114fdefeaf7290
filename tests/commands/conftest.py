"""CLI tests: the modules that need torch are not collected without it, and torch starts from one seed."""

from __future__ import annotations

import importlib.util

import pytest

if importlib.util.find_spec("torch") is None:
    collect_ignore = ["test_probe_model.py", "test_run.py"]
else:

    @pytest.fixture(autouse=True)
    def _seeded():
        import torch

        torch.manual_seed(0)
