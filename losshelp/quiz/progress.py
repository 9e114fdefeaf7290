"""A profile's progress and a session's position as plain data, and their JSON forms (what is written and read).

`from_dict` is strict: a file that does not have exactly this shape is reported as corrupt rather
than half-read, so progress is never dropped without a word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fsrs import Card, State

from losshelp.kb.models import Question
from losshelp.quiz.grade import Graded, grade
from losshelp.quiz.present import Presented

FORMAT = 1


@dataclass(frozen=True)
class Record:
    """One question's spaced-repetition card and how often it was answered right and wrong."""

    card: Card
    right: int = 0
    wrong: int = 0


@dataclass(frozen=True)
class Progress:
    """Everything remembered for one profile; `introduced` counts new questions per local day (ISO date)."""

    profile: str
    records: dict[str, Record] = field(default_factory=dict)
    introduced: dict[str, int] = field(default_factory=dict)


def to_dict(progress: Progress) -> dict[str, Any]:
    """The JSON-ready form of `progress`."""
    return {
        "format": FORMAT,
        "profile": progress.profile,
        "introduced": dict(sorted(progress.introduced.items())),
        "records": {
            qid: {"right": r.right, "wrong": r.wrong, "card": r.card.to_dict()}
            for qid, r in sorted(progress.records.items())
        },
    }


# Counts beyond this are no one's practice: a file holding them was written by something else.
MAX_COUNT = 10**9
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise ValueError(f"{what}: expected a count from 0 to {MAX_COUNT:,}, got {_short(value)}")
    return value


def _short(value: Any) -> str:
    """A value as the message shows it: its repr cut short, and no repr at all for deep containers."""
    return type(value).__name__ if isinstance(value, (dict, list)) else repr(value)[:40]


def _moment(value: Any, what: str, optional: bool = False) -> str | None:
    """An ISO time with a UTC offset (a naive time cannot be compared with the clock the quiz uses)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected an ISO date-time, got {_short(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what}: not an ISO date-time: {_short(value)}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what}: {value!r} has no time zone")
    return value


def _real(value: Any, what: str) -> float | None:
    """None, or a finite non-negative real number (FSRS stability and difficulty)."""
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{what}: expected a finite number >= 0, got {_short(value)}")
    return float(value)


def _card(raw: Any, what: str) -> Card:
    """An FSRS card from its dict, every field checked first: `Card.from_dict` itself accepts naive
    times, NaN and strings that fail only later, at every start."""
    if not isinstance(raw, dict):
        raise ValueError(f"{what}: expected a card, got {_short(raw)}")
    missing = {"card_id", "state", "step", "stability", "difficulty", "due", "last_review"} - set(raw)
    if missing:
        raise ValueError(f"{what}: missing {', '.join(sorted(missing))}")
    if not isinstance(raw["card_id"], int) or isinstance(raw["card_id"], bool):
        raise ValueError(f"{what}.card_id: expected an integer, got {_short(raw['card_id'])}")
    if not isinstance(raw["state"], int) or isinstance(raw["state"], bool) or raw["state"] not in {s.value for s in State}:
        raise ValueError(f"{what}.state: expected one of {sorted(s.value for s in State)}, got {_short(raw['state'])}")
    if raw["step"] is not None:
        _count(raw["step"], f"{what}.step")
    _real(raw["stability"], f"{what}.stability")
    _real(raw["difficulty"], f"{what}.difficulty")
    _moment(raw["due"], f"{what}.due")
    _moment(raw["last_review"], f"{what}.last_review", optional=True)
    return Card.from_dict(raw)


def from_dict(data: Any) -> Progress:
    """Read the JSON form back, every value checked; a ValueError says what does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a progress file of format {FORMAT}")
    if not isinstance(data.get("profile"), str):
        raise ValueError("profile: expected a name")
    introduced, records = data.get("introduced"), data.get("records")
    if not isinstance(introduced, dict) or not isinstance(records, dict):
        raise ValueError("expected 'introduced' and 'records' mappings")
    out: dict[str, Record] = {}
    for qid, raw in records.items():
        if not isinstance(raw, dict):
            raise ValueError(f"records.{qid}: expected a record, got {_short(raw)}")
        if {"card", "right", "wrong"} - set(raw):
            raise ValueError(f"records.{qid}: expected card, right and wrong")
        out[qid] = Record(_card(raw["card"], f"records.{qid}.card"), _count(raw["right"], f"{qid}.right"), _count(raw["wrong"], f"{qid}.wrong"))
    for day in introduced:
        if not _DAY.match(day):
            raise ValueError(f"introduced: {_short(day)} is not a day (YYYY-MM-DD)")
    days = {day: _count(n, f"introduced.{day}") for day, n in introduced.items()}
    return Progress(data["profile"], out, days)


