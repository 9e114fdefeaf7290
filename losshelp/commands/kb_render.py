"""Plain-text rendering of one knowledge-base entry for `losshelp kb show`."""

from __future__ import annotations

import textwrap

from losshelp.kb.loader import Entry, KnowledgeBase
from losshelp.kb.models import Cause, Fix, Question, Rule, Source, Symptom

WIDTH = 88


def _para(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _fix_lines(fix: Fix, lang: str) -> list[str]:
    lines = [f"  - {fix.title.get(lang)}  [{fix.id}]"]
    lines += [_para(f"{i}. {step.get(lang)}", "      ") for i, step in enumerate(fix.steps, 1)]
    if fix.snippet:
        lines.append(textwrap.indent(fix.snippet.rstrip(), "      | "))
    return lines


def _cause(kb: KnowledgeBase, cause: Cause, lang: str) -> list[str]:
    lines = [f"{cause.name.get(lang)}  ({cause.category})", "", _para(cause.description.get(lang)), ""]
    lines.append("confirm:" if lang == "en" else "如何确认：")
    if cause.confirm.text.get(lang):
        lines.append(_para(cause.confirm.text.get(lang)))
    if cause.confirm.symptoms:
        lines.append(f"  symptoms: {', '.join(cause.confirm.symptoms)}")
    if cause.confirm.probes:
        lines.append(f"  probes: {', '.join(cause.confirm.probes)}")
    lines += ["", "fixes:" if lang == "en" else "解决办法："]
    for fix_id in cause.fixes:
        if fix_id in kb.fixes:
            lines += _fix_lines(kb.fixes[fix_id], lang)
    return lines


def _symptom(symptom: Symptom, lang: str) -> list[str]:
    lines = [symptom.question.get(lang), f"  kind: {symptom.kind}"]
    for value in symptom.answers:
        label = symptom.labels.get(value)
        lines.append(f"  - {value}" + (f": {label.get(lang)}" if label else ""))
    if symptom.probe:
        lines.append(f"  measured by probe: {symptom.probe}")
    return lines


def _rule(rule: Rule, lang: str) -> list[str]:
    lines = [rule.because.get(lang), "  when:"]
    for c in rule.when:
        test = next(f"{k.rstrip('_')} {getattr(c, k)}" for k in ("is_", "in_", "not_", "gt", "ge", "lt", "le") if getattr(c, k) is not None)
        lines.append(f"    {c.fact} {test}")
    lines.append("  then:")
    for t in rule.then:
        lines.append(f"    cause {t.cause} weight {t.weight:+.2f}" if t.cause else f"    fact {t.fact} = {t.value}")
    return lines


def _question(question: Question, lang: str) -> list[str]:
    lines = [_para(question.text.get(lang), ""), ""]
    for option in question.options:
        mark = "*" if option.id in question.answer else " "
        lines.append(f" {mark} {option.id}. {option.text.get(lang)}")
        lines.append(_para(option.explain.get(lang), "      "))
    lines.append(f"  tags: {', '.join(question.tags)}   difficulty: {question.difficulty}")
    return lines


def _source(source: Source, lang: str) -> list[str]:
    return [source.title.get(lang)] + [f"  #{s.id}: {s.title.get(lang)}" for s in source.sections]


def render_entry(kb: KnowledgeBase, entry: Entry, lang: str) -> str:
    """The entry as readable text in `lang`, headed by its id and where it is defined."""
    item = entry.item
    if isinstance(item, Cause):
        body = _cause(kb, item, lang)
    elif isinstance(item, Fix):
        body = _fix_lines(item, lang)
    elif isinstance(item, Symptom):
        body = _symptom(item, lang)
    elif isinstance(item, Rule):
        body = _rule(item, lang)
    elif isinstance(item, Question):
        body = _question(item, lang)
    else:
        body = _source(item, lang)
    head = f"[{entry.collection[:-1]}] {getattr(item, 'id', getattr(item, 'file', ''))}   ({entry.path.name}:{entry.line})"
    cites = getattr(item, "sources", [])
    tail = ["", "sources:" if lang == "en" else "出处："] + [f"  {c}" for c in cites] if cites else []
    return "\n".join([head, ""] + body + tail)
