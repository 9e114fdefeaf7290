"""Every model-probe test starts from the same random seed; without torch the folder is not collected."""

from __future__ import annotations

import importlib.util

import pytest

if importlib.util.find_spec("torch") is None:
    collect_ignore_glob = ["test_*.py"]
else:
    import torch

    @pytest.fixture(autouse=True)
    def _seeded():
        torch.manual_seed(0)
