"""Ranked causes with score bars; highlighting one tells the screen which cause to explain."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Label, ListItem, ListView

from losshelp.present.styles import level_style

BAR = 6


@dataclass(frozen=True)
class CauseRow:
    """What one row shows: the cause, its name in the current language, its score and level."""

    id: str
    name: str
    score: float
    level: str
    level_label: str


def bar(score: float, width: int = BAR) -> str:
    """A bar for the positive part of a score in [-1, 1]."""
    filled = round(max(score, 0.0) * width)
    return "█" * filled + "░" * (width - filled)


class CauseList(ListView):
    """The ranked causes; re-filled after every answer, keeping the highlighted cause when it stays."""

    @dataclass
    class Picked(Message):
        cause_id: str

    def show(self, rows: list[CauseRow], dark: bool = True) -> None:
        keep = self.highlighted_child.name if self.highlighted_child is not None else None
        self.clear()
        for row in rows:
            style = level_style(row.level, dark)
            text = Text.assemble((bar(row.score), style), f" {row.score:+.2f} ", (row.level_label, style), f"  {row.name}")
            self.append(ListItem(Label(text), name=row.id))
        ids = [row.id for row in rows]
        self.index = ids.index(keep) if keep in ids else (0 if ids else None)

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        event.stop()
        if event.item is not None and event.item.name:
            self.post_message(self.Picked(event.item.name))
