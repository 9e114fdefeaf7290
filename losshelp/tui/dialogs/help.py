"""F1 / ?: the keys of the screen below and the app's own, in the current language; any key closes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from losshelp.tui.i18n import t
from losshelp.tui.localize import key_help


class Help(ModalScreen[None]):
    """A table of keys: the screen's first, then the app's; Esc, F1 or q closes it."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", show=False)]

    def __init__(self, lang: str, below: Screen) -> None:
        super().__init__()
        self._lang = lang
        self._below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(t("help_title", self._lang), classes="section-title")
            yield DataTable(id="help-keys", cursor_type="row", show_header=False)
            yield Static(t("help_close", self._lang), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("key", "does")
        for node in (self._below, self.app):
            for binding, label in key_help(node, self._lang):
                table.add_row(self.app.get_key_display(binding), label)
        table.focus()
