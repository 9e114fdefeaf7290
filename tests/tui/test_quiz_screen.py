"""The quiz screen, driven with Pilot: answers change the score, feedback explains, progress is saved."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Markdown

from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.browse import BrowseScreen
from losshelp.tui.screens.quiz import QuizScreen


def _letters(screen: QuizScreen) -> tuple[str, str]:
    """(a right letter, a wrong letter) for the current question."""
    presented = screen.session.current()
    right = presented.answer_letters
    wrong = next(letter for letter in presented.letters if letter not in right)
    return right, wrong


async def _answer(pilot, screen: QuizScreen, letters: str) -> None:
    multi = screen.session.current().question.kind == "multi"
    await pilot.press(*letters.lower())
    if multi:
        await pilot.press("enter")
    await pilot.pause()


async def test_right_then_wrong_answers_change_the_score_and_explain(data_dir: Path):
    app = LossHelpApp(lang="en", start="quiz", quiz_seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.score == (0, 0)
        right, _ = _letters(screen)
        await _answer(pilot, screen, right)
        assert screen.score == (1, 1)
        feedback = screen.query_one("#quiz-feedback", Markdown).source
        assert feedback.startswith("**Right.**")
        await pilot.press("enter")
        await pilot.pause()
        _, wrong = _letters(screen)
        await _answer(pilot, screen, wrong)
        assert screen.score == (1, 2)
        feedback = screen.query_one("#quiz-feedback", Markdown).source
        assert "**Wrong: the answer is" in feedback
        for note in screen.session.results[-1].notes():  # each explanation a paragraph of its own
            assert f"*\n\n  {note.option.explain.en}\n" in feedback
    saved = json.loads((data_dir / "default.json").read_text(encoding="utf-8"))
    assert len(saved["records"]) == 2


async def test_a_wrong_answer_opens_the_related_entry(data_dir: Path):
    app = LossHelpApp(lang="zh", start="quiz", quiz_seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        while not screen.session.current().question.causes:
            await _answer(pilot, screen, _letters(screen)[0])
            await pilot.press("enter")
        cause = screen.session.current().question.causes[0]
        await _answer(pilot, screen, _letters(screen)[1])
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#entry", Markdown).source.startswith(f"# {app.kb.causes[cause].name.zh}")


async def test_the_home_screen_leaves_a_corrupt_progress_file_for_the_quiz_to_report(data_dir: Path):
    data_dir.mkdir(parents=True)
    (data_dir / "default.json").write_text("{broken", encoding="utf-8")
    app = LossHelpApp(lang="en", quiz_seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Nothing yet" in str(app.screen.query_one("#recent").content)  # the home screen has read the profile
        assert sorted(p.name for p in data_dir.iterdir()) == ["default.json"]
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert "The progress file could not be read" in str(app.screen.query_one("#quiz-status").content)
    names = [p.name for p in data_dir.iterdir() if p.is_file() and not p.name.endswith(".lock")]  # the lock file stays
    assert len(names) == 1 and names[0].startswith("default.json.corrupt-")  # moved aside by the quiz only


async def _answer_three(pilot, screen: QuizScreen) -> list[str]:
    for _ in range(3):
        await _answer(pilot, screen, _letters(screen)[0])
        await pilot.press("enter")
        await pilot.pause()
    return [p.question.id for p in screen.session.items]


async def test_the_quiz_resumes_at_the_next_question_after_leaving_the_screen_and_after_a_restart(data_dir: Path):
    app = LossHelpApp(lang="en", start="quiz", quiz_seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        asked = await _answer_three(pilot, app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.score == (3, 3)
    again = LossHelpApp(lang="en", start="quiz", quiz_seed=2)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = again.screen
        assert [p.question.id for p in screen.session.items] == asked
        assert screen.session.current().question.id == asked[3] and screen.score == (3, 3)
        assert str(screen.query_one("#quiz-status").content).startswith("Question 4/10")
        assert str(screen.query_one("#quiz-question").content) == screen.session.items[3].question.text.en


async def test_a_finished_session_or_another_seed_starts_a_new_set(data_dir: Path):
    app = LossHelpApp(lang="en", start="quiz", quiz_seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        asked = await _answer_three(pilot, app.screen)
    other = LossHelpApp(lang="en", start="quiz", quiz_seed=5)
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = other.screen
        assert screen.score == (0, 0) and [p.question.id for p in screen.session.items] != asked
        for _ in range(len(screen.session.items)):
            await _answer(pilot, screen, _letters(screen)[0])
            await pilot.press("enter")
            await pilot.pause()
        assert screen.session.current() is None
    last = LossHelpApp(lang="en", start="quiz", quiz_seed=5)
    async with last.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert last.screen.score == (0, 0) and last.screen.session.current() is not None
