"""Spaced repetition: answers as reviews, due questions first, and the daily cap on new ones."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from fsrs import State

from losshelp.quiz.progress import Progress
from losshelp.quiz.schedule import new_left, plan, record_answer

from .conftest import make_question

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def test_right_is_good_and_wrong_is_again():
    p = record_answer(Progress("t"), "q1", True, NOW)
    p = record_answer(p, "q2", False, NOW)
    good, again = p.records["q1"], p.records["q2"]
    assert (good.right, good.wrong, again.right, again.wrong) == (1, 0, 0, 1)
    assert good.card.due > again.card.due > NOW - timedelta(seconds=1)
    assert good.card.state == State.Learning and good.card.step == 1  # Good moves on a learning step
    assert again.card.step == 0  # Again starts over


def test_a_card_answered_right_twice_waits_at_least_a_day():
    p = record_answer(Progress("t"), "q1", True, NOW)
    p = record_answer(p, "q1", True, p.records["q1"].card.due)
    assert p.records["q1"].card.state == State.Review
    assert p.records["q1"].card.due - NOW >= timedelta(days=1)


def test_due_questions_come_first_most_overdue_first_then_new_easiest_first():
    bank = [make_question(f"q{i}", difficulty=5 - i % 3) for i in range(6)]
    p = Progress("t")
    for qid, when in (("q3", NOW - timedelta(hours=1)), ("q1", NOW - timedelta(hours=3)), ("q5", NOW)):
        p = record_answer(p, qid, False, when)  # Again: due again a minute later
    order = [q.id for q in plan(bank, p, NOW + timedelta(seconds=30), random.Random(0), due_first=True)]
    assert order[:2] == ["q1", "q3"]  # q5 is not due yet and is left out
    assert "q5" not in order
    assert order[2:] == [q.id for q in sorted((q for q in bank if q.id in {"q0", "q2", "q4"}), key=lambda q: q.difficulty)]


def test_new_questions_are_capped_per_day():
    bank = [make_question(f"q{i}") for i in range(30)]
    p = Progress("t")
    first = plan(bank, p, NOW, random.Random(1), per_day=5)
    assert len(first) == 5
    for q in first[:3]:
        p = record_answer(p, q.id, True, NOW)
    assert new_left(p, NOW, per_day=5) == 2
    later = plan(bank, p, NOW + timedelta(hours=1), random.Random(1), per_day=5, due_first=True)
    assert sum(q.id not in p.records for q in later) == 2
    tomorrow = NOW + timedelta(days=1)
    assert new_left(p, tomorrow, per_day=5) == 5


def test_practice_mode_mixes_seen_and_new_in_a_repeatable_order():
    bank = [make_question(f"q{i}") for i in range(8)]
    p = record_answer(Progress("t"), "q7", True, NOW)
    a = [q.id for q in plan(bank, p, NOW, random.Random(42), per_day=3)]
    b = [q.id for q in plan(bank, p, NOW, random.Random(42), per_day=3)]
    assert a == b and len(a) == 3 and "q7" in a  # q7 used one of the three new places today
