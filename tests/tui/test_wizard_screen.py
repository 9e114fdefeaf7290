"""The wizard screen, driven with Pilot: the nowcoder scenario, why-chains, back, and saving."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Markdown

from losshelp.tui.app import LossHelpApp
from losshelp.tui.dialogs.confirm import Confirm
from losshelp.tui.messages import OpenWizard
from losshelp.tui.screens.wizard import WizardScreen
from losshelp.tui.widgets.cause_list import CauseList

NOWCODER = {"train_loss": "flat", "stage": "first_epochs"}


async def _answer_nowcoder(pilot, screen: WizardScreen) -> None:
    """Answer the two nowcoder facts when they are asked and 'unknown' to everything else."""
    for _ in range(30):
        ask = screen.ask
        if ask is None or NOWCODER.keys() <= screen.session.facts.keys():
            return
        if ask.fact in NOWCODER:
            values = [value for value, _ in ask.choices]
            await pilot.press(str(values.index(NOWCODER[ask.fact]) + 1))
        else:
            await pilot.press("u")
        await pilot.pause()


def _shown_causes(screen: WizardScreen) -> list[str]:
    return [item.name for item in screen.query_one(CauseList).children]


async def test_the_nowcoder_scenario_shows_its_causes():
    app = LossHelpApp(lang="en", start="diagnose")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        await _answer_nowcoder(pilot, screen)
        assert screen.session.facts == NOWCODER
        top = _shown_causes(screen)[:5]
        assert {"lr_too_low", "over_regularization"} <= set(top)
        assert {"local_minimum", "saddle_point"} & set(top)
        likely = {c.id for c in screen.diagnosis.causes if c.level == "likely"}
        assert {"lr_too_low", "over_regularization"} <= likely


async def test_the_why_panel_explains_the_highlighted_cause_and_back_undoes():
    app = LossHelpApp(lang="zh", start="diagnose")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("1")
        await pilot.pause()
        assert len(screen.session.facts) == 1
        top = screen.diagnosis.causes[0]
        why = screen.query_one("#wiz-why", Markdown).source
        assert app.kb.causes[top.id].name.zh in why
        assert top.because[0].text(app.kb, "zh") in why
        await pilot.press("b")
        await pilot.pause()
        assert screen.session.facts == {}


async def test_the_summary_is_saved_as_markdown(data_dir: Path):
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenWizard(dict(NOWCODER)))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    saved = list((data_dir / "diagnoses").glob("*.md"))
    assert len(saved) == 1
    text = saved[0].read_text(encoding="utf-8")
    assert text.startswith("# losshelp diagnosis") and "Learning rate too low" in text


async def test_a_new_diagnosis_asks_before_replacing_one_in_progress():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenWizard({"train_loss": "flat"}))
        await pilot.pause()
        screen, depth = app.screen, len(app.screen_stack)
        assert isinstance(screen, WizardScreen) and screen.session.facts == {"train_loss": "flat"}
        app.post_message(OpenWizard(dict(NOWCODER)))
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep the one in progress
        await pilot.pause()
        assert app.screen is screen and screen.session.facts == {"train_loss": "flat"}
        await pilot.press("n")  # the wizard's own key: a new diagnosis, asked first too
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and len(app.screen_stack) == depth and screen.session.facts == {}
        app.post_message(OpenWizard({"stage": "first_epochs"}))  # nothing answered: no question
        await pilot.pause()
        assert app.screen is screen and screen.session.facts == {"stage": "first_epochs"}
        assert screen.ask is not None and screen.ask.fact != "stage"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert app.screen is screen and screen.session.facts == {"stage": "first_epochs"}


async def test_tell_states_any_fact_from_a_searchable_list():
    app = LossHelpApp(lang="zh", start="diagnose")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen) and screen.ask.fact != "stage"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*app.kb.symptoms["stage"].label("first_epochs", "zh"))
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.session.facts == {"stage": "first_epochs"}


async def test_saved_diagnoses_are_listed_by_their_top_cause_and_open():
    from textual.widgets import OptionList

    from losshelp.tui.dialogs.saved import SavedDiagnosis

    app = LossHelpApp(lang="en", start="diagnose")
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(OpenWizard(dict(NOWCODER)))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        top = app.kb.causes[app.screen.diagnosis.causes[0].id].name.en
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        saved = app.screen.query_one("#saved", OptionList)
        assert saved.option_count == 1 and str(saved.get_option_at_index(0).prompt).startswith(top)
        saved.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedDiagnosis)
        assert f"## {top}" in app.screen.query_one("#saved-text").source


def _toasts(app: LossHelpApp) -> list[tuple[str, str]]:
    return [(str(n.message), n.severity) for n in app._notifications]


async def test_copy_saves_the_snippet_and_says_the_terminal_may_ignore_the_clipboard(data_dir: Path):
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenWizard(dict(NOWCODER)))
        await pilot.pause()
        screen = app.screen
        cause = app.kb.causes[screen._picked]
        fix = next(app.kb.fixes[f] for f in cause.fixes if app.kb.fixes[f].snippet)
        await pilot.press("c")
        await pilot.pause()
        saved = data_dir / "snippets" / f"{fix.id}.py"
        assert saved.read_text(encoding="utf-8") == fix.snippet and app.clipboard == fix.snippet
        [(message, severity)] = _toasts(app)
        assert severity == "information" and str(saved) in message and "OSC 52" in message and "copied" not in message


async def test_copy_that_cannot_save_says_so_and_claims_nothing(data_dir: Path):
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the data folder should be", encoding="utf-8")
    app = LossHelpApp(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenWizard(dict(NOWCODER)))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        severities = [severity for _, severity in _toasts(app)]
        assert severities[-1] == "error" and "information" not in severities and app.clipboard == ""
