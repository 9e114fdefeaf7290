"""Readable text for a diagnosis (rich): ranked causes with level, why-chains, fixes and notices."""

from __future__ import annotations

from rich.console import Console
from rich.tree import Tree

from losshelp.engine.result import Diagnosis, Reason
from losshelp.kb import KnowledgeBase, default_kb

STYLE = {"likely": "bold red", "possible": "yellow", "unlikely": "dim"}
VERDICT = {
    "en": {"healthy": "[bold green]Verdict: the run trains normally[/] (measured, nothing abnormal, no likely cause).",
           "problem": "[bold red]Verdict: a problem[/] (a likely cause, or an abnormal measurement a cause rests on).",
           "unclear": "[bold yellow]Verdict: unclear[/] (no likely cause, but not enough measured or something unexplained)."},
    "zh": {"healthy": "[bold green]结论：训练正常[/]（已测量，无异常，无很可能的原因）。",
           "problem": "[bold red]结论：存在问题[/]（有很可能的原因，或某个原因所依据的测量异常）。",
           "unclear": "[bold yellow]结论：不确定[/]（没有很可能的原因，但测量不足或有无法解释的异常）。"},
}
WORDS = {
    "en": {"likely": "likely", "possible": "possible", "unlikely": "unlikely", "why": "why", "fixes": "fixes", "none": "No cause is supported by any evidence yet: state more facts.", "facts": "Facts", "notice": "Notice", "because": "because", "against": "against", "via": "from"},
    "zh": {"likely": "很可能", "possible": "可能", "unlikely": "不太可能", "why": "原因", "fixes": "解决办法", "none": "目前没有任何原因得到证据支持：请提供更多事实。", "facts": "事实", "notice": "提示", "because": "依据", "against": "反证", "via": "来自"},
}


def _facts_text(facts: dict) -> str:
    """`fact=value, ...`, numbers without trailing zeros."""
    return ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in facts.items())


def _add_reason(node: Tree, reason: Reason, kb: KnowledgeBase, lang: str, step: bool = False) -> None:
    """A reason says in words whether it counts for or against the cause (not only by colour);
    a step of its chain says which rule derived the fact it matched."""
    words = WORDS.get(lang, WORDS["en"])
    if step:
        head = words["via"]
    elif reason.weight >= 0:
        head = f"{words['because']} ([green]{reason.weight:+.2f}[/])"
    else:
        head = f"{words['against']} ([red]{reason.weight:+.2f}[/])"
    branch = node.add(f"{head}: {reason.text(kb, lang)} [dim]({_facts_text(reason.facts)})[/]")
    for via in reason.via:
        _add_reason(branch, via, kb, lang, step=True)


def verdict_line(result: Diagnosis, lang: str) -> str:
    """The verdict in one line, said first in every report."""
    return VERDICT.get(lang, VERDICT["en"])[result.verdict]


def print_diagnosis(result: Diagnosis, lang: str, top: int, console: Console | None = None, hide_unlikely: bool = False, show_verdict: bool = True) -> None:
    """Print the verdict, the facts, the engine's notices and the `top` best causes (those not
    `unlikely`, with `hide_unlikely`), each with its reasons (and their chains) and its fixes."""
    console = console or Console()
    kb = default_kb()
    words = WORDS.get(lang, WORDS["en"])
    if show_verdict:
        console.print(verdict_line(result, lang))
    if result.facts:
        console.print(f"[bold]{words['facts']}:[/] " + _facts_text(result.facts))
    for notice in result.notices:
        console.print(f"[bold magenta]{words['notice']}:[/] {notice.text(kb, lang)}")
    shown = [c for c in result.causes if not (hide_unlikely and c.level == "unlikely")][:top]
    if not shown:
        console.print(words["none"])
        return
    for rank, cause in enumerate(shown, 1):
        name = kb.causes[cause.id].name.get(lang) if cause.id in kb.causes else cause.id
        tree = Tree(f"[bold]{rank}. {name}[/] [dim]{cause.id}[/]  [{STYLE[cause.level]}]{words[cause.level]}[/] ({cause.score:+.2f})")
        why = tree.add(f"[bold]{words['why']}[/]")
        for reason in cause.because:
            _add_reason(why, reason, kb, lang)
        if cause.fixes:
            fixes = tree.add(f"[bold]{words['fixes']}[/]")
            for fix in cause.fixes:
                title = kb.fixes[fix].title.get(lang) if fix in kb.fixes else fix
                fixes.add(f"{title} [dim]({fix})[/]")
        console.print(tree)
