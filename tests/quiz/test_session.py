"""A session end to end without I/O: picking by tag, answering, progress, and the summary."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from losshelp.quiz import Progress, Settings, TagScore, start_session, summarize, tag_label
from losshelp.quiz.messages import per_tag_lines

from .conftest import make_question

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
BANK = [
    make_question("lr1", tags=("learning_rate",), causes=("lr_too_low",)),
    make_question("lr2", tags=("learning_rate", "curves"), causes=("lr_too_high",)),
    make_question("data1", tags=("data",), causes=("noisy_labels",)),
    make_question("multi1", kind="multi", answer=("a", "b"), tags=("data",), causes=("class_imbalance",)),
]


def test_tags_count_and_seed_choose_the_same_session():
    settings = Settings(tags=("learning_rate",), count=5, seed=7)
    a = start_session(BANK, Progress("t"), settings, NOW)
    b = start_session(BANK, Progress("t"), settings, NOW)
    assert sorted(p.question.id for p in a.items) == ["lr1", "lr2"]
    assert [(p.question.id, [o.id for o in p.options]) for p in a.items] == [(p.question.id, [o.id for o in p.options]) for p in b.items]


def test_answers_update_progress_and_the_summary():
    session = start_session(BANK, Progress("t"), Settings(count=4, seed=1), NOW)
    wrong = {"lr2", "multi1"}
    while (shown := session.current()) is not None:
        right = frozenset(shown.question.answer)
        session.answer(frozenset({"c"}) if shown.question.id in wrong else right, NOW)
    assert set(session.progress.records) == {q.id for q in BANK}
    summary = session.summary()
    assert (summary.right, summary.total) == (2, 4)
    scores = {s.tag: (s.right, s.total) for s in summary.per_tag}
    assert scores == {"learning_rate": (1, 2), "curves": (0, 1), "data": (1, 2)}
    assert summary.weakest[0] == "curves"
    assert summary.review == ("class_imbalance", "lr_too_high")
    assert set(summary.missed) == wrong
    with pytest.raises(IndexError):
        session.answer(frozenset({"a"}), NOW)


def test_an_empty_session_summarises_to_nothing():
    assert summarize([]).total == 0


def test_the_score_per_topic_reads_the_same_in_every_front_end():
    scores = (TagScore("learning_rate", 1, 2), TagScore("optimizer", 0, 1))
    assert per_tag_lines(scores, "zh") == ["各主题得分：", f"  {tag_label('learning_rate', 'zh')}: 1/2", f"  {tag_label('optimizer', 'zh')}: 0/1"]
    assert per_tag_lines((), "en") == []
