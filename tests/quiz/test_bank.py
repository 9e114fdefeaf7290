"""The bundled bank: enough questions from every source, the nowcoder question, sound generated scenarios."""

from __future__ import annotations

from collections import Counter

from losshelp.kb.lint import question_problems
from losshelp.present.words import known
from losshelp.quiz import generated_questions, question_bank
from losshelp.quiz.generate import PREFIX
from losshelp.quiz.tags import TAGS


def test_at_least_60_hand_written_questions_and_8_per_source(kb):
    assert len(kb.questions) >= 60
    per_source = Counter(f for q in kb.questions.values() for f in {s.split("#")[0] for s in q.sources if not s.startswith("ref:")})
    assert set(per_source) == {s.file for s in kb.sources.values()}
    assert min(per_source.values()) >= 8
    assert {q.kind for q in kb.questions.values()} == {"single", "multi", "truefalse", "scenario"}


def test_the_nowcoder_question_answers_d_and_explains_every_option(kb):
    q = kb.questions["nowcoder_first_epochs"]
    assert q.answer == ["d"] and [o.id for o in q.options] == ["a", "b", "c", "d"]
    assert q.options[-1].last and q.options[-1].text.zh == "以上都有可能"
    assert all(o.explain.en and o.explain.zh for o in q.options)


def test_every_tag_has_a_label_in_both_languages():
    assert all(known(f"quiz.tag_{tag}") for tag in TAGS)


def test_generated_scenarios_are_sound(kb):
    generated = generated_questions(kb)
    assert len(generated) >= 20
    assert [q.id for q in generated] == [f"{PREFIX}{c}" for c in kb.causes if f"{PREFIX}{c}" in {q.id for q in generated}]
    for q in generated:
        assert list(question_problems(kb, q)) == []
        assert q.answer == q.causes and len(q.options) == 4
        assert all(o.explain.en and o.explain.zh for o in q.options)
        assert all(o.id in kb.causes and o.id != q.answer[0] for o in q.options[1:])


def test_generation_is_deterministic_and_the_bank_joins_both(kb):
    assert generated_questions(kb) == generated_questions(kb)
    bank = question_bank(kb)
    assert len(bank) == len(kb.questions) + len(generated_questions(kb))
    assert len({q.id for q in bank}) == len(bank)
