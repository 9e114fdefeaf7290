"""Completeness checks over a loaded knowledge base: `losshelp kb lint`.

Each check is a small function from the knowledge base to problems; `lint` runs them all so that
one run lists everything that needs fixing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from losshelp.engine.conditions import NUMBER_LIMIT, NUMBER_SCALE
from losshelp.kb.coverage import citation_index, split_citation
from losshelp.kb.loader import Entry, KnowledgeBase, entry_key
from losshelp.kb.models import LANGS, Cause, Computed, Condition, Fix, Question, Reference, Rule, Source, Symptom, Text
from losshelp.kb.search import tokenize
from losshelp.kb.snippets import free_names, undeclared_packages


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the knowledge base, with where it is."""

    where: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.message}"


def _where(entry: Entry) -> str:
    return f"{entry.path.name}:{entry.line}"


def _texts(model: BaseModel, path: str = "") -> Iterator[tuple[str, Text, bool]]:
    """Every Text inside `model`, with its key path and whether the field may be left empty."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{path}.{name}" if path else name
        optional = isinstance(field.default, Text)
        yield from _texts_in(value, key, optional)


def _texts_in(value: object, key: str, optional: bool) -> Iterator[tuple[str, Text, bool]]:
    if isinstance(value, Text):
        yield key, value, optional
    elif isinstance(value, BaseModel):
        yield from _texts(value, key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, f"{key}[{i}]", optional)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _texts_in(item, f"{key}.{k}", optional)


def check_duplicates(kb: KnowledgeBase) -> Iterator[Problem]:
    counts = Counter(entry_key(e.item) for e in kb.entries)
    seen: set[str] = set()
    for entry in kb.entries:
        key = entry_key(entry.item)
        if counts[key] > 1 and key in seen:
            yield Problem(_where(entry), "duplicate id", f"'{key}' is defined more than once")
        seen.add(key)


def check_translations(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        for key, text, optional in _texts(entry.item):
            missing = [lang for lang in LANGS if not getattr(text, lang).strip()]
            if missing and not (optional and len(missing) == len(LANGS)):
                yield Problem(_where(entry), "missing translation", f"{entry_key(entry.item)}: {key} has no {'/'.join(missing)} text")


REFERENCE = "ref:"
"""A citation of a named public reference (`references` collection) rather than a source section."""


def check_sources(kb: KnowledgeBase) -> Iterator[Problem]:
    sections = {(s.file, sec.id) for s in kb.sources.values() for sec in s.sections}
    for entry in kb.entries:
        if isinstance(entry.item, (Source, Reference)):
            continue
        cited = getattr(entry.item, "sources", [])
        if not cited:
            yield Problem(_where(entry), "missing source", f"{entry_key(entry.item)} cites no source document")
        for citation in cited:
            if citation.startswith(REFERENCE):
                if citation.removeprefix(REFERENCE) not in kb.references:
                    yield Problem(_where(entry), "dangling reference", f"{entry_key(entry.item)} cites unknown reference '{citation}'")
            elif split_citation(citation) not in sections:
                yield Problem(_where(entry), "dangling reference", f"{entry_key(entry.item)} cites unknown section '{citation}'")


def check_unused_references(kb: KnowledgeBase) -> Iterator[Problem]:
    cited = {c.removeprefix(REFERENCE) for e in kb.entries for c in getattr(e.item, "sources", []) if c.startswith(REFERENCE)}
    for entry in kb.entries:
        if isinstance(entry.item, Reference) and entry.item.id not in cited:
            yield Problem(_where(entry), "unused reference", f"no entry cites 'ref:{entry.item.id}'")


def check_uncovered_sections(kb: KnowledgeBase) -> Iterator[Problem]:
    index = citation_index(kb)
    for source in kb.sources.values():
        for section in source.sections:
            if not index.get((source.file, section.id)):
                yield Problem(source.file, "uncovered section", f"no entry cites '{source.file}#{section.id}'")


def check_causes(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        cause = entry.item
        if not isinstance(cause, Cause):
            continue
        if not cause.fixes:
            yield Problem(_where(entry), "cause without a fix", f"{cause.id} lists no fix")
        for fix in cause.fixes:
            if fix not in kb.fixes:
                yield Problem(_where(entry), "dangling reference", f"{cause.id} names unknown fix '{fix}'")
        for symptom in cause.confirm.symptoms:
            if symptom not in kb.symptoms:
                yield Problem(_where(entry), "dangling reference", f"{cause.id} confirms by unknown symptom '{symptom}'")


def check_symptom_labels(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        symptom = entry.item
        if not isinstance(symptom, Symptom) or symptom.kind == "yesno":
            continue
        for value in symptom.options:
            if value not in symptom.labels:
                yield Problem(_where(entry), "missing label", f"{symptom.id}: value '{value}' has no label")
        for value in set(symptom.labels) - set(symptom.options):
            yield Problem(_where(entry), "dangling reference", f"{symptom.id}: label for unknown value '{value}'")


def check_fix_snippets(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        fix = entry.item
        if not isinstance(fix, Fix) or not fix.snippet:
            continue
        try:
            compile(fix.snippet, f"<{fix.id}>", "exec")
        except SyntaxError as exc:
            yield Problem(_where(entry), "bad snippet", f"{fix.id}: Python syntax error on snippet line {exc.lineno}: {exc.msg}")
        except (ValueError, MemoryError, RecursionError) as exc:  # null bytes, nesting too deep to compile
            yield Problem(_where(entry), "bad snippet", f"{fix.id}: Python cannot compile the snippet ({type(exc).__name__})")


def snippet_declaration_problems(fix: Fix) -> Iterator[str]:
    """What keeps a fix's snippet from being run as declared: no `needs`, a name it reads that
    `needs` does not declare, a package it imports that `requires` does not list."""
    if not fix.snippet:
        if fix.needs is not None or fix.requires:
            yield f"{fix.id} declares needs or requires but has no snippet"
        return
    try:
        free = free_names(fix.snippet)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return  # reported by check_fix_snippets
    if fix.needs is None:
        yield f"{fix.id}: the snippet declares no 'needs' (use [] when it takes nothing from outside)"
        return
    for name in sorted(free - set(fix.needs)):
        yield f"{fix.id}: the snippet reads '{name}', which 'needs' does not declare"
    for package in sorted(undeclared_packages(fix.snippet, fix.requires)):
        yield f"{fix.id}: the snippet imports '{package}', which is not a dependency and not in 'requires'"


def check_snippet_declarations(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        if isinstance(entry.item, Fix):
            for message in snippet_declaration_problems(entry.item):
                yield Problem(_where(entry), "undeclared snippet", message)


def derived_facts(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Intermediate facts that rules conclude, with the values they take."""
    return {fact: {value for value, _ in made} for fact, made in kb.producers().items()}


