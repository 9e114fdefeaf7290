"""Keyboard first: every screen starts with focus where typing goes, arrows move, panes scroll."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, OptionList, Tree

from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.probe import ProbeScreen
from losshelp.tui.screens.quiz import Page, QuizScreen
from losshelp.tui.screens.wizard import WizardScreen
from losshelp.tui.widgets.cause_list import CauseList


async def test_home_arrows_move_between_the_entries_and_enter_opens_one():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Button) and app.focused.id == "go-diagnose"
        await pilot.press("down", "down", "up")
        assert app.focused.id == "go-probe"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProbeScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "input-checkpoint"


async def test_the_wizard_starts_on_a_highlighted_answer_and_j_k_pick_causes():
    app = LossHelpApp(lang="en", start="diagnose")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        answers = screen.query_one("#wiz-answers", OptionList)
        assert app.focused is answers and answers.highlighted == 0
        await pilot.press("down", "enter")  # the second answer, by arrows
        await pilot.pause()
        assert list(screen.session.facts.values()) == [screen.session.ask("train_loss").choices[1][0]]
        causes = screen.query_one(CauseList)
        assert causes.index == 0 and app.focused is answers
        await pilot.press("j")
        await pilot.pause()
        assert causes.index == 1 and screen._picked == causes.children[1].name


async def test_quiz_explanations_scroll_by_keyboard():
    app = LossHelpApp(lang="en", start="quiz", quiz_seed=2)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press("a")
        if screen.session.current().question.kind == "multi":
            await pilot.press("enter")
        await pilot.pause()
        page = screen.query_one(Page)
        assert page.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert page.scroll_y == page.max_scroll_y
        await pilot.press("home", "down")
        await pilot.pause()
        assert 0 < page.scroll_y < page.max_scroll_y


@pytest.mark.torch
async def test_cancel_works_while_typing_in_a_field(monkeypatch):
    import time

    from losshelp.probe import request as probe_request
    from losshelp.probe.request import demo_paths

    def endless(request, stated, probes, on_progress):
        """A run that only stops when cancelled (on_progress raises then)."""
        for _ in range(2000):
            on_progress(probes[0], "start")
            time.sleep(0.005)
        raise AssertionError("the run was not cancelled")

    monkeypatch.setattr(probe_request, "measure", endless)
    app = LossHelpApp(lang="en", start="probe")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        checkpoint, log = demo_paths()
        screen.query_one("#input-checkpoint", Input).value = str(checkpoint)
        await pilot.press("f5", "e")  # run, then open the folded form again: focus is in a field
        assert isinstance(app.focused, Input)
        await pilot.press("f8")
        for _ in range(200):
            await pilot.pause(0.05)
            if not screen.query_one("#run", Button).disabled:
                break
        assert "Cancelled" in str(screen.query_one("#probe-status").content)
        assert screen.result is None


async def test_browse_starts_in_the_tree_and_slash_searches():
    app = LossHelpApp(lang="en", start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Tree)
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
