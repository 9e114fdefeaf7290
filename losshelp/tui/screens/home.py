"""Home: the four ways in (diagnose, probe, practise, browse) and recent sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from losshelp.present.styles import muted_markup
from losshelp.tui.dialogs.saved import SavedDiagnosis, saved_title
from losshelp.tui.i18n import t
from losshelp.tui.messages import GoTo, Mode
from losshelp.tui.screens.base import LocalizedScreen
from losshelp.userdata import recent_diagnoses

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase

RECENT = 5


def _when(path: Path) -> str:
    """When a diagnosis was saved, from its file name (YYYYmmdd-HHMMSS-...)."""
    stamp = path.stem.split("-")
    return f"{stamp[0][:4]}-{stamp[0][4:6]}-{stamp[0][6:8]} {stamp[1][:2]}:{stamp[1][2:4]}" if len(stamp) >= 2 and len(stamp[1]) >= 4 else path.stem

ENTRIES: tuple[tuple[Mode, str, str], ...] = (
    ("diagnose", "d", "home_diagnose"),
    ("probe", "p", "home_probe"),
    ("quiz", "q", "home_quiz"),
    ("browse", "k", "home_browse"),
)


class HomeScreen(LocalizedScreen):
    """The first screen: a short intro and one button per part of the app."""

    AUTO_FOCUS = ".entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"app.go('{mode}')", label, show=False) for mode, key, label in ENTRIES),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def __init__(self, lang: str, kb: Callable[[], KnowledgeBase], profile: str) -> None:
        super().__init__(lang)
        self._kb = kb
        self._profile = profile

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Static(id="title")
            yield Static(id="intro")
            with Vertical(id="entries"):
                for mode, _, _ in ENTRIES:
                    yield Button("", id=f"go-{mode}", classes="entry")
            yield Static(id="recent-title", classes="section-title")
            yield OptionList(id="saved")
            yield Static(id="recent")
        yield Footer(compact=True, show_command_palette=False)

    def relabel(self, lang: str) -> None:
        self.query_one("#title", Static).update(t("app_title", lang))
        self.query_one("#intro", Static).update(t("home_intro", lang))
        for mode, key, label in ENTRIES:
            self.query_one(f"#go-{mode}", Button).label = f"{key}  ›  {t(label, lang)}"
        self.query_one("#recent-title", Static).update(t("home_recent", lang))
        # Filled after the first paint: reading the quiz standing loads the question bank.
        self.call_after_refresh(self._draw_recent, lang)

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "theme", lambda _theme: self._draw_recent(self.lang), init=False)

    def on_screen_resume(self) -> None:
        """Back home: a diagnosis may have been saved meanwhile."""
        self.call_after_refresh(self._draw_recent, self.lang)

    def _draw_recent(self, lang: str) -> None:
        saved = self.query_one("#saved", OptionList)
        self._saved = recent_diagnoses(RECENT)
        saved.clear_options()
        dark = self.app.current_theme.dark
        saved.add_options([Option(f"{saved_title(p)}  {muted_markup(_when(p), dark)}", id=str(i)) for i, p in enumerate(self._saved)])
        saved.display = bool(self._saved)
        saved.highlighted = 0 if self._saved else None
        standing = self._standing(lang)
        self.query_one("#recent", Static).update(standing or ("" if self._saved else t("home_no_recent", lang)))

    def _standing(self, lang: str) -> str:
        """The quiz profile's standing, or nothing before the first answer."""
        from losshelp.quiz import load_progress, profile_stats, question_bank  # only the standing needs the quiz

        # A peek: a corrupt file stays in place for the quiz screen to move aside and report.
        try:
            progress = load_progress(self._profile, move_aside=False).progress
        except OSError as exc:  # the data folder cannot be read (e.g. it is a file): say so, start anyway
            self.notify(str(exc), severity="warning")
            return ""
        if not progress.records:
            return ""
        stats = profile_stats(progress, question_bank(self._kb()), datetime.now(timezone.utc))
        return t("home_quiz_standing", lang, seen=stats.seen, questions=stats.questions, due=stats.due, right=stats.right, wrong=stats.wrong)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open a saved diagnosis to read it again."""
        self.app.push_screen(SavedDiagnosis(self._saved[int(event.option.id or 0)]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        mode = next(m for m, _, _ in ENTRIES if event.button.id == f"go-{m}")
        self.post_message(GoTo(mode))
