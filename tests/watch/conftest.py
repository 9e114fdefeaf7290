"""Watcher tests need torch; without it the folder is not collected. Each test runs torch on one
thread: the loops are tiny, and more threads only contend on a shared machine."""

from __future__ import annotations

import importlib.util

import pytest

if importlib.util.find_spec("torch") is None:
    collect_ignore_glob = ["test_*.py"]
else:
    import torch

    @pytest.fixture(autouse=True)
    def _one_thread():
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        yield
        torch.set_num_threads(before)
