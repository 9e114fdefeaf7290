"""Spaced repetition with FSRS: each answer is a review, and the order in which questions come.

A right answer rates the card Good, a wrong one Again. New questions come in at a steady rate:
at most `NEW_PER_DAY` questions never answered before are introduced per local day, so that the
reviews they cause later stay manageable. Fuzzing is off so that schedules are reproducible.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from losshelp.kb.models import Question
from losshelp.quiz.progress import Progress, Record

NEW_PER_DAY = 10
SCHEDULER = Scheduler(enable_fuzzing=False)


def local_day(now: datetime) -> str:
    """The ISO date of `now` in local time: the day a daily cap counts against."""
    return now.astimezone().date().isoformat()


def new_card(question_id: str, now: datetime) -> Card:
    """A fresh card, due now, with an id derived from the question id (stable, and no clock wait)."""
    return Card(card_id=zlib.crc32(question_id.encode()), due=now)


def record_answer(progress: Progress, question_id: str, correct: bool, now: datetime) -> Progress:
    """`progress` after one answer: the card reviewed (Good or Again), counts and the daily tally updated."""
    old = progress.records.get(question_id)
    introduced = dict(progress.introduced)
    if old is None:
        old = Record(new_card(question_id, now))
        day = local_day(now)
        introduced[day] = introduced.get(day, 0) + 1
    card, _ = SCHEDULER.review_card(old.card, Rating.Good if correct else Rating.Again, now)
    record = Record(card, old.right + correct, old.wrong + (not correct))
    return replace(progress, records={**progress.records, question_id: record}, introduced=introduced)


def new_left(progress: Progress, now: datetime, per_day: int = NEW_PER_DAY) -> int:
    """How many new questions may still be introduced today."""
    return max(0, per_day - progress.introduced.get(local_day(now), 0))


def is_due(progress: Progress, question_id: str, now: datetime) -> bool:
    record = progress.records.get(question_id)
    return record is not None and record.card.due <= now


def plan(
    questions: Sequence[Question],
    progress: Progress,
    now: datetime,
    rng: random.Random,
    *,
    due_first: bool = False,
    per_day: int = NEW_PER_DAY,
) -> list[Question]:
    """The order to ask `questions` in; new ones only up to today's cap.

    With `due_first`: the due questions, most overdue first, then new ones, easiest first; nothing
    else (a review session ends when today's work is done). Without: a shuffled mix of every
    question seen before and today's allowance of new ones, for free practice.
    """
    seen = [q for q in questions if q.id in progress.records]
    new = [q for q in questions if q.id not in progress.records]
    left = new_left(progress, now, per_day)
    if due_first:
        due = sorted((q for q in seen if is_due(progress, q.id, now)), key=lambda q: (progress.records[q.id].card.due, q.id))
        return due + sorted(new, key=lambda q: q.difficulty)[:left]
    rng.shuffle(new)
    mix = seen + new[:left]
    rng.shuffle(mix)
    return mix
