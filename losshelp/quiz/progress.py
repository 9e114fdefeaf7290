"""A profile's progress as plain data, and its JSON form (what the store writes and reads).

`from_dict` is strict: a file that does not have exactly this shape is reported as corrupt rather
than half-read, so progress is never dropped without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fsrs import Card

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


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{what}: expected a count, got {value!r}")
    return value


def from_dict(data: Any) -> Progress:
    """Read the JSON form back; a ValueError says what does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a progress file of format {FORMAT}")
    if not isinstance(data.get("profile"), str):
        raise ValueError("profile: expected a name")
    introduced, records = data.get("introduced"), data.get("records")
    if not isinstance(introduced, dict) or not isinstance(records, dict):
        raise ValueError("expected 'introduced' and 'records' mappings")
    out: dict[str, Record] = {}
    for qid, raw in records.items():
        try:
            card = Card.from_dict(raw["card"])
            out[qid] = Record(card, _count(raw["right"], f"{qid}.right"), _count(raw["wrong"], f"{qid}.wrong"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"records.{qid}: {exc}") from None
    days = {day: _count(n, f"introduced.{day}") for day, n in introduced.items()}
    return Progress(data["profile"], out, days)
