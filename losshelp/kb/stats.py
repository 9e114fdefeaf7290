"""Counts of the knowledge base's entries and of its citations per source document."""

from __future__ import annotations

from losshelp.kb.coverage import split_citation
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import COLLECTIONS, Source


def kb_stats(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """{"entries": collection -> count, "citations": source file -> number of citations of it}."""
    citations = {file: 0 for file in kb.sources}
    for entry in kb.entries:
        if isinstance(entry.item, Source):
            continue
        for citation in getattr(entry.item, "sources", []):
            file, _ = split_citation(citation)
            citations[file] = citations.get(file, 0) + 1
    entries = {name: len(getattr(kb, name)) for name in COLLECTIONS}
    return {"entries": entries, "citations": citations}
