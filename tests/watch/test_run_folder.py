"""The run folder and its readers: alerts printed once, JSON lines and facts.json on disk while the
run goes on (a crash loses nothing), and `losshelp probe --run DIR` ranking the run's cause."""

from __future__ import annotations

import io
import json

import pytest
from watchloops import BUGS, train

import losshelp
from losshelp.cli import main
from losshelp.watch.runfolder import EVENTS, FACTS, read_run

pytestmark = pytest.mark.torch

# bug -> the canonical cause `probe --run` must rank first
CAUSE_OF = {
    "no_zero_grad": "training_loop_bug",
    "param_not_in_optimizer": "training_loop_bug",
    "zero_grad_before_step": "training_loop_bug",
    "eval_mode": "training_loop_bug",
    "same_batch": "data_loading_bug",
    "sorted_labels": "data_not_shuffled",
    "scheduler_per_batch": "lr_schedule",
    "bn_batch_one": "batch_size_too_small",
}


def _probe_json(folder, capsys) -> dict:
    assert main(["probe", "--run", str(folder), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("bug", sorted(CAUSE_OF))
def test_probe_run_ranks_the_injected_cause_first(bug, tmp_path, capsys):
    train(bug, log_dir=str(tmp_path))
    report = _probe_json(tmp_path, capsys)
    assert report["causes"][0]["id"] == CAUSE_OF[bug], [c["id"] for c in report["causes"][:3]]
    assert report["causes"][0]["level"] == "likely"
    check = BUGS[bug][0]
    assert any(f["probe"] == f"watch_{check}" and f["verdict"] == "abnormal" for f in report["findings"])


def test_healthy_run_reads_healthy(tmp_path, capsys):
    train(None, log_dir=str(tmp_path))
    report = _probe_json(tmp_path, capsys)
    assert all(c["level"] != "likely" for c in report["causes"])
    assert all(f["verdict"] == "ok" for f in report["findings"] if f["probe"].startswith("watch_"))


def test_stated_facts_win_over_the_run(tmp_path, capsys):
    train("sorted_labels", log_dir=str(tmp_path))
    assert main(["probe", "--run", str(tmp_path), "--set", "data_shuffled=yes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["facts"]["data_shuffled"] == "yes"


def test_each_alert_is_printed_once(tmp_path):
    import torch
    from torch import nn

    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    out = io.StringIO()
    with losshelp.watch(model, opt, log_dir=str(tmp_path), every=1, stream=out, print_summary=False) as w:
        for _ in range(30):  # zero_grad never called: the check fires at every step from step 1
            loss = model(torch.randn(8, 4)).pow(2).mean()
            loss.backward()
            opt.step()
            w.loss(loss)
    lines = out.getvalue().splitlines()
    assert len([line for line in lines if "zero_grad" in line]) == 1
    assert w.printer.repeats["grads_accumulate"] == 29
    assert json.loads((tmp_path / FACTS).read_text())["repeats"]["grads_accumulate"] == 29


def test_events_hold_every_loss_and_the_alert_once(tmp_path):
    outcome = train("same_batch", log_dir=str(tmp_path), iterations=8)
    events = [json.loads(line) for line in (tmp_path / EVENTS).read_text().splitlines()]
    assert events[0]["kind"] == "start" and events[-1]["kind"] == "close"
    assert [e["check"] for e in events if e["kind"] == "alert"] == ["same_batch"]
    assert sum(e["kind"] == "loss" for e in events) == 8
    assert outcome.watcher.closed


def test_facts_are_on_disk_before_close(tmp_path):
    import torch
    from torch import nn

    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    w = losshelp.watch(model, opt, log_dir=str(tmp_path), stream=io.StringIO(), print_summary=False)
    for _ in range(3):
        model(torch.randn(8, 4)).sum().backward()
        opt.step()
        w.loss(0.5)
    record = read_run(tmp_path)  # never closed, as after a crash: the alert's facts.json is there
    assert record.facts["grads_accumulate"] == "yes" and not record.closed
    assert not list(tmp_path.glob(".facts.*")), "a temporary file was left behind"
    w.close()
    assert read_run(tmp_path).closed


@pytest.mark.parametrize("make", ["missing", "empty", "garbage"])
def test_bad_run_folder_is_one_line_and_exit_2(make, tmp_path, capsys):
    folder = tmp_path / "run"
    if make != "missing":
        folder.mkdir()
    if make == "garbage":
        (folder / FACTS).write_text("{not json")
    assert main(["probe", "--run", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--run" in err[0]