def _condition_values(condition: Condition) -> list[str]:
    if condition.in_ is not None:
        return list(condition.in_)
    value = condition.is_ if condition.is_ is not None else condition.not_
    return [value] if isinstance(value, str) else []


def _check_condition(kb: KnowledgeBase, rule: Rule, condition: Condition, derived: dict[str, set[str]]) -> Iterator[str]:
    symptom = kb.symptoms.get(condition.fact)
    if condition.fact in kb.computed:
        if any(getattr(condition, k) is not None for k in ("in_", "not_")) or isinstance(condition.is_, str):
            yield f"{rule.id} compares computed number '{condition.fact}' with a word"
        return
    if symptom is None and condition.fact not in derived:
        yield f"{rule.id} tests unknown fact '{condition.fact}'"
        return
    numeric = condition.comparison is not None or isinstance(condition.is_, float)
    if symptom is not None and (symptom.kind == "number") != numeric:
        yield f"{rule.id} compares '{condition.fact}' ({symptom.kind}) with the wrong kind of value"
    allowed = set(symptom.answers) if symptom is not None else derived[condition.fact]
    for value in _condition_values(condition):
        if symptom is not None and symptom.kind == "number":
            continue
        if value not in allowed and value != "unknown":
            yield f"{rule.id} tests '{condition.fact}' for unknown value '{value}' (valid: {', '.join(sorted(allowed))})"


def check_rules(kb: KnowledgeBase) -> Iterator[Problem]:
    derived = derived_facts(kb)
    for entry in kb.entries:
        rule = entry.item
        if not isinstance(rule, Rule):
            continue
        for condition in rule.when:
            for message in _check_condition(kb, rule, condition, derived):
                yield Problem(_where(entry), "dangling reference", message)
        for conclusion in rule.then:
            if conclusion.cause is not None and conclusion.cause not in kb.causes:
                yield Problem(_where(entry), "dangling reference", f"{rule.id} concludes unknown cause '{conclusion.cause}'")
            if conclusion.fact is not None and conclusion.fact in kb.symptoms:
                yield Problem(_where(entry), "fact clash", f"{rule.id} concludes '{conclusion.fact}', which is a symptom users state")


