"""Ranked full-text search over the knowledge base, for Chinese and English alike (BM25).

Latin text is split into words; Chinese text, which has no spaces, into characters and
character pairs, so that a query like 学习率 matches 学习 and 习率 wherever they occur.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel

from losshelp.kb.loader import Entry, KnowledgeBase, entry_key
from losshelp.kb.models import Text

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Names and titles count more than body text: a hit there is what the user most likely means.
_HEADLINE_FIELDS = ("id", "name", "title", "question")
_HEADLINE_WEIGHT = 3
K1, B = 1.2, 0.75  # the usual BM25 constants (Robertson & Zaragoza, 2009)
# A query that is an entry's whole name, or a phrase inside it, most likely means that entry:
# BM25 alone favours short entries that merely mention the words.
EXACT_NAME_BOOST, PHRASE_BOOST = 2.0, 1.5
# What a reader most often looks for: a cause, then its fixes and symptoms; rules and quiz
# questions restate the same words and would otherwise crowd the top of the list.
COLLECTION_WEIGHT = {"causes": 1.5, "fixes": 1.2, "symptoms": 1.0, "sources": 1.0, "rules": 0.6, "questions": 0.6}


def tokenize(text: str) -> list[str]:
    """Lower-cased words, and for Chinese runs their characters and character bigrams."""
    tokens: list[str] = []
    for run in _WORD.findall(text.lower().replace("_", " ")):
        if _CJK.match(run):
            tokens.extend(run)
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Text):
        return [value.en, value.zh]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def headlines(entry: Entry) -> list[str]:
    """The entry's id, names and titles, lower-cased."""
    fields = [getattr(entry.item, name) for name in _HEADLINE_FIELDS if name in type(entry.item).model_fields]
    return [s.lower() for value in fields for s in _strings(value) if s]


def entry_tokens(entry: Entry) -> list[str]:
    """The searchable tokens of one entry, headline fields repeated to weigh more."""
    tokens: list[str] = []
    for name in type(entry.item).model_fields:
        if name in ("sources", "sections"):
            continue
        field_tokens = tokenize(" ".join(_strings(getattr(entry.item, name))))
        tokens.extend(field_tokens * (_HEADLINE_WEIGHT if name in _HEADLINE_FIELDS else 1))
    return tokens


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    collection: str
    score: float


class SearchIndex:
    """A BM25 index over every entry of a knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._docs = [(e, Counter(entry_tokens(e))) for e in kb.entries]
        self._headlines = [headlines(e) for e in kb.entries]
        self._lengths = [sum(c.values()) for _, c in self._docs]
        self._avg = sum(self._lengths) / max(len(self._lengths), 1)
        df: Counter[str] = Counter()
        for _, counts in self._docs:
            df.update(counts.keys())
        n = len(self._docs)
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """Entries ranked by BM25 score for `query`, best first; entries with no match left out."""
        terms = set(tokenize(query))
        phrase = " ".join(query.lower().split())
        hits = []
        for (entry, counts), length, heads in zip(self._docs, self._lengths, self._headlines, strict=True):
            score = 0.0
            for term in terms & counts.keys():
                tf = counts[term]
                score += self._idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self._avg))
            score *= COLLECTION_WEIGHT.get(entry.collection, 1.0)
            if phrase in heads:
                score *= EXACT_NAME_BOOST
            elif any(phrase in head for head in heads):
                score *= PHRASE_BOOST
            if score > 0:
                hits.append(Hit(entry_key(entry.item), entry.collection, round(score, 3)))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]
