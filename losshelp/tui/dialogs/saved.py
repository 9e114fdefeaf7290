"""A saved diagnosis, read again: its Markdown in a scrolling pane over the home screen; Esc closes it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown


def saved_title(path: Path) -> str:
    """What a saved diagnosis is about: its first cause heading (the summary lists causes first),
    else its file name; the level and score after the name are kept."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return path.stem
    return next((line.removeprefix("## ") for line in lines if line.startswith("## ")), path.stem)


class SavedDiagnosis(ModalScreen[None]):
    """One saved summary; arrows and PageUp/PageDown scroll it."""

    BINDINGS = [Binding("escape,q", "dismiss", show=False)]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="saved-view"):
            yield Markdown(self._path.read_text(encoding="utf-8"), id="saved-text")

    def on_mount(self) -> None:
        self.query_one("#saved-view", VerticalScroll).focus()