def check_computed(kb: KnowledgeBase) -> Iterator[Problem]:
    """A computed number takes number facts (stated or computed) and does not shadow a symptom."""
    for entry in kb.entries:
        item = entry.item
        if not isinstance(item, Computed):
            continue
        if item.id in kb.symptoms:
            yield Problem(_where(entry), "fact clash", f"computed '{item.id}' has the name of a symptom")
        for arg in item.args:
            symptom = kb.symptoms.get(arg)
            if arg not in kb.computed and (symptom is None or symptom.kind != "number"):
                yield Problem(_where(entry), "dangling reference", f"computed '{item.id}' takes '{arg}', which is not a number fact")


def check_rule_bounds(kb: KnowledgeBase) -> Iterator[Problem]:
    """A rule's numbers are finite and within what the engine compares exactly (|x| < 9e6, in
    steps of 1e-12): beyond that every bound saturates to the same key, and NaN has none."""
    limit = NUMBER_LIMIT / NUMBER_SCALE
    for entry in kb.entries:
        if not isinstance(entry.item, Rule):
            continue
        for condition in entry.item.when:
            for op in ("gt", "ge", "lt", "le", "is_"):
                bound = getattr(condition, op)
                if isinstance(bound, float) and not (math.isfinite(bound) and abs(bound) < limit):
                    yield Problem(_where(entry), "bad bound",
                                  f"{entry.item.id}: '{condition.fact}' {op.rstrip('_')} {bound:g} "
                                  f"is not a number the engine can compare (finite, |x| < {limit:g})")


def check_not_empty(kb: KnowledgeBase) -> Iterator[Problem]:
    """A knowledge base without symptoms, causes, fixes or rules can diagnose nothing."""
    for collection in ("symptoms", "causes", "fixes", "rules"):
        if not getattr(kb, collection):
            yield Problem("(knowledge base)", "empty knowledge base", f"no {collection} were found")


def used_facts(kb: KnowledgeBase) -> set[str]:
    """Facts that some rule tests, directly or through a computed number it tests."""
    used = {c.fact for r in kb.rules.values() for c in r.when}
    pending = [f for f in used if f in kb.computed]
    while pending:
        for arg in kb.computed[pending.pop()].args:
            if arg not in used:
                used.add(arg)
                if arg in kb.computed:
                    pending.append(arg)
    return used


def check_rule_coverage(kb: KnowledgeBase) -> Iterator[Problem]:
    """Once rules exist: every symptom is used by a rule and every cause is reached by one."""
    if not kb.rules:
        return
    used = used_facts(kb)
    reached = {c.cause for r in kb.rules.values() for c in r.then if c.cause and (c.weight or 0) > 0}
    for entry in kb.entries:
        if isinstance(entry.item, Symptom) and entry.item.id not in used:
            yield Problem(_where(entry), "unused symptom", f"no rule uses '{entry.item.id}'")
        if isinstance(entry.item, Cause) and entry.item.id not in reached:
            yield Problem(_where(entry), "unreached cause", f"no rule supports '{entry.item.id}'")


def question_problems(kb: KnowledgeBase, question: Question) -> Iterator[tuple[str, str]]:
    """(kind, message) for each flaw of one question; the quiz checks its generated questions with it too."""
    option_ids = [o.id for o in question.options]
    for answer in question.answer:
        if answer not in option_ids:
            yield "answer not an option", f"{question.id}: answer '{answer}' is not among {option_ids}"
    if question.kind in ("single", "truefalse", "scenario") and len(question.answer) != 1:
        yield "bad answer", f"{question.id}: a {question.kind} question has exactly one answer"
    if question.kind == "truefalse" and len(question.options) != 2:
        yield "bad options", f"{question.id}: a truefalse question has exactly two options"
    if len(set(question.answer)) == len(question.options):
        yield "bad answer", f"{question.id}: every option is an answer, so there is nothing to choose"
    if not question.tags:
        yield "missing tag", f"{question.id} has no tag, so no topic practice or per-topic score can include it"
    for cause in question.causes:
        if cause not in kb.causes:
            yield "dangling reference", f"{question.id} relates to unknown cause '{cause}'"
    if len(set(option_ids)) != len(option_ids):
        yield "duplicate id", f"{question.id}: two options share an id"
    for option in question.options:
        if not (option.explain.en.strip() or option.explain.zh.strip()):
            yield "missing explanation", f"{question.id}: option '{option.id}' does not say why it is right or wrong"


