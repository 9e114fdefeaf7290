"""Grading: single, multiple-choice and true/false answers, and the feedback notes."""

from __future__ import annotations

import random

from losshelp.quiz.grade import grade, is_right
from losshelp.quiz.present import present

from .conftest import make_question


def test_single_choice_is_right_only_with_the_answer():
    q = make_question(answer=("b",))
    assert is_right(q, frozenset({"b"}))
    assert not is_right(q, frozenset({"a"}))


def test_multi_needs_exactly_the_answer_set():
    q = make_question(kind="multi", answer=("a", "c"))
    assert is_right(q, frozenset({"a", "c"}))
    assert not is_right(q, frozenset({"a"}))  # one missing
    assert not is_right(q, frozenset({"a", "c", "d"}))  # one too many


def test_true_false():
    q = make_question(kind="truefalse", answer=("f",))
    assert is_right(q, frozenset({"f"}))
    assert not is_right(q, frozenset({"t"}))


def test_notes_list_the_chosen_and_the_right_options_with_their_letters():
    q = make_question(kind="multi", answer=("a", "c"))
    shown = present(q, random.Random(3))
    graded = grade(shown, frozenset({"a", "b"}))
    notes = {n.option.id: (n.chosen, n.right) for n in graded.notes()}
    assert notes == {"a": (True, True), "b": (True, False), "c": (False, True)}
    assert {n.option.id: n.role for n in graded.notes()} == {"a": "chosen_and_right", "b": "chosen", "c": "answer"}
    assert all(shown.options["ABCD".index(n.letter)].id == n.option.id for n in graded.notes())
    assert not graded.correct
