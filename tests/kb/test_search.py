"""Search finds Chinese and English terms and ranks the best match first."""

from __future__ import annotations

from losshelp.kb import default_kb
from losshelp.kb.search import SearchIndex, tokenize


def test_tokenize_mixes_words_and_chinese_bigrams():
    assert tokenize("Loss 学习率 too_low") == ["loss", "学", "习", "率", "学习", "习率", "too", "low"]


def test_chinese_query_ranks_the_named_entry_first():
    index = SearchIndex(default_kb())
    assert index.search("学习率太低")[0].id == "lr_too_low"
    assert index.search("鞍点")[0].id in {"saddle_point", "escape_saddle"} | {h.id for h in index.search("saddle")[:3]}


def test_english_query_ranks_the_named_entry_first():
    index = SearchIndex(default_kb())
    assert index.search("learning rate too low")[0].id == "lr_too_low"
    assert "dead_relu" in [h.id for h in index.search("dead ReLU units")[:3]]


def test_scores_are_sorted_and_nonsense_finds_nothing():
    index = SearchIndex(default_kb())
    scores = [h.score for h in index.search("gradient", limit=20)]
    assert scores == sorted(scores, reverse=True) and len(scores) > 3
    assert index.search("xylophone quasar") == []
