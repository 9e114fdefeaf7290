"""Wizard: the engine's next question with its answers, the ranked causes beside it, and why.

The session (answers, next question, scores, explanations) is the engine's `WizardSession`;
this screen shows it and passes the user's keys on.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import SimpleCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from losshelp.engine import Ask, Diagnosis, WizardSession
from losshelp.present import say
from losshelp.tui.i18n import t
from losshelp.tui.messages import OpenWizard
from losshelp.tui.report import cause_markdown, diagnosis_markdown
from losshelp.tui.screens.base import LocalizedScreen
from losshelp.tui.widgets.cause_list import CauseList, CauseRow
from losshelp.userdata import save_diagnosis, save_snippet

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase

TOP = 8


class WizardScreen(LocalizedScreen):
    """Answer questions; watch the causes re-rank; read why and how to fix."""

    AUTO_FOCUS = "#wiz-answers"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(i), f"answer({i})", show=False) for i in range(1, 10)),
        Binding("j", "pick_cause(1)", "key_next_cause", show=False),
        Binding("k", "pick_cause(-1)", "key_prev_cause", show=False),
        Binding("u", "unknown", "key_unknown"),
        Binding("b", "back", "key_back"),
        Binding("w", "why_ask", "key_why", show=False),
        Binding("s", "save", "key_save"),
        Binding("c", "copy", "key_copy", show=False),
        Binding("t", "tell", "key_tell"),
        Binding("n", "new", "key_new"),
    ]

    def __init__(self, lang: str, kb: KnowledgeBase, facts: Mapping[str, object] | None = None) -> None:
        super().__init__(lang)
        self.kb = kb
        self._new_session(facts or {})

    def compose(self) -> ComposeResult:
        with Horizontal(id="wizard"):
            with VerticalScroll(id="wiz-left"):
                yield Static(id="wiz-question")
                yield Static(id="wiz-hint", classes="hint")
                yield OptionList(id="wiz-answers")
                yield Markdown(id="wiz-why-ask")
            with Vertical(id="wiz-right"):
                yield Static(id="wiz-causes-title", classes="section-title")
                yield CauseList(id="wiz-causes")
                with VerticalScroll(id="wiz-why-box"):
                    yield Markdown(id="wiz-why")
        yield Footer(compact=True, show_command_palette=False)


    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "theme", lambda _theme: self._draw_causes(self.lang), init=False)

    @property
    def in_progress(self) -> bool:
        """Whether the user has answered anything (a new diagnosis would lose it)."""
        return bool(self.session.facts or self.session.skipped)

    def restart(self, facts: Mapping[str, object]) -> None:
        """Start over with these facts already answered (e.g. measured by the probes)."""
        self._new_session(facts)
        self.relabel(self.lang)

    def _new_session(self, facts: Mapping[str, object]) -> None:
        self.session = WizardSession(self.kb, dict(facts), lang=self.lang)
        self.ask: Ask | None = None
        self._why_ask = False
        self._picked: str | None = None

    # --- drawing -------------------------------------------------------------------------
    def relabel(self, lang: str) -> None:
        self.session.lang = lang
        self.ask = self.session.next_question()
        self.diagnosis: Diagnosis = self.session.diagnosis()
        self.query_one("#wiz-causes-title", Static).update(t("wiz_causes", lang))
        self._draw_question(lang)
        self._draw_causes(lang)
        self._draw_why(lang)

    def _draw_question(self, lang: str) -> None:
        answers = self.query_one("#wiz-answers", OptionList)
        answers.clear_options()
        ask = self.ask
        self.query_one("#wiz-question", Static).update(ask.text if ask else t("wiz_done", lang))
        self.query_one("#wiz-hint", Static).update(ask.hint if ask and ask.hint else "")
        answers.display = ask is not None
        if ask is not None:
            answers.add_options([Option(f"{i}. {label}", id=str(i)) for i, (_, label) in enumerate(ask.choices, 1)])
            answers.add_option(Option(f"u. {t('wiz_unknown', lang)}", id="u"))
            answers.highlighted = 0
        self.query_one("#wiz-why-ask", Markdown).update(self._why_ask_markdown(ask.fact, lang) if self._why_ask and ask else "")

    def _draw_causes(self, lang: str) -> None:
        kb = self.kb
        rows = [
            CauseRow(c.id, kb.causes[c.id].name.get(lang), c.score, c.level, say(f"diagnose.level_{c.level}", lang))
            for c in self.diagnosis.causes[:TOP]
        ]
        self.query_one("#wiz-causes", CauseList).show(rows, dark=self.app.current_theme.dark)

    def _draw_why(self, lang: str) -> None:
        cause = next((c for c in self.diagnosis.causes if c.id == self._picked), None)
        if cause is None:
            self.query_one("#wiz-why", Markdown).update("" if self.diagnosis.causes else t("wiz_no_causes", lang))
            return
        self.query_one("#wiz-why", Markdown).update("\n".join(cause_markdown(self.kb, cause, lang, level=3)))

    def _why_ask_markdown(self, fact: str, lang: str) -> str:
        why = self.session.why_ask(fact)
        names = self.kb.causes
        lines = [f"**{t('wiz_why_ask', lang)}** {say('diagnose.why_ask', lang, bits=why.bits)}", ""]
        for effect in why.answers:
            parts = [f"{say('diagnose.raises', lang)} " + ", ".join(names[c].name.get(lang) for c, _ in effect.raises)] if effect.raises else []
            parts += [f"{say('diagnose.lowers', lang)} " + ", ".join(names[c].name.get(lang) for c, _ in effect.lowers)] if effect.lowers else []
            lines.append(f"- *{effect.label}*: {'; '.join(parts) or '—'}")
        return "\n".join(lines)

    # --- input ---------------------------------------------------------------------------
    def action_answer(self, number: int) -> None:
        if self.ask is not None and 1 <= number <= len(self.ask.choices):
            for notice in self.session.answer(self.ask.fact, self.ask.choices[number - 1][0]):
                self.notify(notice)
            self.relabel(self.lang)

    def action_unknown(self) -> None:
        if self.ask is not None:
            self.session.answer_unknown(self.ask.fact)
            self.relabel(self.lang)

    def action_back(self) -> None:
        if self.session.back() is not None:
            self.relabel(self.lang)

    def action_why_ask(self) -> None:
        self._why_ask = not self._why_ask
        self._draw_question(self.lang)

    def action_save(self) -> None:
        try:
            path = save_diagnosis(diagnosis_markdown(self.kb, self.diagnosis, self.lang))
        except OSError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(t("wiz_saved", self.lang, path=path))

    def action_copy(self) -> None:
        kb = self.kb
        cause = kb.causes.get(self._picked or "")
        fix = next((kb.fixes[f] for f in (cause.fixes if cause else []) if f in kb.fixes and kb.fixes[f].snippet), None)
        if fix is None or not fix.snippet:
            self.notify(t("wiz_no_snippet", self.lang), severity="warning")
            return
        # OSC 52 cannot report whether the terminal took the text, so the snippet is also saved to a file.
        try:
            path = save_snippet(fix.id, fix.snippet)
        except OSError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.copy_to_clipboard(fix.snippet)
        self.notify(t("wiz_copied", self.lang, fix=fix.title.get(self.lang), path=path), timeout=8)

    def action_pick_cause(self, step: int) -> None:
        """Move the highlighted cause without leaving the answers."""
        causes = self.query_one("#wiz-causes", CauseList)
        if len(causes.children):
            causes.index = ((causes.index or 0) + step) % len(causes.children)

    def action_new(self) -> None:
        self.post_message(OpenWizard({}))

    def action_tell(self) -> None:
        """A searchable list of every answer to every question: state any fact, asked or not."""
        commands = [
            SimpleCommand(f"{symptom.question.get(self.lang)} {label}", partial(self._tell, symptom.id, value), symptom.hint.get(self.lang) or None)
            for symptom in self.kb.symptoms.values()
            if symptom.askable
            for value, label in self.session.ask(symptom.id).choices
        ]
        self.app.search_commands(commands, placeholder=t("wiz_tell", self.lang))

    def _tell(self, fact: str, value: str) -> None:
        for notice in self.session.answer(fact, value):
            self.notify(notice)
        self.relabel(self.lang)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key == "u":
            self.action_unknown()
        elif key.isdigit():
            self.action_answer(int(key))

    def on_cause_list_picked(self, event: CauseList.Picked) -> None:
        self._picked = event.cause_id
        self._draw_why(self.lang)
