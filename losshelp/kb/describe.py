"""One knowledge-base entry as Markdown, in Chinese or English.

Shared by `losshelp kb show` (printed) and the terminal app's knowledge browser (a Markdown
widget), so both say the same thing the same way.
"""

from __future__ import annotations

from losshelp.kb.loader import Entry, KnowledgeBase, entry_key
from losshelp.kb.models import Cause, Computed, Condition, Fix, Question, Reference, Rule, Source, Symptom
from losshelp.present import say


def _h(key: str, lang: str) -> str:
    return say(f"kb.{key}", lang)


def fix_markdown(fix: Fix, lang: str, level: int = 3) -> list[str]:
    """A fix: its title, numbered steps and snippet."""
    lines = [f"{'#' * level} {fix.title.get(lang)} `{fix.id}`", ""]
    lines += [f"{i}. {step.get(lang)}" for i, step in enumerate(fix.steps, 1)]
    if fix.snippet:
        lines += ["", "```python", fix.snippet.rstrip(), "```"]
    return lines + [""]


def _cause(kb: KnowledgeBase, cause: Cause, lang: str) -> list[str]:
    lines = [f"*{cause.category}*", "", cause.description.get(lang), "", f"## {_h('confirm', lang)}", ""]
    if cause.confirm.text.get(lang):
        lines += [cause.confirm.text.get(lang), ""]
    if cause.confirm.symptoms:
        lines.append(f"- {_h('symptoms', lang)}: " + ", ".join(f"`{s}`" for s in cause.confirm.symptoms))
    if cause.confirm.probes:
        lines.append(f"- {_h('probes', lang)}: " + ", ".join(f"`{p}`" for p in cause.confirm.probes))
    lines += ["", f"## {_h('fixes', lang)}", ""]
    for fix_id in cause.fixes:
        if fix_id in kb.fixes:
            lines += fix_markdown(kb.fixes[fix_id], lang)
    return lines


def _symptom(symptom: Symptom, lang: str) -> list[str]:
    lines = [f"*{symptom.kind}*", "", f"## {_h('answers', lang)}", ""]
    for value in symptom.answers:
        label = symptom.label(value, lang)
        lines.append(f"- `{value}`" + (f": {label}" if label else ""))
    if symptom.kind == "number":
        lines.append(f"- {symptom.unit or _h('number', lang)}")
    if symptom.probe:
        lines += ["", f"{_h('probe', lang)}: `{symptom.probe}`"]
    return lines


def _condition(condition: Condition) -> str:
    for key, word in (("is_", "="), ("in_", "in"), ("not_", "≠"), ("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
        value = getattr(condition, key)
        if value is not None:
            return f"`{condition.fact}` {word} `{value}`"
    return f"`{condition.fact}`"


def _rule(rule: Rule, lang: str) -> list[str]:
    lines = [f"## {_h('when', lang)}", ""]
    lines += [f"- {_condition(c)}" for c in rule.when]
    lines += ["", f"## {_h('then', lang)}", ""]
    lines += [f"- `{t.cause}` {t.weight:+.2f}" if t.cause else f"- `{t.fact}` = `{t.value}`" for t in rule.then]
    return lines


def _question(question: Question, lang: str) -> list[str]:
    lines = [question.text.get(lang), ""]
    for option in question.options:
        mark = "✔" if option.id in question.answer else "✘"
        lines += [f"- **{option.id}.** {option.text.get(lang)} {mark}", f"  {option.explain.get(lang)}"]
    return lines + ["", say("kb.question_tags", lang, tags=", ".join(question.tags), difficulty=question.difficulty)]


def _source(source: Source, lang: str) -> list[str]:
    return [f"- `#{s.id}`: {s.title.get(lang)}" for s in source.sections]


def _reference(reference: Reference) -> list[str]:
    return [f"{reference.authors} ({reference.year})", "", f"<{reference.url}>"]


def _computed(computed: Computed) -> list[str]:
    return [f"`{computed.id}` = {computed.op}({', '.join(f'`{a}`' for a in computed.args)})"]


def title_of(item: object, lang: str) -> str:
    """The entry's human title: a name, title, question or text, whichever it has (a reference's title is one string)."""
    for attr in ("name", "title", "question", "text", "because"):
        text = getattr(item, attr, None)
        if isinstance(text, str):
            return text
        if text is not None:
            return text.get(lang)
    return ""


def describe(kb: KnowledgeBase, entry: Entry, lang: str) -> str:
    """The entry as a Markdown document in `lang`, ending with its source citations."""
    item = entry.item
    if isinstance(item, Cause):
        body = _cause(kb, item, lang)
    elif isinstance(item, Fix):
        body = fix_markdown(item, lang, level=2)[2:]
    elif isinstance(item, Symptom):
        body = _symptom(item, lang)
    elif isinstance(item, Rule):
        body = _rule(item, lang)
    elif isinstance(item, Question):
        body = _question(item, lang)
    elif isinstance(item, Reference):
        body = _reference(item)
    elif isinstance(item, Computed):
        body = _computed(item)
    else:
        body = _source(item, lang)
    head = [f"# {title_of(item, lang)}", "", f"`{entry_key(item)}` · {entry.kind} · {entry.path.name}:{entry.line}", ""]
    cites = getattr(item, "sources", [])
    tail = ["", f"## {_h('sources', lang)}", ""] + [f"- {c}" for c in cites] if cites else []
    return "\n".join(head + body + tail).rstrip() + "\n"
