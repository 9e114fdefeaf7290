"""One quiz option: its letter and text; a click says which option it was."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Static


class OptionRow(Static):
    """A lettered option; `chosen`, `cursor`, `right` and `wrong` classes style it."""

    @dataclass
    class Clicked(Message):
        index: int

    def __init__(self, index: int, text: str) -> None:
        super().__init__(text, classes="option")
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))
