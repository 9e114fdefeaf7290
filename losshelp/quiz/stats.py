"""Where a profile stands: questions seen, due and new, and the share answered right per topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from losshelp.kb.models import Question
from losshelp.quiz.progress import Progress
from losshelp.quiz.schedule import NEW_PER_DAY, is_due, new_left
from losshelp.quiz.summary import TagScore


@dataclass(frozen=True)
class Stats:
    """A profile's standing against the current bank (questions since removed are left out)."""

    profile: str
    questions: int
    seen: int
    due: int
    new_left_today: int
    new_per_day: int
    right: int
    wrong: int
    next_due: datetime | None
    per_tag: tuple[TagScore, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, each tag with its ratio."""
        out = asdict(self)
        out["next_due"] = self.next_due.isoformat() if self.next_due else None
        out["per_tag"] = [dict(asdict(s), ratio=round(s.ratio, 3)) for s in self.per_tag]
        return out


def profile_stats(progress: Progress, bank: Sequence[Question], now: datetime, per_day: int = NEW_PER_DAY) -> Stats:
    """Count what `progress` holds for the questions of `bank`."""
    known = {q.id: q for q in bank}
    records = {qid: r for qid, r in progress.records.items() if qid in known}
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for qid, record in records.items():
        for tag in known[qid].tags:
            right[tag] += record.right
            total[tag] += record.right + record.wrong
    upcoming = [r.card.due for r in records.values() if r.card.due > now]
    return Stats(
        profile=progress.profile,
        questions=len(known),
        seen=len(records),
        due=sum(is_due(progress, qid, now) for qid in records),
        new_left_today=min(new_left(progress, now, per_day), len(known) - len(records)),
        new_per_day=per_day,
        right=sum(r.right for r in records.values()),
        wrong=sum(r.wrong for r in records.values()),
        next_due=min(upcoming, default=None),
        per_tag=tuple(sorted((TagScore(t, right[t], total[t]) for t in total), key=lambda s: (s.ratio, s.tag))),
    )
