"""One compiled engine per (knowledge base, backend) in the process, built on first use."""

from __future__ import annotations

from losshelp.engine.backend import backend_name
from losshelp.engine.reasoner import Engine
from losshelp.kb.loader import KnowledgeBase

# Keyed by id(kb); the KB is kept alongside so that its id cannot be reused while cached.
_engines: dict[tuple[int, str, bool], tuple[KnowledgeBase, Engine]] = {}


def engine_for(kb: KnowledgeBase, backend: str | None = None, measured: bool = False) -> Engine:
    """The engine for `kb` on `backend` (resolved by `backend_name`), for stated or
    probe-measured facts (see `EvidenceTable.of`)."""
    key = (id(kb), backend_name(backend), measured)
    if key not in _engines:
        _engines[key] = (kb, Engine(kb, key[1], measured))
    return _engines[key][1]
