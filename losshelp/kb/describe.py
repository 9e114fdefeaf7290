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


def fix_markdown(fix: Fix, lang: str, level: int = 3, plain: bool = False) -> list[str]:
    """A fix: its title (and id, unless `plain`), numbered steps and snippet."""
    lines = [f"{'#' * level} {fix.title.get(lang)}" + ("" if plain else f" `{fix.id}`"), ""]
    lines += [f"{i}. {step.get(lang)}" for i, step in enumerate(fix.steps, 1)]
    if fix.snippet:
        lines += ["", "```python", fix.snippet.rstrip(), "```"]
    return lines + [""]


def _cause(kb: KnowledgeBase, cause: Cause, lang: str, plain: bool = False) -> list[str]:
    # The app (plain) leaves out the category, an English code.
    lines = ([] if plain else [f"*{cause.category}*", ""]) + [cause.description.get(lang), "", f"## {_h('confirm', lang)}", ""]
    if cause.confirm.text.get(lang):
        lines += [cause.confirm.text.get(lang), ""]
    if cause.confirm.symptoms:
        named = (kb.symptoms[s].question.get(lang) if plain and s in kb.symptoms else f"`{s}`" for s in cause.confirm.symptoms)
        lines.append(f"- {_h('symptoms', lang)}: " + ", ".join(named))
    if cause.confirm.probes:
        lines.append(f"- {_h('probes', lang)}: " + ", ".join(f"`{p}`" for p in cause.confirm.probes))
    lines += ["", f"## {_h('fixes', lang)}", ""]
    for fix_id in cause.fixes:
        if fix_id in kb.fixes:
            lines += fix_markdown(kb.fixes[fix_id], lang, plain=plain)
    return lines


def _symptom(symptom: Symptom, lang: str, plain: bool = False) -> list[str]:
    lines = ([] if plain else [f"*{symptom.kind}*", ""]) + [f"## {_h('answers', lang)}", ""]  # the app leaves out this English code
    for value in symptom.answers:
        label = symptom.label(value, lang)
        lines.append(f"- {label}" if plain and label else f"- `{value}`" + (f": {label}" if label else ""))
    if symptom.kind == "number":
        lines.append(f"- {symptom.unit or _h('number', lang)}")
    if symptom.probe:
        lines += ["", f"{_h('probe', lang)}: `{symptom.probe}`"]
    return lines


def _value_words(symptom: Symptom | None, value: object, lang: str) -> str:
    """A condition's value as a person reads it: the answer's label, 20 rather than 20.0."""
    if isinstance(value, list):
        return ", ".join(_value_words(symptom, v, lang) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return (symptom.label(value, lang) if symptom else None) or str(value)


def _condition(condition: Condition, kb: KnowledgeBase | None = None, lang: str = "en") -> str:
    """`fact` op `value`; given `kb`, the fact as its question and the value in words."""
    symptom = kb.symptoms.get(condition.fact) if kb else None
    name = symptom.question.get(lang) if symptom else f"`{condition.fact}`"
    for key, word in (("is_", "="), ("in_", "in"), ("not_", "≠"), ("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤")):
        value = getattr(condition, key)
        if value is not None:
            return f"{name} {word} **{_value_words(symptom, value, lang)}**" if kb else f"`{condition.fact}` {word} `{value}`"
    return name


def _rule(rule: Rule, lang: str, kb: KnowledgeBase | None = None) -> list[str]:
    lines = [f"## {_h('when', lang)}", ""]
    lines += [f"- {_condition(c, kb, lang)}" for c in rule.when]
    lines += ["", f"## {_h('then', lang)}", ""]
    if kb is None:
        lines += [f"- `{t.cause}` {t.weight:+.2f}" if t.cause else f"- `{t.fact}` = `{t.value}`" for t in rule.then]
        return lines
    for then in rule.then:
        if then.cause:
            cause = kb.causes.get(then.cause)
            lines.append(f"- {cause.name.get(lang) if cause else then.cause} {then.weight:+.2f}")
        else:
            symptom = kb.symptoms.get(then.fact or "")
            lines.append(f"- {symptom.question.get(lang) if symptom else f'`{then.fact}`'} = **{_value_words(symptom, then.value, lang)}**")
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


def citation_text(kb: KnowledgeBase, citation: str, lang: str) -> str:
    """`FILE#SECTION` as the source's title and the section's, `ref:ID` as the reference's title; as written when unknown."""
    file, _, section = citation.partition("#")
    reference = kb.references.get(file.removeprefix("ref:")) if file.startswith("ref:") else None
    if reference is not None:
        return f"{reference.title} ({reference.authors}, {reference.year})"
    source = kb.sources.get(file)
    if source is None:
        return citation
    titles = {s.id: s.title.get(lang) for s in source.sections}
    return source.title.get(lang) + (f" › {titles.get(section, section)}" if section else "")


def title_of(item: object, lang: str) -> str:
    """The entry's human title: a name, title, question or text, whichever it has (a reference's title is one string)."""
    for attr in ("name", "title", "question", "text", "because"):
        text = getattr(item, attr, None)
        if text is not None:
            return text if isinstance(text, str) else text.get(lang)
    return ""


def describe(kb: KnowledgeBase, entry: Entry, lang: str, plain: bool = False) -> str:
    """The entry as a Markdown document in `lang`, ending with its source citations. `plain` (the app)
    names things in words: no file locations, sources by title, the id once in a last muted line."""
    item = entry.item
    if isinstance(item, Cause):
        body = _cause(kb, item, lang, plain)
    elif isinstance(item, Fix):
        body = fix_markdown(item, lang, level=2)[2:]
    elif isinstance(item, Symptom):
        body = _symptom(item, lang, plain)
    elif isinstance(item, Rule):
        body = _rule(item, lang, kb if plain else None)
    elif isinstance(item, Question):
        body = _question(item, lang)
    elif isinstance(item, Source):
        body = _source(item, lang) if not plain else [f"- {s.title.get(lang)}" for s in item.sections]
    elif isinstance(item, Reference):
        body = _reference(item)
    elif isinstance(item, Computed):
        body = _computed(item)
    else:
        body = []
    head = [f"# {title_of(item, lang)}", ""]
    if not plain:
        head += [f"`{entry_key(item)}` · {entry.kind} · {entry.path.name}:{entry.line}", ""]
    cites = getattr(item, "sources", [])
    tail = ["", f"## {_h('sources', lang)}", ""] + [f"- {citation_text(kb, c, lang) if plain else c}" for c in cites] if cites else []
    if plain:
        tail += ["", say("kb.show_command", lang, id=entry_key(item))]
    return "\n".join(head + body + tail).rstrip() + "\n"
