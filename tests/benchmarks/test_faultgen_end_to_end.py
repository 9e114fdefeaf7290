"""End to end on three tiny runs generated in tmp_path: train, probe through the command line, score."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from benchmarks.faultgen.plan import plan
from benchmarks.faultgen.run import ANSWER, collect, report

pytest.importorskip("sklearn")
pytestmark = [pytest.mark.torch, pytest.mark.slow]


def tiny_runs():
    """A healthy MLP, its twin with labels shuffled apart from the inputs, and one with lr 1000x too low."""
    runs = plan("dev")
    healthy = next(r for r in runs if r.cause is None and r.config["family"] == "mlp" and r.config["dataset"] == "blobs")
    small = {"n_train": 128, "n_val": 64, "epochs": 4, "batch_size": 32, "width": 16, "depth": 1, "schedule": "none"}
    shrink = lambda r, **extra: replace(r, config={**r.config, **small, **extra})  # noqa: E731
    return [shrink(healthy), replace(shrink(healthy, misalign="permute"), id="dev-bug", cause="data_loading_bug", mechanism="labels_shuffled_apart"),
            replace(shrink(healthy, lr=healthy.config["lr"] / 1000), id="dev-low", cause="lr_too_low", mechanism="lr_divided")]


def test_tiny_runs_are_probed_as_a_user_and_scored(tmp_path):
    specs = tiny_runs()
    outcomes, failed = collect(specs, tmp_path, workers=2)
    assert failed == 0
    for spec in specs:
        folder = tmp_path / "dev" / spec.id
        assert {"model.py", "data.py", "checkpoint.pt", "log.csv", "run.json", ANSWER} <= {p.name for p in folder.iterdir()}
        answer = json.loads((folder / ANSWER).read_text())["answer"]
        assert answer["verdict"] in ("healthy", "problem", "unclear") and answer["facts"] and answer["findings"]
    assert [o.cause for o in outcomes] == [None, "data_loading_bug", "lr_too_low"]
    assert all(o.seconds > 0 and o.ranked for o in outcomes[1:])
    text = report("tiny", outcomes, failed)
    assert "runs: 3 (1 healthy); probes that failed: 0" in text and "top-3" in text
    stamps = {s.id: (tmp_path / "dev" / s.id / ANSWER).stat().st_mtime_ns for s in specs}
    again, _ = collect(specs, tmp_path, workers=2)  # cached: nothing is trained or probed again
    assert again == outcomes
    assert stamps == {s.id: (tmp_path / "dev" / s.id / ANSWER).stat().st_mtime_ns for s in specs}
