"""Readable text for a diagnosis (rich): ranked causes with level, why-chains, fixes and notices."""

from __future__ import annotations

from rich.console import Console
from rich.tree import Tree

from losshelp.engine.result import Diagnosis, Reason
from losshelp.kb import KnowledgeBase, default_kb
from losshelp.present import say
from losshelp.present.labels import facts_text
from losshelp.present.styles import DIAGNOSIS_STYLE, LEVEL_STYLE


def _add_reason(node: Tree, reason: Reason, kb: KnowledgeBase, lang: str, step: bool = False) -> None:
    """A reason says in words whether it counts for or against the cause (not only by colour);
    a step of its chain says which rule derived the fact it matched."""
    if step:
        head = say("diagnose.via", lang)
    elif reason.weight >= 0:
        head = f"{say('diagnose.because', lang)} ([green]{reason.weight:+.2f}[/])"
    else:
        head = f"{say('diagnose.against', lang)} ([red]{reason.weight:+.2f}[/])"
    branch = node.add(f"{head}: {reason.text(kb, lang)} [dim]({facts_text(reason.facts)})[/]")
    for via in reason.via:
        _add_reason(branch, via, kb, lang, step=True)


def verdict_line(result: Diagnosis, lang: str) -> str:
    """The verdict in one line, said first in every report."""
    return say(f"diagnose.verdict_{result.verdict}", lang, style=DIAGNOSIS_STYLE[result.verdict])


def print_diagnosis(result: Diagnosis, lang: str, top: int, console: Console | None = None, hide_unlikely: bool = False, show_verdict: bool = True) -> None:
    """Print the verdict, the facts, the engine's notices and the `top` best causes (those not
    `unlikely`, with `hide_unlikely`), each with its reasons (and their chains) and its fixes."""
    console = console or Console()
    kb = default_kb()
    if show_verdict:
        console.print(verdict_line(result, lang))
    if result.facts:
        console.print(f"[bold]{say('diagnose.facts', lang)}:[/] " + facts_text(result.facts))
    for notice in result.notices:
        console.print(f"[bold magenta]{say('diagnose.notice', lang)}:[/] {notice.text(kb, lang)}")
    shown = [c for c in result.causes if not (hide_unlikely and c.level == "unlikely")][:top]
    if not shown:
        console.print(say("diagnose.none", lang))
        return
    for rank, cause in enumerate(shown, 1):
        name = kb.causes[cause.id].name.get(lang) if cause.id in kb.causes else cause.id
        tree = Tree(f"[bold]{rank}. {name}[/] [dim]{cause.id}[/]  [{LEVEL_STYLE[cause.level]}]{say('diagnose.level_' + cause.level, lang)}[/] "
                    f"({cause.score:+.2f})")
        why = tree.add(f"[bold]{say('diagnose.why', lang)}[/]")
        for reason in cause.because:
            _add_reason(why, reason, kb, lang)
        if cause.fixes:
            fixes = tree.add(f"[bold]{say('diagnose.fixes', lang)}[/]")
            for fix in cause.fixes:
                title = kb.fixes[fix].title.get(lang) if fix in kb.fixes else fix
                fixes.add(f"{title} [dim]({fix})[/]")
        console.print(tree)
