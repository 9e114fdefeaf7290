"""Snapshots of every screen at 80x24, 120x40 and 60x20 in both languages, and of a few states:
a layout change shows up as a failing diff.

Refresh them after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import pytest

from losshelp.tui.app import LossHelpApp
from losshelp.tui.messages import MODES, OpenWizard

SIZE = (80, 24)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mode", MODES)
def test_every_screen_fits(snap_compare, mode, lang, size):
    assert snap_compare(LossHelpApp(lang=lang, start=mode, quiz_seed=7), terminal_size=size)


def test_browse_search_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh", start="browse"), terminal_size=SIZE, press=[*"鞍点", "enter"])


def test_quiz_feedback_zh(snap_compare):
    assert snap_compare(LossHelpApp(lang="zh", start="quiz", quiz_seed=7), terminal_size=SIZE, press=["1", "enter"])


def test_wizard_nowcoder_en(snap_compare):
    async def answer_nowcoder(pilot) -> None:
        pilot.app.post_message(OpenWizard({"train_loss": "flat", "stage": "first_epochs"}))
        await pilot.pause()

    assert snap_compare(LossHelpApp(lang="en"), terminal_size=SIZE, run_before=answer_nowcoder)
