"""Shuffling keeps the answer mapping right and `last` options last; replies are read correctly."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from losshelp.quiz.present import present

from .conftest import make_question


@st.composite
def questions(draw):
    n = draw(st.integers(2, 6))
    ids = [chr(ord("a") + i) for i in range(n)]
    answer = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
    last = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    kind = "multi" if len(answer) > 1 else "single"
    return make_question(kind=kind, n=n, answer=tuple(answer), last=tuple(last))


@given(questions(), st.integers())
def test_shuffling_keeps_the_answers_right_and_last_options_last(question, seed):
    shown = present(question, random.Random(seed))
    assert sorted(o.id for o in shown.options) == sorted(o.id for o in question.options)
    # The letters of the answer, read back, are exactly the answer's ids.
    assert shown.parse(shown.answer_letters) == frozenset(question.answer)
    pinned = [o.id for o in question.options if o.last]
    assert [o.id for o in shown.options[len(shown.options) - len(pinned) :]] == pinned


def test_the_nowcoder_style_last_option_stays_d():
    q = make_question(answer=("d",), last=("d",))
    for seed in range(20):
        assert present(q, random.Random(seed)).answer_letters == "D"


def test_true_false_keeps_its_order():
    q = make_question(kind="truefalse", answer=("t",))
    assert [o.id for o in present(q, random.Random(1)).options] == ["t", "f"]


@pytest.mark.parametrize("reply", ["AC", "a c", "1 3", "1,3", " c a\n"])
def test_letters_and_numbers_choose_options(reply):
    shown = present(make_question(kind="multi", answer=("a", "c")), random.Random(0))
    expected = frozenset({shown.options[0].id, shown.options[2].id})
    assert shown.parse(reply) == expected


@pytest.mark.parametrize("reply, message", [("", "choose one"), ("E", "not an option"), ("5", "not an option"), ("AB", "one answer")])
def test_bad_replies_say_what_is_wrong(reply, message):
    shown = present(make_question(), random.Random(0))
    with pytest.raises(ValueError, match=message):
        shown.parse(reply)
