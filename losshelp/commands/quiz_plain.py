"""The quiz's line mode: prints questions, reads answers line by line, prints feedback and a summary.

Works in any terminal and from a script (answers on stdin, one per line). Presentation only:
picking, grading, scheduling and scoring are `losshelp.quiz`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import IO

from losshelp.kb.loader import KnowledgeBase
from losshelp.present import say
from losshelp.quiz import Graded, Presented, Session, Stats, Summary, tag_label
from losshelp.quiz.messages import per_tag_lines

STOP = {"q", "quit", "exit"}


def _tags(tags: list[str] | tuple[str, ...], lang: str) -> str:
    return ", ".join(tag_label(t, lang) for t in tags)


def question_block(presented: Presented, i: int, n: int, lang: str) -> str:
    """The header, the question and its lettered options."""
    q = presented.question
    head = say("quiz.header", lang, i=i, n=n, kind=say(f"quiz.kind_{q.kind}", lang), tags=_tags(q.tags, lang), difficulty=q.difficulty)
    options = [f"  {presented.letter_of(o.id)}. {o.text.get(lang)}" for o in presented.options]
    return "\n".join(["", head, q.text.get(lang), *options])


def feedback_block(graded: Graded, lang: str) -> str:
    """Right or wrong, then the chosen and the right options with why, then the KB entries to read."""
    lines = [say("quiz.right", lang) if graded.correct else say("quiz.wrong", lang, answer=graded.presented.answer_letters)]
    for note in graded.notes():
        lines.append(f"  {note.letter}. [{say('quiz.' + note.role, lang)}] {note.option.text.get(lang)}")
        lines.append(f"     {note.option.explain.get(lang)}")
    if not graded.correct and graded.question.causes:
        commands = ", ".join(f"losshelp kb show {c}" for c in graded.question.causes)
        lines.append(say("quiz.read_more", lang, commands=commands))
    return "\n".join(lines)


def summary_block(summary: Summary, kb: KnowledgeBase, lang: str) -> str:
    """Score, score per topic, weakest topics, and the causes to review with their names."""
    lines = ["", say("quiz.summary", lang, right=summary.right, total=summary.total), *per_tag_lines(summary.per_tag, lang)]
    if summary.weakest:
        lines.append(say("quiz.weakest", lang, tags=_tags(summary.weakest, lang)))
    if summary.review:
        lines.append(say("quiz.review", lang))
        for cause in summary.review:
            name = kb.causes[cause].name.get(lang) if cause in kb.causes else cause
            lines.append(f"  losshelp kb show {cause}   ({name})")
    if summary.all_right:
        lines.append(say("quiz.all_right", lang))
    return "\n".join(lines)


def stats_block(stats: Stats, lang: str) -> str:
    """`losshelp quiz stats` as text."""
    next_due = stats.next_due.astimezone().strftime("%Y-%m-%d %H:%M") if stats.next_due else say("quiz.none", lang)
    lines = [
        say("quiz.stats", lang, **{k: getattr(stats, k) for k in ("profile", "seen", "questions", "due", "new_left_today", "new_per_day")}),
        say("quiz.stats_answers", lang, right=stats.right, wrong=stats.wrong, next_due=next_due),
        *per_tag_lines(stats.per_tag, lang),
    ]
    return "\n".join(lines)


def _ask(presented: Presented, stdin: IO[str], out: Callable[..., None], lang: str) -> frozenset[str] | None:
    """Read lines until one is a valid answer; None when the user stops or input ends."""
    while True:
        out(say("quiz.prompt", lang), end="", flush=True)
        line = stdin.readline()
        if not line or line.strip().lower() in STOP:
            out()
            return None
        try:
            return presented.parse(line)
        except ValueError as exc:
            out(f"  {exc}")


def run_plain(
    session: Session,
    kb: KnowledgeBase,
    lang: str,
    stdin: IO[str],
    save: Callable[[Session], None],
    out: Callable[..., None] = print,
) -> Summary:
    """Ask every question of `session`, saving after each answer; return the summary it printed."""
    out(say("quiz.start", lang, profile=session.progress.profile, n=len(session.items)))
    while (presented := session.current()) is not None:
        out(question_block(presented, len(session.results) + 1, len(session.items), lang))
        chosen = _ask(presented, stdin, out, lang)
        if chosen is None:
            break
        graded = session.answer(chosen, datetime.now(timezone.utc))
        save(session)
        out(feedback_block(graded, lang))
    summary = session.summary()
    out(summary_block(summary, kb, lang))
    return summary