def check_questions(kb: KnowledgeBase) -> Iterator[Problem]:
    for entry in kb.entries:
        if isinstance(entry.item, Question):
            for kind, message in question_problems(kb, entry.item):
                yield Problem(_where(entry), kind, message)


# Two questions whose en+zh words overlap this much (Jaccard) ask the same thing in other words.
NEAR_DUPLICATE = 0.6


def question_tokens(question: Question) -> frozenset[str]:
    """The words of a question's text and options, in both languages, for similarity."""
    texts = [question.text, *(o.text for o in question.options)]
    return frozenset(tokenize(" ".join(f"{t.en} {t.zh}" for t in texts)))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets: shared words over all words."""
    return len(a & b) / len(a | b) if a or b else 1.0


def check_near_duplicate_questions(kb: KnowledgeBase) -> Iterator[Problem]:
    """A question that repeats an earlier one, word for word or nearly, is reported once, at the later one."""
    earlier: list[tuple[Question, frozenset[str]]] = []
    for entry in kb.entries:
        if not isinstance(entry.item, Question):
            continue
        tokens = question_tokens(entry.item)
        for other, other_tokens in earlier:
            score = similarity(tokens, other_tokens)
            if score >= NEAR_DUPLICATE:
                kind = "duplicate question" if score == 1.0 else "near-duplicate question"
                yield Problem(_where(entry), kind, f"{entry.item.id} repeats {other.id} (similarity {score:.2f})")
                break
        earlier.append((entry.item, tokens))


def check_evidence(kb: KnowledgeBase) -> Iterator[Problem]:
    """The evidence file names rules that conclude the cause it measures them for, with the hand
    weight rules.yaml still holds (else it is stale: re-run calibrate), and priors of known causes."""
    where, ev = "evidence.yaml", kb.evidence

    def concludes(rule_id: str, cause: str) -> list[float]:
        rule = kb.rules.get(rule_id)
        return [c.weight or 0.0 for c in rule.then if c.cause == cause] if rule else []

    for w in ev.weights:
        hand = concludes(w.rule, w.cause)
        if not hand:
            yield Problem(where, "dangling evidence", f"rule {w.rule} does not conclude {w.cause}")
        elif abs(hand[0] - w.hand) > 1e-9:
            yield Problem(where, "stale evidence", f"{w.rule} -> {w.cause} was measured against weight {w.hand}, rules.yaml now says {hand[0]}")
    seen: set[tuple[str, str]] = set()
    for g in ev.groups:
        for rule in g.rules:
            if not concludes(rule, g.cause):
                yield Problem(where, "dangling evidence", f"group {g.id}: rule {rule} does not conclude {g.cause}")
            if (rule, g.cause) in seen:
                yield Problem(where, "evidence group overlap", f"group {g.id}: rule {rule} is already in a group for {g.cause}")
            seen.add((rule, g.cause))
    for p in ev.priors:
        if p.cause not in kb.causes:
            yield Problem(where, "dangling evidence", f"prior for unknown cause {p.cause}")
    if ev.priors and not ev.prior_source:
        yield Problem(where, "missing source", "priors without prior_source")


CHECKS: list[Callable[[KnowledgeBase], Iterator[Problem]]] = [
    check_duplicates,
    check_translations,
    check_sources,
    check_uncovered_sections,
    check_unused_references,
    check_causes,
    check_symptom_labels,
    check_fix_snippets,
    check_snippet_declarations,
    check_rules,
    check_computed,
    check_rule_coverage,
    check_questions,
    check_near_duplicate_questions,
    check_rule_bounds,
    check_not_empty,
    check_evidence,
]


def lint(kb: KnowledgeBase, extra: list[Callable[[KnowledgeBase], Iterator[Problem]]] | None = None) -> list[Problem]:
    """Every problem found by every check, sorted by place."""
    return sorted(p for check in CHECKS + (extra or []) for p in check(kb))
