"""What every losshelp screen shares: re-labelling itself when the app's language changes."""

from __future__ import annotations

from textual.screen import Screen

from losshelp.tui.localize import localize_bindings


class LocalizedScreen(Screen[None]):
    """A screen whose labels follow the app's `lang`; subclasses implement `relabel(lang)`."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._on_lang, init=True)

    def _on_lang(self, lang: str) -> None:
        self.lang = lang
        localize_bindings(self, lang)
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        """Set every visible label in `lang`."""
