"""The line-mode wizard of `losshelp diagnose`: one question at a time, numbered answers.

Keys: a number picks an answer, `u` = unknown, `?` = why this question, `b` = back, `q` = quit
and show the result. A number fact may also be typed as a number.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from losshelp.commands.diagnose_view import print_diagnosis
from losshelp.engine import Ask, FactError, WizardSession
from losshelp.present import say


def _show_question(console: Console, number: int, ask: Ask, session: WizardSession) -> None:
    console.print(f"\n[bold]{number}. {ask.text}[/]")
    if ask.hint:
        console.print(f"[dim]{ask.hint}[/]")
    for i, (_value, label) in enumerate(ask.choices, 1):
        console.print(f"  {i}) {label}")
    if session.kb.symptoms[ask.fact].bands:
        console.print(f"[dim]{say('diagnose.type_number', session.lang, n=len(ask.choices))}[/]")


def _show_why_ask(console: Console, session: WizardSession, fact: str) -> None:
    why = session.why_ask(fact)
    up, down = say("diagnose.raises", session.lang), say("diagnose.lowers", session.lang)
    console.print(say("diagnose.why_ask", session.lang, bits=why.bits))
    for effect in why.answers:
        raised = ", ".join(f"{c} {d:+.2f}" for c, d in effect.raises) or "-"
        lowered = ", ".join(f"{c} {d:+.2f}" for c, d in effect.lowers) or "-"
        console.print(f"  {effect.label}: {up} {raised}; {down} {lowered}")


def _handle(line: str, ask: Ask, session: WizardSession, console: Console) -> bool:
    """Apply one input line; True when the question is settled (answered, skipped or undone)."""
    if line == "u":
        session.answer_unknown(ask.fact)
        return True
    if line == "?":
        _show_why_ask(console, session, ask.fact)
        return False
    if line == "b":
        session.back()
        return True
    if line.isdigit() and 1 <= int(line) <= len(ask.choices):
        value = ask.choices[int(line) - 1][0]
    elif line.isdigit() and not session.kb.symptoms[ask.fact].bands:
        console.print(f"[red]{say('diagnose.pick', session.lang, n=len(ask.choices))}[/]")
        return False
    else:
        value = line
    try:
        for notice in session.answer(ask.fact, value):
            console.print(f"[magenta]{notice}[/]")
    except FactError as exc:
        console.print(f"[red]{exc}[/]")
        return False
    return True


def _read(read: Callable[[str], str], prompt: str) -> str:
    """One input line, trimmed and lower-cased; end of input counts as quit."""
    try:
        return read(prompt).strip().lower()
    except EOFError:
        return "q"


def run_wizard(session: WizardSession, top: int, read: Callable[[str], str] = input, console: Console | None = None) -> int:
    """Ask until the user quits or no question is worth asking, then print the diagnosis."""
    console = console or Console()
    prompt = say("diagnose.prompt", session.lang)
    while (ask := session.next_question()) is not None:
        _show_question(console, len(session.facts) + len(session.skipped) + 1, ask, session)
        while (line := _read(read, prompt)) != "q":
            if _handle(line, ask, session, console):
                break
        else:
            break
    console.print()
    print_diagnosis(session.diagnosis(), session.lang, top, console)
    return 0
