"""Which knowledge-base entries encode each section of each source document."""

from __future__ import annotations

from losshelp.kb.loader import KnowledgeBase, entry_key
from losshelp.kb.models import Source

Citation = tuple[str, str]


def split_citation(citation: str) -> Citation:
    """`FILE#SECTION` -> (FILE, SECTION); a citation without `#` names the whole file."""
    file, _, section = citation.partition("#")
    return file, section


def citation_index(kb: KnowledgeBase) -> dict[Citation, list[str]]:
    """(file, section) -> ids of the entries that cite it, in file order."""
    index: dict[Citation, list[str]] = {}
    for entry in kb.entries:
        if isinstance(entry.item, Source):
            continue
        for citation in getattr(entry.item, "sources", []):
            ids = index.setdefault(split_citation(citation), [])
            if entry_key(entry.item) not in ids:
                ids.append(entry_key(entry.item))
    return index


def coverage_markdown(kb: KnowledgeBase, collections: tuple[str, ...] = ("symptoms", "causes", "fixes", "rules")) -> str:
    """A Markdown table: each section of each source -> the ids that encode it."""
    wanted = {entry_key(e.item) for e in kb.entries if e.collection in collections}
    index = citation_index(kb)
    lines = ["| source | section | encoded by |", "|---|---|---|"]
    for source in kb.sources.values():
        for section in source.sections:
            ids = [i for i in index.get((source.file, section.id), []) if i in wanted]
            shown = ", ".join(f"`{i}`" for i in ids) or "**nothing**"
            lines.append(f"| {source.file[:3]} | {section.id}: {section.title.en} | {shown} |")
    return "\n".join(lines) + "\n"
