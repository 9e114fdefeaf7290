"""The probe screen on the bundled demo: findings, causes, curves, and on to the wizard."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Button, DataTable, Input, Markdown, TabbedContent

from losshelp.probe.request import ProbeRequest, demo_paths
from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.probe import ProbeScreen
from losshelp.tui.screens.wizard import WizardScreen

pytestmark = pytest.mark.torch


async def _finished(pilot, screen: ProbeScreen) -> None:
    for _ in range(300):
        await pilot.pause(0.05)
        if screen.result is not None:
            return
    raise AssertionError("the probes did not finish")


async def test_the_demo_shows_its_findings_and_diagnosis_then_opens_the_wizard():
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProbeScreen)
        await pilot.press("f6")
        await _finished(pilot, screen)
        assert screen.query_one("#probe-tabs", TabbedContent).active == "tab-causes"  # the report opens on its causes
        table = screen.query_one("#findings", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        near_zero = app.kb.symptoms["near_zero_layers"].question.en
        row = next(i for i, r in enumerate(rows) if r[0] == near_zero)
        assert "abnormal" in str(rows[row][1])
        assert not any("_" in r[0] for r in rows)  # people's words, not ids
        screen.query_one("#probe-tabs", TabbedContent).active = "tab-findings"
        table.focus()
        table.move_cursor(row=row)
        await pilot.pause()
        finding = screen.result.report.findings[row]
        detail = screen.query_one("#finding-detail", Markdown).source
        assert finding.reason in detail and finding.threshold in detail and detail.rstrip().endswith(f"*near_zero_layers · {finding.probe}*")
        assert screen.has_class("-ran") and not screen.query_one("#probe-form").display
        assert screen.diagnosis.causes[0].id == "over_regularization"
        assert "Too much regularisation" in screen.query_one("#causes", Markdown).source
        reason = screen.diagnosis.causes[0].because[0]
        await pilot.press("f2")  # the whole report, reasons included, in the other language
        await pilot.pause()
        causes = screen.query_one("#causes", Markdown).source
        assert reason.text(app.kb, "zh") in causes and reason.text(app.kb, "en") not in causes
        await pilot.press("f2", "f7")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.session.facts["near_zero_layers"] == "yes"


async def test_paths_from_the_command_line_run_at_once():
    checkpoint, log = demo_paths()
    app = LossHelpApp(lang="zh", start="probe", probe_request=ProbeRequest(checkpoint=checkpoint, log=log))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await _finished(pilot, screen)
        assert screen.query_one("#probe-status").content.startswith(f"{len(screen.result.report.findings)} 项测量")


async def test_an_empty_form_says_what_is_missing():
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert "Nothing to probe" in str(app.screen.query_one("#probe-status").content)
        assert app.screen.result is None


async def test_a_failed_run_keeps_its_error_when_the_language_changes(tmp_path):
    missing = str(tmp_path / "missing.pt")
    app = LossHelpApp(lang="en", start="probe", probe_request=ProbeRequest(checkpoint=missing))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        status = lambda: str(screen.query_one("#probe-status").content)  # noqa: E731
        for _ in range(100):
            await pilot.pause(0.05)
            if missing in status():
                break
        assert f"failed: {missing}: no such file" in status()
        await pilot.press("f2")
        await pilot.pause()
        assert f"失败：{missing}: no such file" in status()


async def test_the_last_paths_fill_the_form_next_time(tmp_path):
    missing = str(tmp_path / "missing.pt")
    app = LossHelpApp(lang="en", start="probe", probe_request=ProbeRequest(checkpoint=missing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    again = LossHelpApp(lang="en", start="probe")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#input-checkpoint").value == missing
        assert again.screen.result is None and not again.screen.has_class("-ran")  # filled, not run


def _watched_run_without_zero_grad(folder) -> None:
    """A real watched loop that never calls zero_grad: its run folder is what the screen reads."""
    import torch

    import losshelp

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    with losshelp.watch(model, optimizer, log_dir=str(folder)) as watch:
        for _ in range(30):
            x, y = torch.randn(32, 8), torch.randint(0, 3, (32,))
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            watch.loss(loss)


async def test_a_watched_run_folder_is_diagnosed_in_the_app(tmp_path):
    folder = tmp_path / "run"
    _watched_run_without_zero_grad(folder)
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProbeScreen)
        screen.query_one("#input-run").value = str(folder)
        await pilot.press("f5")
        await _finished(pilot, screen)
        assert screen.result.report.facts["grads_accumulate"] == "yes"
        causes = screen.query_one("#causes", Markdown).source
        assert app.kb.causes["training_loop_bug"].name.en in causes.split("\n\n")[0] + causes[:400]


@pytest.mark.parametrize(("field", "typed"), [("checkpoint", "{d}"), ("data", "{d}"), ("model", "{d}:make")])
async def test_a_directory_typed_as_a_file_is_called_a_directory(field: str, typed: str, tmp_path, data_dir):
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one(f"#input-{field}", Input).value = typed.format(d=tmp_path)
        if field == "model":
            screen.query_one("#input-data", Input).value = str(tmp_path)
        await pilot.press("f5")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen._status[0] == "probe_error":
                break
        status = str(screen.query_one("#probe-status").render())
        assert f"{tmp_path}: a directory, not" in status and "no such file" not in status and "\n" not in status
        assert screen.query_one("#wizard", Button).disabled


def _measure_until_cancelled(request, facts, probes, on_progress):
    """A run that goes on until the screen cancels it (a real one may finish before the key is read)."""
    for _ in range(3000):
        on_progress(probes[0], "start")
        time.sleep(0.01)
    raise AssertionError("the run was not cancelled")


@pytest.mark.parametrize("end", ["error", "cancelled"])
async def test_a_run_that_fails_or_is_cancelled_clears_the_last_results(end: str, tmp_path, data_dir, monkeypatch):
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("f6")
        await _finished(pilot, screen)
        assert not screen.query_one("#wizard", Button).disabled and screen.query_one("#findings", DataTable).row_count
        if end == "error":
            screen.query_one("#input-checkpoint", Input).value = str(tmp_path)
            await pilot.press("f5")
        else:
            monkeypatch.setattr("losshelp.probe.request.measure", _measure_until_cancelled)
            await pilot.press("f5")
            for _ in range(200):
                if screen._status[0] == "probe_running":
                    break
                await pilot.pause(0.05)
            await pilot.press("f8")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen._status[0] != "probe_running" and screen.query_one("#cancel", Button).disabled:
                break
        assert screen._status[0] == f"probe_{end}"
        assert screen.result is None and screen.query_one("#wizard", Button).disabled
        assert screen.query_one("#findings", DataTable).row_count == 0 and screen.query_one("#causes", Markdown).source == ""
