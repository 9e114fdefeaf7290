"""A practice session: the questions to ask, the answers given, the progress they update.

Pure: no printing, reading or saving. A front end (the line mode, the terminal app) loops:
`current()` to show, `answer()` to grade and update `progress`, saves `progress` if it wants,
and calls `summary()` at the end.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from losshelp.kb.models import Question
from losshelp.quiz.bank import with_tags
from losshelp.quiz.grade import Graded, grade
from losshelp.quiz.present import Presented, present
from losshelp.quiz.progress import Progress
from losshelp.quiz.schedule import NEW_PER_DAY, plan, record_answer
from losshelp.quiz.summary import Summary, summarize


@dataclass(frozen=True)
class Settings:
    """What a session asks: topics (none: all), how many questions, due ones first, the daily new cap, a seed."""

    tags: tuple[str, ...] = ()
    count: int = 10
    due_first: bool = False
    per_day: int = NEW_PER_DAY
    seed: int | None = None


@dataclass
class Session:
    """The questions of one sitting, in order, and the answers given so far."""

    items: list[Presented]
    progress: Progress
    results: list[Graded] = field(default_factory=list)

    def current(self) -> Presented | None:
        """The question to ask now, or None when the session is over."""
        return self.items[len(self.results)] if len(self.results) < len(self.items) else None

    def answer(self, chosen: frozenset[str], now: datetime) -> Graded:
        """Grade the current question and count it as a review in `progress`."""
        presented = self.current()
        if presented is None:
            raise IndexError("the session is over")
        graded = grade(presented, chosen)
        self.results.append(graded)
        self.progress = record_answer(self.progress, presented.question.id, graded.correct, now)
        return graded

    def summary(self) -> Summary:
        return summarize(self.results)


def start_session(bank: Sequence[Question], progress: Progress, settings: Settings, now: datetime) -> Session:
    """Pick, order and shuffle the questions of a session; the same seed gives the same session."""
    rng = random.Random(settings.seed)
    chosen = plan(with_tags(bank, settings.tags), progress, now, rng, due_first=settings.due_first, per_day=settings.per_day)
    return Session([present(q, rng) for q in chosen[: settings.count]], progress)
