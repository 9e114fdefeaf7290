"""Markdown for a diagnosis: the whole document (the wizard saves it, the probe screen shows it) and one cause (the wizard's why panel)."""

from __future__ import annotations

from losshelp.engine.result import Diagnosis, RankedCause, Reason
from losshelp.kb.describe import fix_markdown
from losshelp.kb.loader import KnowledgeBase
from losshelp.tui.i18n import t


def reason_lines(kb: KnowledgeBase, reason: Reason, lang: str, depth: int = 0) -> list[str]:
    """One reason and, indented under it, the rules that derived the facts it matched."""
    lines = [f"{'  ' * depth}- {reason.text(kb, lang)} ({reason.weight:+.2f})"]
    for step in reason.via:
        lines += reason_lines(kb, step, lang, depth + 1)
    return lines


def number_text(value: object) -> str:
    """A measured or stated value as a person writes it: 30 not 30.0, 0.05, 1e-05; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def fact_lines(kb: KnowledgeBase, facts: dict, lang: str) -> list[str]:
    """`- question: answer` for each stated or measured fact."""
    lines = []
    for fact, value in facts.items():
        symptom = kb.symptoms.get(fact)
        shown = (symptom.label(value, lang) if symptom else None) or number_text(value)
        lines.append(f"- {symptom.question.get(lang) if symptom else fact} **{shown}**")
    return lines


def cause_markdown(kb: KnowledgeBase, cause: RankedCause, lang: str, level: int = 2) -> list[str]:
    """One ranked cause: a heading with its level and score, its why-chain, then its fixes a level deeper."""
    lines = [f"{'#' * level} {kb.causes[cause.id].name.get(lang)} · {t('level_' + cause.level, lang)} ({cause.score:+.2f})", ""]
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
    lines += ["", f"## {t('wiz_facts', lang)}", ""] + fact_lines(kb, diagnosis.facts, lang)
    return "\n".join(lines).rstrip() + "\n"