def _reviewed(card: Card) -> datetime:
    return card.last_review or datetime.min.replace(tzinfo=timezone.utc)


def merge(latest: Progress, before: Progress, after: Progress) -> Progress:
    """`latest` (the file as another process may have changed it) plus what was recorded between `before`
    and `after` in this one: counts add their differences, the card of the later review wins, and each
    day's new questions add up. Two processes on one profile thus lose no answer."""
    records = dict(latest.records)
    for qid, new in after.records.items():
        old = before.records.get(qid)
        if old is new:
            continue
        base = records.get(qid)
        right = (base.right if base else 0) + new.right - (old.right if old else 0)
        wrong = (base.wrong if base else 0) + new.wrong - (old.wrong if old else 0)
        card = new.card if base is None or _reviewed(new.card) >= _reviewed(base.card) else base.card
        records[qid] = Record(card, max(right, 0), max(wrong, 0))
    # Questions this process introduced that another had already introduced count once; the answers of a
    # session fall on one day but for one crossing midnight, so the last day that grew takes the difference.
    twice = sum(1 for qid in after.records if qid not in before.records and qid in latest.records)
    added = {day: n - before.introduced.get(day, 0) for day, n in after.introduced.items()}
    grown = sorted(day for day, n in added.items() if n > 0)
    if grown:
        added[grown[-1]] -= twice
    introduced = dict(latest.introduced)
    for day, n in added.items():
        if n:
            introduced[day] = max(introduced.get(day, 0) + n, 0)
    return Progress(latest.profile, records, introduced)


@dataclass(frozen=True)
class Position:
    """Where a practice session stands, so that it resumes after the app is closed: its questions in
    order, each with its options in the order shown, the options chosen for those answered, the seed."""

    profile: str
    items: tuple[tuple[str, tuple[str, ...]], ...]
    chosen: tuple[tuple[str, ...], ...] = ()
    seed: int | None = None

    @property
    def finished(self) -> bool:
        return len(self.chosen) >= len(self.items)


def position_of(profile: str, items: Sequence[Presented], results: Sequence[Graded], seed: int | None) -> Position:
    """The position of a session whose questions are `items` and whose answers so far are `results`."""
    return Position(
        profile,
        tuple((p.question.id, tuple(o.id for o in p.options)) for p in items),
        tuple(tuple(sorted(g.chosen)) for g in results),
        seed,
    )


def position_to_dict(position: Position) -> dict[str, Any]:
    """The JSON-ready form of `position`."""
    return {
        "format": FORMAT,
        "profile": position.profile,
        "seed": position.seed,
        "items": [{"question": qid, "options": list(options)} for qid, options in position.items],
        "chosen": [list(c) for c in position.chosen],
    }


def _names(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"{what}: expected a list of ids, got {_short(value)}")
    return tuple(value)


def position_from_dict(data: Any) -> Position:
    """Read the JSON form back, every value checked; a ValueError says what does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a quiz position of format {FORMAT}")
    if not isinstance(data.get("profile"), str):
        raise ValueError("profile: expected a name")
    seed, items, chosen = data.get("seed"), data.get("items"), data.get("chosen")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ValueError(f"seed: expected an integer or null, got {_short(seed)}")
    if not isinstance(items, list) or not isinstance(chosen, list) or len(chosen) > len(items):
        raise ValueError("expected 'items' and no more 'chosen' answers than items")
    read: list[tuple[str, tuple[str, ...]]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise ValueError(f"items.{i}: expected a question id and its options")
        read.append((item["question"], _names(item.get("options"), f"items.{i}.options")))
    return Position(data["profile"], tuple(read), tuple(_names(c, f"chosen.{i}") for i, c in enumerate(chosen)), seed)


def restore(position: Position, questions: Mapping[str, Question]) -> tuple[list[Presented], list[Graded]] | None:
    """The session's questions as shown and its answers regraded, or None when the bank has changed
    since (a question or an option is gone): then a new session is the honest start."""
    items: list[Presented] = []
    for qid, option_ids in position.items:
        question = questions.get(qid)
        if question is None:
            return None
        by_id = {o.id: o for o in question.options}
        if sorted(option_ids) != sorted(by_id):
            return None
        items.append(Presented(question, tuple(by_id[o] for o in option_ids)))
    results = []
    for presented, chosen in zip(items, position.chosen, strict=False):
        if not set(chosen) <= {o.id for o in presented.options}:
            return None
        results.append(grade(presented, frozenset(chosen)))
    return items, results
