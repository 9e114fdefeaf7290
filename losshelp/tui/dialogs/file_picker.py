"""Pick a file from a directory tree; dismisses with its path, or None on Esc."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static


class FilePicker(ModalScreen[str | None]):
    """A directory tree rooted at `start`; Enter on a file picks it."""

    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, title: str, start: Path | None = None) -> None:
        super().__init__()
        self._title = title
        self._start = start or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(self._title, classes="section-title")
            yield DirectoryTree(self._start)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))
