"""The losshelp terminal app: one mode per part (home, diagnose, probe, quiz, browse).

Screens get what they need in their constructors and ask the app for anything else by a message
(`losshelp.tui.messages`); the app only switches modes and holds the language and theme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property, partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from losshelp.tui.dialogs.confirm import Confirm
from losshelp.tui.i18n import t
from losshelp.tui.localize import localize_bindings
from losshelp.tui.messages import MODES, GoTo, Mode, OpenEntry, OpenWizard
from losshelp.tui.screens.home import HomeScreen
from losshelp.userdata import load_settings, save_settings

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase
    from losshelp.probe.request import ProbeRequest
    from losshelp.tui.screens.browse import BrowseScreen
    from losshelp.tui.screens.probe import ProbeScreen
    from losshelp.tui.screens.wizard import WizardScreen

THEMES = ("textual-dark", "textual-light")


class LossHelpApp(App[None]):
    """Presents the knowledge base, the engine, the probes and the quiz; holds no logic of its own."""

    CSS_PATH = "app.tcss"
    TITLE = "losshelp"
    DEFAULT_MODE = "home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "key_help"),
        Binding("question_mark", "help", "key_help", show=False),
        Binding("f2", "toggle_lang", "key_lang", show=False),
        Binding("f3", "toggle_theme", "key_theme", show=False),
        Binding("escape", "go('home')", "mode_home", show=False),
        Binding("ctrl+q", "quit", "key_quit", priority=True, show=False),
    ]

    lang: reactive[str] = reactive("en")

    def __init__(
        self,
        lang: str | None = None,
        kb: KnowledgeBase | None = None,
        start: Mode = "home",
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
        self._wizard: WizardScreen | None = None
        self._browser: BrowseScreen | None = None
        self._probe: ProbeScreen | None = None
        self._first_facts: dict[str, object] = {}
        """The facts the wizard starts with when a message opens it for the first time."""
        self._settings = load_settings()
        """Remembered from the last run: theme, language, probe paths (a language given here wins)."""
        self.set_reactive(LossHelpApp.lang, lang or self._settings.get("lang", "en"))
        for mode in MODES:
            self.add_mode(mode, partial(self._make, mode))

    @cached_property
    def kb(self) -> KnowledgeBase:
        """The knowledge base, loaded when a screen first needs it, so the home screen appears at once."""
        from losshelp.kb import default_kb

        return default_kb()

    def _make(self, mode: Mode) -> Screen:
        """A mode's screen, built (and its module imported) when the mode is first opened: the home
        screen comes up without loading the engine, the quiz or the knowledge base."""
        if mode == "home":
            return HomeScreen(self.lang, lambda: self.kb, self.profile)
        if mode == "diagnose":
            from losshelp.tui.screens.wizard import WizardScreen

            self._wizard = WizardScreen(self.lang, self.kb, self._first_facts)
            return self._wizard
        if mode == "browse":
            from losshelp.tui.screens.browse import BrowseScreen

            self._browser = BrowseScreen(self.lang, self.kb)
            return self._browser
        if mode == "quiz":
            from losshelp.tui.screens.quiz import QuizScreen

            return QuizScreen(self.lang, self.kb, self.profile, self.quiz_seed)
        from losshelp.tui.screens.probe import ProbeScreen

        self._probe = ProbeScreen(self.lang, self.kb, self.probe_request, self._settings)
        return self._probe

    def on_mount(self) -> None:
        theme = self._settings.get("theme", "")
        self.theme = theme if theme in THEMES else THEMES[0]
        localize_bindings(self, self.lang)
        if self.start != self.DEFAULT_MODE:
            self.switch_mode(self.start)

    def watch_lang(self, lang: str) -> None:
        localize_bindings(self, lang)

    def _remember(self, **choices: str) -> None:
        try:
            save_settings(choices)
        except OSError as exc:
            self.notify(str(exc), severity="warning")

    # --- actions -------------------------------------------------------------------------
    def action_toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self._remember(lang=self.lang)

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)] if self.theme in THEMES else THEMES[0]
        self._remember(theme=self.theme)

    def action_go(self, mode: str) -> None:
        if mode in MODES:
            self.switch_mode(mode)

    def action_help(self) -> None:
        from losshelp.tui.dialogs.help import Help

        if not isinstance(self.screen, Help):
            self.push_screen(Help(self.lang, self.screen))

    def action_new_diagnosis(self) -> None:
        self.post_message(OpenWizard({}))

    def action_demo(self) -> None:
        self.switch_mode("probe")
        self.call_after_refresh(lambda: self._probe.action_demo() if self._probe else None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): every screen, the language, the theme, a new diagnosis, the demo, quit."""
        lang = self.lang
        for mode in MODES:
            yield SystemCommand(t(f"mode_{mode}", lang), t(f"mode_{mode}_help", lang), partial(self.action_go, mode))
        yield SystemCommand(t("cmd_lang", lang), t("cmd_lang_help", lang), self.action_toggle_lang)
        yield SystemCommand(t("cmd_theme", lang), t("cmd_theme_help", lang), self.action_toggle_theme)
        yield SystemCommand(t("cmd_new", lang), t("cmd_new_help", lang), self.action_new_diagnosis)
        yield SystemCommand(t("cmd_demo", lang), t("cmd_demo_help", lang), self.action_demo)
        yield SystemCommand(t("cmd_help", lang), t("cmd_help_help", lang), self.action_help)
        yield SystemCommand(t("key_quit", lang), t("cmd_quit_help", lang), self.exit)

    # --- what screens ask for ------------------------------------------------------------
    def on_go_to(self, message: GoTo) -> None:
        self.switch_mode(message.mode)

    def on_open_entry(self, message: OpenEntry) -> None:
        self.switch_mode("browse")
        self.call_after_refresh(lambda: self._browser.show_entry(message.entry_id) if self._browser else None)

    def on_open_wizard(self, message: OpenWizard) -> None:
        """A new diagnosis with these facts; asks first when one is in progress."""
        facts = dict(message.facts)
        if self._wizard is None or not self._wizard.in_progress:
            self._start_wizard(facts)
            return
        lang = self.lang
        self.push_screen(Confirm(t("wiz_replace", lang), t("answer_yes", lang), t("answer_no", lang)), partial(self._replace_if, facts))

    def _replace_if(self, facts: Mapping[str, object], yes: bool | None) -> None:
        if yes:
            self._start_wizard(facts)

    def _start_wizard(self, facts: Mapping[str, object]) -> None:
        if self._wizard is None:
            self._first_facts = dict(facts)
        else:
            self._wizard.restart(facts)
        self.switch_mode("diagnose")
