"""Markdown for a diagnosis: the whole document (the wizard saves it, the probe screen shows it) and one cause (the wizard's why panel)."""

from __future__ import annotations

from losshelp.engine.result import Diagnosis, RankedCause, Reason
from losshelp.kb.describe import fix_markdown
from losshelp.kb.loader import KnowledgeBase
from losshelp.present import say
from losshelp.present.labels import fact_label, value_text
from losshelp.tui.i18n import t


def reason_lines(kb: KnowledgeBase, reason: Reason, lang: str, depth: int = 0) -> list[str]:
    """One reason and, indented under it, the rules that derived the facts it matched."""
    lines = [f"{'  ' * depth}- {reason.text(kb, lang)} ({reason.weight:+.2f})"]
    for step in reason.via:
        lines += reason_lines(kb, step, lang, depth + 1)
    return lines


def fact_lines(kb: KnowledgeBase, facts: dict, lang: str) -> list[str]:
    """`- question: answer` for each stated or measured fact."""
    lines = []
    for fact, value in facts.items():
        lines.append(f"- {fact_label(kb, fact, lang) or fact} **{value_text(kb, fact, value, lang)}**")
    return lines


def cause_markdown(kb: KnowledgeBase, cause: RankedCause, lang: str, level: int = 2) -> list[str]:
    """One ranked cause: a heading with its level and score, its why-chain, then its fixes a level deeper."""
    lines = [f"{'#' * level} {kb.causes[cause.id].name.get(lang)} · {say('diagnose.level_' + cause.level, lang)} ({cause.score:+.2f})", ""]
    lines += [line for reason in cause.because for line in reason_lines(kb, reason, lang)] or [t("wiz_nothing_yet", lang)]
    for fix_id in cause.fixes:
        if fix_id in kb.fixes:
            lines += [""] + fix_markdown(kb.fixes[fix_id], lang, level=level + 1, plain=True)
    return lines


def diagnosis_markdown(kb: KnowledgeBase, diagnosis: Diagnosis, lang: str, top: int = 5) -> str:
    """The top causes with their level, score, why-chain and fixes, then the facts behind them."""
    lines = [f"# {t('wiz_title', lang)}"]
    for cause in diagnosis.causes[:top]:
        lines += [""] + cause_markdown(kb, cause, lang)
    lines += ["", f"## {say('diagnose.facts', lang)}", ""] + fact_lines(kb, diagnosis.facts, lang)
    return "\n".join(lines).rstrip() + "\n"
