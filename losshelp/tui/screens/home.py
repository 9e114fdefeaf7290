"""Home: the four ways in (diagnose, probe, practise, browse) and recent sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from losshelp.tui.i18n import t
from losshelp.tui.messages import GoTo, Mode
from losshelp.tui.screens.base import LocalizedScreen
from losshelp.userdata import recent_diagnoses

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase

RECENT = 5

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
                for mode, key, _ in ENTRIES:
                    yield Button("", id=f"go-{mode}", classes="entry")
            yield Static(id="recent-title", classes="section-title")
            yield Static(id="recent")
        yield Footer(compact=True, show_command_palette=False)

    def relabel(self, lang: str) -> None:
        self.query_one("#title", Static).update(t("app_title", lang))
        self.query_one("#intro", Static).update(t("home_intro", lang))
        for mode, key, label in ENTRIES:
            self.query_one(f"#go-{mode}", Button).label = f"{key}  ›  {t(label, lang)}"
        self.query_one("#recent-title", Static).update(t("home_recent", lang))
        # Filled after the first paint: reading the quiz standing loads the question bank.
        self.call_after_refresh(lambda: self.query_one("#recent", Static).update("\n".join(self._recent(lang)) or t("home_no_recent", lang)))

    def _recent(self, lang: str) -> list[str]:
        """Saved diagnoses, newest first, and the quiz profile's standing."""
        lines = [f"• {p.stem}  {p}" for p in recent_diagnoses(RECENT)]
        from losshelp.quiz import load_progress, profile_stats, question_bank  # only the standing needs the quiz

        # A peek: a corrupt file stays in place for the quiz screen to move aside and report.
        progress = load_progress(self._profile, move_aside=False).progress
        if progress.records:
            stats = profile_stats(progress, question_bank(self._kb()), datetime.now(timezone.utc))
            lines.append("• " + t("home_quiz_standing", lang).format(seen=stats.seen, questions=stats.questions, due=stats.due, right=stats.right, wrong=stats.wrong))
        return lines

    def on_button_pressed(self, event: Button.Pressed) -> None:
        mode = next(m for m, _, _ in ENTRIES if event.button.id == f"go-{m}")
        self.post_message(GoTo(mode))
