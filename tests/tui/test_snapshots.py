"""Snapshots of the main screens at 80x24: a layout change shows up as a failing diff.

Refresh them after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from losshelp.tui.app import LossHelpApp
from losshelp.tui.messages import OpenWizard

SIZE = (80, 24)


def test_home_en(snap_compare):
    assert snap_compare(LossHelpApp(lang="en"), terminal_size=SIZE)


def test_home_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh"), terminal_size=SIZE)


def test_browse_search_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh", start="browse"), terminal_size=SIZE, press=[*"鞍点", "enter"])


def test_quiz_question_en(snap_compare):
    assert snap_compare(LossHelpApp(lang="en", start="quiz", quiz_seed=7), terminal_size=SIZE)


def test_quiz_feedback_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh", start="quiz", quiz_seed=7), terminal_size=SIZE, press=["1", "enter"])


def test_wizard_first_question_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh", start="diagnose"), terminal_size=SIZE)


def test_wizard_nowcoder_en(snap_compare):
    async def answer_nowcoder(pilot) -> None:
        pilot.app.post_message(OpenWizard({"train_loss": "flat", "stage": "first_epochs"}))
        await pilot.pause()

    assert snap_compare(LossHelpApp(lang="en"), terminal_size=SIZE, run_before=answer_nowcoder)


def test_probe_form_en(snap_compare):
    assert snap_compare(LossHelpApp(lang="en", start="probe"), terminal_size=SIZE)
