"""Counts of the knowledge base's entries and of its citations per source document."""

from __future__ import annotations

from losshelp.kb.coverage import citations
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import COLLECTIONS


def kb_stats(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """{"entries": collection -> count, "citations": source file -> number of citations of it}."""
    counts = {file: 0 for file in kb.sources}
    for _entry, (file, _section) in citations(kb):
        counts[file] = counts.get(file, 0) + 1
    entries = {name: len(getattr(kb, name)) for name in COLLECTIONS}
    return {"entries": entries, "citations": counts}
