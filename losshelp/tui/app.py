"""The losshelp terminal app: one mode per part (home, diagnose, probe, quiz, browse)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from losshelp.tui.localize import localize_bindings
from losshelp.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase
    from losshelp.probe.request import ProbeRequest

THEMES = ("textual-dark", "textual-light")


def _screen(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, imported when the mode is first opened: the home screen comes up without
    loading the engine, the quiz or the knowledge base."""

    def make() -> Screen:
        return getattr(importlib.import_module(f"losshelp.tui.screens.{module}"), name)()

    return make


class LossHelpApp(App):
    """Presents the knowledge base, the engine, the probes and the quiz; holds no logic of its own."""

    CSS_PATH = "app.tcss"
    TITLE = "losshelp"
    MODES = {
        "home": HomeScreen,
        "diagnose": _screen("wizard", "WizardScreen"),
        "browse": _screen("browse", "BrowseScreen"),
        "quiz": _screen("quiz", "QuizScreen"),
        "probe": _screen("probe", "ProbeScreen"),
    }
    DEFAULT_MODE = "home"
    # F2/F3 switch language and theme; the palette's footer entry would crowd 80 columns.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f2", "toggle_lang", "key_lang"),
        Binding("f3", "toggle_theme", "key_theme"),
        Binding("escape", "go('home')", "key_home"),
        Binding("ctrl+q", "quit", "key_quit", priority=True, show=False),
    ]

    lang: reactive[str] = reactive("en")

    def __init__(
        self,
        lang: str = "en",
        kb: KnowledgeBase | None = None,
        start: str = "home",
        profile: str = "default",
        quiz_seed: int | None = None,
        probe_request: ProbeRequest | None = None,
    ) -> None:
        super().__init__()
        if kb is not None:
            self.kb = kb
        self.start = start
        self.profile = profile
        self.quiz_seed = quiz_seed
        self.probe_request = probe_request
        self.set_reactive(LossHelpApp.lang, lang)

    @cached_property
    def kb(self) -> KnowledgeBase:
        """The knowledge base, loaded when a screen first needs it, so the home screen appears at once."""
        from losshelp.kb import default_kb

        return default_kb()

    def on_mount(self) -> None:
        self.theme = THEMES[0]
        localize_bindings(self, self.lang)
        if self.start != self.DEFAULT_MODE:
            self.action_go(self.start)

    def watch_lang(self, lang: str) -> None:
        localize_bindings(self, lang)

    def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)] if self.theme in THEMES else THEMES[0]

    def action_go(self, mode: str) -> None:
        if mode in self.MODES:
            self.switch_mode(mode)

    def open_wizard(self, facts: dict) -> None:
        """The wizard, started over with these facts already answered (e.g. measured by the probes)."""
        self._in_mode("diagnose", lambda screen: screen.restart(facts))  # type: ignore[attr-defined]

    def open_entry(self, entry_id: str) -> None:
        """Show one knowledge-base entry in the browser (from the quiz, the wizard or a report)."""
        self._in_mode("browse", lambda screen: screen.show_entry(entry_id))  # type: ignore[attr-defined]

    def _in_mode(self, mode: str, act: Callable[[Screen], None]) -> None:
        """Switch to `mode` and act on its one screen once it is shown: nothing is pushed on top of it."""
        self.switch_mode(mode)
        self.call_after_refresh(lambda: act(self.screen))
