"""Quiz: a question, its options by key or click, feedback with explanations, the session summary.

The session, grading, scheduling and saving are `losshelp.quiz`'s; this screen only shows them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Markdown, Static

from losshelp.present import say
from losshelp.quiz import Graded, Presented, Session, Settings, load_progress, profile_stats, question_bank, save_progress, start_session, tag_label
from losshelp.quiz.messages import per_tag_lines
from losshelp.quiz.progress import Position, position_from_dict, position_of, position_to_dict, restore
from losshelp.tui.i18n import t
from losshelp.tui.messages import OpenEntry
from losshelp.tui.screens.base import LocalizedScreen
from losshelp.tui.widgets.option_row import OptionRow
from losshelp.userdata import load_json, save_json

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase

KEYS = "abcde"


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Page(VerticalScroll, can_focus=False):
    """The scrolling page; not focusable, so arrow keys reach the screen's bindings."""


class QuizScreen(LocalizedScreen):
    """Practise interview questions; progress is saved after every answer."""

    BINDINGS: ClassVar[list[BindingType]] = (
        [
            *(Binding(k, f"pick({i})", show=False) for i, k in enumerate(KEYS)),
            *(Binding(str(i + 1), f"pick({i})", show=False) for i in range(len(KEYS))),
            Binding("up", "move(-1)", show=False),
            Binding("down", "move(1)", show=False),
            Binding("space", "toggle_option", show=False),
            Binding("pageup", "scroll('page_up')", show=False),
            Binding("pagedown", "scroll('page_down')", show=False),
            Binding("home", "scroll('home')", show=False),
            Binding("end", "scroll('end')", show=False),
            Binding("enter", "submit", "key_submit"),
            Binding("o", "open_entry", "key_open"),
            Binding("r", "restart", "key_restart"),
        ]
    )

    def __init__(self, lang: str, kb: KnowledgeBase, profile: str, seed: int | None = None) -> None:
        super().__init__(lang)
        self.kb = kb
        self._profile = profile
        self._seed = seed

    def compose(self) -> ComposeResult:
        with Page(id="quiz"):
            yield Static(id="quiz-status")
            yield Static(id="quiz-question")
            with Vertical(id="quiz-options"):
                # A fixed set of rows, shown or hidden per question: rows mounted and removed per
                # question lag the question they are drawn for (removal completes later).
                for i in range(len(KEYS)):
                    yield OptionRow(i, "")
            yield Static(id="quiz-hint", classes="hint")
            yield Markdown(id="quiz-feedback")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._start(due_first=False, resume=True)
        super().on_mount()

    # --- session -------------------------------------------------------------------------
    def _start(self, due_first: bool, resume: bool = False) -> None:
        """A new session, or with `resume` the one left unfinished (in this or an earlier run of the app)."""
        loaded = load_progress(self._profile)
        self._notice = say("quiz.corrupt", self.lang, problem=loaded.problem, aside=loaded.moved_aside) if loaded.moved_aside else ""
        self._bank = question_bank(self.kb)
        left = self._left_off() if resume else None
        if left is not None:
            self.session: Session = Session(left[0], loaded.progress, left[1])
        else:
            settings = Settings(count=10, due_first=due_first, seed=self._seed)
            self.session = start_session(self._bank, loaded.progress, settings, _now())
            self._keep_position()
        self._chosen: set[int] = set()
        self._cursor = 0
        self._graded: Graded | None = None
        self._show_question()

    @property
    def _position_file(self) -> str:
        return f"quiz-position/{self._profile}.json"

    def _left_off(self) -> tuple[list[Presented], list[Graded]] | None:
        """The unfinished session saved for this profile, when its seed is the one asked for (or none was)."""
        try:
            position = position_from_dict(load_json(self._position_file))
        except ValueError:
            return None
        if position.profile != self._profile or position.finished or self._seed not in (None, position.seed):
            return None
        return restore(position, {q.id: q for q in self._bank})

    def _keep_position(self) -> None:
        """Save where the session stands, so that leaving the app does not lose the place."""
        position: Position = position_of(self._profile, self.session.items, self.session.results, self._seed)
        try:
            save_json(self._position_file, position_to_dict(position))
        except OSError as exc:
            self.notify(str(exc), severity="warning")

    def _show_question(self) -> None:
        self.query_one("#quiz-feedback", Markdown).update("")
        self.relabel(self.lang)

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, questions answered) in this session."""
        results = self.session.results
        return sum(g.correct for g in results), len(results)

    # --- drawing -------------------------------------------------------------------------
    def relabel(self, lang: str) -> None:
        presented = self._graded.presented if self._graded else self.session.current()
        right, total = self.score
        stats = profile_stats(self.session.progress, self._bank, _now())
        standing = f"{t('quiz_score', lang, right=right, total=total)}  ·  {t('quiz_due', lang, due=stats.due, new=stats.new_left_today)}"
        status = [standing]
        if presented is not None:
            q = presented.question
            i = len(self.session.results) + (0 if self._graded else 1)
            tags = ", ".join(tag_label(tag, lang) for tag in q.tags)
            status.insert(0, f"{t('quiz_progress', lang, i=i, n=len(self.session.items))} · {say(f'quiz.kind_{q.kind}', lang)} · {tags}")
            self.query_one("#quiz-question", Static).update(q.text.get(lang))
            self._draw_options(lang)
            hint = "quiz_keys_next" if self._graded else ("quiz_keys_multi" if q.kind == "multi" else "quiz_keys_single")
        else:
            for row in self.query(OptionRow):
                row.display = False
            self.query_one("#quiz-question", Static).update(self._summary_markdown(lang) if self.session.results else t("quiz_empty", lang))
            hint = "quiz_keys_done"
        self.query_one("#quiz-status", Static).update("\n".join(status + ([self._notice] if self._notice else [])))
        self.query_one("#quiz-hint", Static).update(t(hint, lang))
        if self._graded:
            self.query_one("#quiz-feedback", Markdown).update(self._feedback_markdown(self._graded, lang))

    def _draw_options(self, lang: str) -> None:
        presented = self._graded.presented if self._graded else self.session.current()
        if presented is None:
            return
        answer = set(presented.question.answer)
        for row in self.query(OptionRow):
            row.display = row.index < len(presented.options)
            if not row.display:
                continue
            option = presented.options[row.index]
            row.update(f"{presented.letters[row.index]}. {option.text.get(lang)}")
            row.set_class(row.index in self._chosen, "chosen")
            row.set_class(row.index == self._cursor and not self._graded, "cursor")
            row.set_class(bool(self._graded) and option.id in answer, "right")
            row.set_class(bool(self._graded) and row.index in self._chosen and option.id not in answer, "wrong")

    def _feedback_markdown(self, graded: Graded, lang: str) -> str:
        head = say("quiz.right", lang) if graded.correct else say("quiz.wrong", lang, answer=graded.presented.answer_letters)
        lines = [f"**{head}**", ""]
        for note in graded.notes():
            # The blank line makes the explanation its own paragraph of the item, not a run-on of the option.
            lines += [f"- **{note.letter}.** {note.option.text.get(lang)} *({say('quiz.' + note.role, lang)})*", "", f"  {note.option.explain.get(lang)}", ""]
        return "\n".join(lines)

    def _summary_markdown(self, lang: str) -> str:
        summary = self.session.summary()
        lines = [say("quiz.summary", lang, right=summary.right, total=summary.total), *per_tag_lines(summary.per_tag, lang)]
        if summary.weakest:
            lines.append(say("quiz.weakest", lang, tags=", ".join(tag_label(x, lang) for x in summary.weakest)))
        if summary.review:
            lines.append(say("quiz.review", lang) + " " + ", ".join(self.kb.causes[c].name.get(lang) for c in summary.review if c in self.kb.causes))
        if summary.all_right:
            lines.append(say("quiz.all_right", lang))
        return "\n".join(lines)

    # --- actions -------------------------------------------------------------------------
    def action_pick(self, index: int) -> None:
        presented = self.session.current()
        if self._graded or presented is None or index >= len(presented.options):
            return
        self._cursor = index
        if presented.question.kind == "multi":
            self._chosen ^= {index}
            self._draw_options(self.lang)
        else:
            self._chosen = {index}
            self._answer()

    def action_scroll(self, where: str) -> None:
        """Scroll the page (the explanations can be longer than the screen)."""
        page = self.query_one(Page)
        {"page_up": page.scroll_page_up, "page_down": page.scroll_page_down, "home": page.scroll_home, "end": page.scroll_end}[where]()

    def action_move(self, step: int) -> None:
        """Move the option cursor; once answered, scroll the explanations a line instead."""
        presented = self.session.current()
        if self._graded or presented is None:
            page = self.query_one(Page)
            (page.scroll_down if step > 0 else page.scroll_up)()
        elif presented is not None:
            self._cursor = (self._cursor + step) % len(presented.options)
            self._draw_options(self.lang)

    def action_toggle_option(self) -> None:
        self.action_pick(self._cursor)

    def action_submit(self) -> None:
        if self._graded:
            self._graded, self._chosen, self._cursor = None, set(), 0
            self._show_question()
        elif self.session.current() is not None and self._chosen:
            self._answer()

    def action_restart(self) -> None:
        self._start(due_first=True)

    def action_open_entry(self) -> None:
        graded = self._graded or (self.session.results[-1] if self.session.results else None)
        causes = [c for c in (graded.question.causes if graded else []) if c in self.kb.causes]
        if causes:
            self.post_message(OpenEntry(causes[0]))

    def on_option_row_clicked(self, event: OptionRow.Clicked) -> None:
        self.action_pick(event.index)

    def _answer(self) -> None:
        presented = self.session.current()
        if presented is None:
            return
        chosen = frozenset(presented.options[i].id for i in self._chosen)
        self._graded = self.session.answer(chosen, _now())
        try:
            save_progress(self.session.progress)
        except OSError as exc:
            self.notify(str(exc), severity="error")
        self._keep_position()
        self.relabel(self.lang)
