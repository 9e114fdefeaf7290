"""Seeded random sessions driven with Pilot: the quiz with every question kind after every other,
the wizard and the probe form under random keys. Nothing may raise, and what is drawn must match
the state behind it."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from itertools import pairwise, product

import pytest
from textual.screen import ModalScreen
from textual.widgets import Button

from losshelp.kb import default_kb
from losshelp.quiz import Progress, Settings, question_bank, start_session
from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.probe import ProbeScreen
from losshelp.tui.screens.quiz import KEYS, QuizScreen
from losshelp.tui.screens.wizard import TOP, WizardScreen
from losshelp.tui.widgets.cause_list import CauseList
from losshelp.tui.widgets.option_row import OptionRow


def _kinds(seed: int) -> list[str]:
    """The question kinds of a fresh profile's session with this seed, in the order asked."""
    session = start_session(question_bank(default_kb()), Progress("default"), Settings(count=10, seed=seed), datetime.now(timezone.utc))
    return [item.question.kind for item in session.items]


def _covering_seeds() -> tuple[list[int], set[tuple[str, str]]]:
    """Few seeds whose sessions together put every question kind after every other."""
    kinds = {q.kind for q in question_bank(default_kb())}
    wanted, seeds = set(product(kinds, kinds)), []
    for seed in range(500):
        steps = set(pairwise(_kinds(seed)))
        if steps - {s for seed_ in seeds for s in pairwise(_kinds(seed_))}:
            seeds.append(seed)
        if wanted <= {s for seed_ in seeds for s in pairwise(_kinds(seed_))}:
            break
    return seeds, wanted


def test_no_question_has_more_options_than_keys():
    assert max(len(q.options) for q in question_bank(default_kb())) <= len(KEYS)


def _visible_rows(screen: QuizScreen) -> int:
    return sum(1 for row in screen.query(OptionRow) if row.display)


@pytest.mark.slow
async def test_practise_survives_every_kind_of_question_after_every_other():
    seeds, wanted = _covering_seeds()
    covered = {s for seed in seeds for s in pairwise(_kinds(seed))}
    assert wanted <= covered, f"no seeds cover {wanted - covered}"
    for seed in seeds:
        rng = random.Random(seed)
        app = LossHelpApp(lang=rng.choice(("en", "zh")), start="quiz", quiz_seed=seed)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            asked = 0
            while (presented := screen.session.current()) is not None:
                assert _visible_rows(screen) == len(presented.options)
                keys = [rng.choice(("up", "down", "space", *KEYS[: len(presented.options)])) for _ in range(rng.randint(1, 4))]
                await pilot.press(*keys, "enter")
                await pilot.pause()
                if len(screen.session.results) > asked:  # answered: the feedback is shown; Enter moves on
                    asked += 1
                    await pilot.press("enter")
                    await pilot.pause()
            assert asked == len(screen.session.items)
            assert _visible_rows(screen) == 0
            assert app.return_code in (None, 0)


WIZARD_KEYS = ("1", "2", "3", "4", "5", "9", "u", "b", "w", "up", "down", "tab", "enter", "pageup", "pagedown")


@pytest.mark.slow
async def test_the_wizard_survives_random_keys():
    app = LossHelpApp(lang="en", start="diagnose")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        for seed in range(4):
            rng = random.Random(seed)
            await pilot.press(*(rng.choice(WIZARD_KEYS) for _ in range(12)))
            await pilot.pause()
            session = screen.session
            assert set(session.facts) | session.skipped <= set(app.kb.symptoms)
            assert not set(session.facts) & session.skipped
            assert screen.ask is None or screen.ask.fact not in session.facts
            shown = [item.name for item in screen.query_one(CauseList).children]
            assert shown == [c.id for c in screen.diagnosis.causes[:TOP]]
            assert screen.diagnosis.facts == session.facts
        assert app.return_code in (None, 0)


PROBE_KEYS = ("tab", "shift+tab", "f5", "f4", "escape", "x", "/", "backspace", "enter", "up", "down", "left", "right")


@pytest.mark.slow
async def test_the_probe_form_survives_random_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the file picker opens here: one file that is no checkpoint
    (tmp_path / "notes.pt").write_text("not a checkpoint", encoding="utf-8")
    app = LossHelpApp(lang="zh", start="probe")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        probe = app.screen
        assert isinstance(probe, ProbeScreen)
        for seed in range(4):
            rng = random.Random(seed)
            await pilot.press(*(rng.choice(PROBE_KEYS) for _ in range(15)))
            while any(worker.is_running and worker.group == "probe" for worker in app.workers):
                await pilot.pause(0.05)
            await pilot.pause()
            while isinstance(app.screen, ModalScreen):
                app.pop_screen()
            if app.screen is not probe:  # Esc went home: back for the next sequence
                app.switch_mode("probe")
            await pilot.pause()
            assert app.screen is probe
            assert not probe.query_one("#run", Button).disabled and probe.query_one("#cancel", Button).disabled
            assert probe.query_one("#wizard", Button).disabled == (probe.result is None)
        assert app.return_code in (None, 0)
