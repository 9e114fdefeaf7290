"""What every losshelp screen shares: re-labelling itself when the app's language changes."""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from losshelp.tui.localize import localize_bindings

NARROW = 72
"""Below this many columns a screen carries the `-narrow` class: its side-by-side panes stack (app.tcss)."""


class LocalizedScreen(Screen[None]):
    """A screen whose labels follow the app's `lang`; subclasses implement `relabel(lang)`."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._on_lang, init=True)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def _on_lang(self, lang: str) -> None:
        self.lang = lang
        localize_bindings(self, lang)
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        """Set every visible label in `lang`."""
