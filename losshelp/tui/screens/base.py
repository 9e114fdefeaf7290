"""What every losshelp screen shares: re-labelling itself when the language changes."""

from __future__ import annotations

from textual.screen import Screen

from losshelp.tui.localize import localize_bindings


class LocalizedScreen(Screen):
    """A screen whose labels follow `app.lang`; subclasses implement `relabel(lang)`."""

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._on_lang, init=True)

    def _on_lang(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        """Set every visible label in `lang`."""
