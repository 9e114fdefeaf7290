"""`losshelp kb show` describes every entry of the bundled knowledge base, whatever its collection."""

from __future__ import annotations

import pytest

from losshelp.kb.describe import describe, title_of
from losshelp.kb.loader import default_kb, entry_key
from losshelp.kb.models import LANGS

ENTRIES = default_kb().entries


@pytest.mark.parametrize("collection", sorted({e.collection for e in ENTRIES}))
@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_described_with_its_title_and_id(collection: str, lang: str) -> None:
    for entry in (e for e in ENTRIES if e.collection == collection):
        text = describe(default_kb(), entry, lang)
        head = text.splitlines()[0]
        assert head == f"# {title_of(entry.item, lang)}" and head.strip("# "), entry_key(entry.item)
        assert f"`{entry_key(entry.item)}` · {entry.kind}" in text


def test_a_reference_is_described_by_its_authors_year_and_address() -> None:
    kb = default_kb()
    for reference in kb.references.values():
        text = describe(kb, kb.find(reference.id), "en")
        assert all(part in text for part in (reference.title, reference.authors, str(reference.year), reference.url)), reference.id


def test_a_computed_number_is_described_by_its_operation_and_arguments() -> None:
    kb = default_kb()
    for computed in kb.computed.values():
        text = describe(kb, kb.find(computed.id), "en")
        assert f"{computed.op}(" in text and all(f"`{arg}`" in text for arg in computed.args), computed.id
