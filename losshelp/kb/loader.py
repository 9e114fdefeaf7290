"""Load the knowledge base's YAML files, validate each entry against the schema, and index them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from losshelp.errors import KnowledgeBaseError
from losshelp.kb.models import COLLECTIONS, Cause, Computed, Evidence, Fix, Item, Question, Reference, Rule, Source, Symptom
from losshelp.kb.yamldoc import Loc, YamlDoc, YamlError, read_yaml

DATA_DIR = Path(__file__).parent / "data"
EVIDENCE_FILE = "evidence.yaml"
"""Measured weights, groups and priors (one `Evidence` mapping, not a collection of entries)."""


class KBError(KnowledgeBaseError):
    """A knowledge-base file that does not fit the schema; `str()` is one line: file, line, key, what was expected."""


@dataclass(frozen=True)
class Entry:
    """Where an entry was read from, so lint and `kb show` can point at it."""

    collection: str
    item: Item
    path: Path
    line: int

    @property
    def kind(self) -> str:
        """The entry's kind in the singular: cause, fix, symptom, ..."""
        return "fix" if self.collection == "fixes" else self.collection.removesuffix("s")


@dataclass
class KnowledgeBase:
    """Every entry of the knowledge base, by collection and id, in file order."""

    sources: dict[str, Source] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    symptoms: dict[str, Symptom] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)
    fixes: dict[str, Fix] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    computed: dict[str, Computed] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    evidence: Evidence = field(default_factory=Evidence)

    def producers(self) -> dict[str, list[tuple[str, Rule]]]:
        """Intermediate fact -> (value, rule) for every rule that concludes it, in file order."""
        out: dict[str, list[tuple[str, Rule]]] = {}
        for rule in self.rules.values():
            for conclusion in rule.then:
                if conclusion.fact is not None:
                    out.setdefault(conclusion.fact, []).append((str(conclusion.value), rule))
        return out

    def find(self, entry_id: str) -> Entry | None:
        """The entry with this id (or source file name), whatever its collection."""
        return next((e for e in self.entries if entry_key(e.item) == entry_id), None)


def entry_key(item: Item) -> str:
    """The id of an entry; a source document is known by its file name."""
    return item.file if isinstance(item, Source) else item.id


def _format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _describe(error: ErrorDetails) -> str:
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        return "unknown key (not in the schema)"
    if error["type"] == "missing":
        return "required key is missing"
    got = error.get("input")
    if isinstance(got, (str, int, float, bool)) or got is None:
        return f"{message} (got {got!r})"
    return message


def _validation_line(doc: YamlDoc, loc: Loc, error: ErrorDetails) -> str:
    key = _format_loc(loc)
    return f"{doc.path}:{doc.line_of(loc)}: {key}: {_describe(error)}"


def parse_doc(doc: YamlDoc) -> list[Entry]:
    """Validate one parsed file: a mapping whose keys are collections, each a list of entries."""
    if not isinstance(doc.data, dict):
        raise KBError(f"{doc.path}:1: (top): expected a mapping with one of the keys {', '.join(COLLECTIONS)}")
    entries: list[Entry] = []
    for name, items in doc.data.items():
        model = COLLECTIONS.get(name)
        if model is None:
            raise KBError(
                f"{doc.path}:{doc.line_of((name,))}: {name}: unknown collection; expected one of {', '.join(COLLECTIONS)}"
            )
        if not isinstance(items, list):
            raise KBError(f"{doc.path}:{doc.line_of((name,))}: {name}: expected a list of entries")
        for i, raw in enumerate(items):
            try:
                item = model.model_validate(raw)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = (name, i, *first["loc"])
                raise KBError(_validation_line(doc, loc, first)) from None
            entries.append(Entry(name, item, doc.path, doc.line_of((name, i))))
    return entries


def build(entries: list[Entry]) -> KnowledgeBase:
    """Index entries by collection and id; the first of two equal ids wins (lint reports the second)."""
    kb = KnowledgeBase(entries=entries)
    for entry in entries:
        getattr(kb, entry.collection).setdefault(entry_key(entry.item), entry.item)
    return kb


def load_kb(data_dir: Path | str | None = None) -> KnowledgeBase:
    """Load every `*.yaml` file under `data_dir` (the bundled knowledge base by default)."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    if not root.is_dir():
        raise KBError(f"{root}: not a directory of knowledge-base YAML files")
    entries: list[Entry] = []
    for path in sorted(root.glob("*.yaml")):
        if path.name == EVIDENCE_FILE:
            continue
        try:
            entries.extend(parse_doc(read_yaml(path)))
        except YamlError as exc:
            raise KBError(str(exc)) from None
    kb = build(entries)
    if (root / EVIDENCE_FILE).exists():
        kb.evidence = load_evidence(root / EVIDENCE_FILE)
    return kb


def load_evidence(path: Path) -> Evidence:
    """The evidence file, validated against the schema (KBError names the line)."""
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        raise KBError(str(exc)) from None
    try:
        return Evidence.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise KBError(_validation_line(doc, tuple(first["loc"]), first)) from None


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process (it is read-only)."""
    return load_kb()
