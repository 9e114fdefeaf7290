"""Which knowledge-base entries encode each section of each source document."""

from __future__ import annotations

from collections.abc import Iterator

from losshelp.kb.loader import Entry, KnowledgeBase, entry_key

Citation = tuple[str, str]


def split_citation(citation: str) -> Citation:
    """`FILE#SECTION` -> (FILE, SECTION); a citation without `#` names the whole file."""
    file, _, section = citation.partition("#")
    return file, section


def citations(kb: KnowledgeBase) -> Iterator[tuple[Entry, Citation]]:
    """Every citation of every entry (sources themselves cite nothing), in file order."""
    for entry in kb.entries:
        for citation in getattr(entry.item, "sources", []):
            yield entry, split_citation(citation)


def citation_index(kb: KnowledgeBase) -> dict[Citation, list[str]]:
    """(file, section) -> ids of the entries that cite it, in file order."""
    index: dict[Citation, list[str]] = {}
    for entry, citation in citations(kb):
        ids = index.setdefault(citation, [])
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
