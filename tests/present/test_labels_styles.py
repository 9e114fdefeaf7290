"""Values as people read them, and a style for every level and verdict the engine and probes produce."""

from __future__ import annotations

from typing import get_args

from hypothesis import given
from hypothesis import strategies as st

from losshelp.engine.result import Level, Verdict
from losshelp.kb import default_kb
from losshelp.present import say
from losshelp.present.labels import ANSWER_WORDS, fact_label, facts_text, number_text, value_label, value_text
from losshelp.present.styles import DIAGNOSIS_STYLE, FINDING_STYLE, LEVEL_COLORS, LEVEL_STYLE, level_style

KB = default_kb()
LABELLED = [(fact, value) for fact, symptom in KB.symptoms.items() for value in symptom.labels]


@given(st.integers(-10**12, 10**12))
def test_an_integer_is_shown_as_an_integer_whether_int_or_float(n):
    assert number_text(n) == number_text(float(n)) == str(n)


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: not v.is_integer()))
def test_a_fraction_keeps_four_significant_digits(v):
    assert number_text(v) == f"{v:.4g}"
    assert abs(float(number_text(v)) - v) <= abs(v) * 5e-4


def test_nothing_is_shown_for_no_value():
    assert number_text(None) == "" and value_text(KB, None, None, "en") == ""


@given(pair=st.sampled_from(LABELLED), lang=st.sampled_from(["en", "zh"]))
def test_a_labelled_answer_shows_the_symptoms_words(pair, lang):
    fact, value = pair
    label = KB.symptoms[fact].label(value, lang)
    assert value_label(KB, fact, value, lang) == label
    assert value_text(KB, fact, value, lang) == label
    assert value_text(KB, fact, value, lang, with_value=True) == f"{value} ({label})"


@given(value=st.sampled_from(ANSWER_WORDS), lang=st.sampled_from(["en", "zh"]))
def test_yes_no_and_unknown_have_words_when_no_symptom_names_them(value, lang):
    assert value_label(KB, "no_such_fact", value, lang) == say(f"diagnose.answer_{value}", lang)


@given(facts=st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), st.integers(0, 1000) | st.just("yes"), max_size=4))
def test_facts_read_as_one_line_of_fact_value_pairs(facts):
    text = facts_text(facts)
    assert text == ", ".join(f"{k}={v}" for k, v in facts.items())


def test_every_level_and_verdict_has_a_style_and_a_word():
    levels, verdicts = set(get_args(Level)), set(get_args(Verdict))
    assert set(LEVEL_STYLE) == levels and all(set(c) == levels for c in LEVEL_COLORS.values())
    assert set(DIAGNOSIS_STYLE) == verdicts
    for level in levels:
        assert say(f"diagnose.level_{level}", "en") and say(f"diagnose.level_{level}", "zh")
        assert all(LEVEL_COLORS[dark][level] in level_style(level, dark) for dark in (True, False))
        assert level_style(level, True).startswith("bold") == LEVEL_STYLE[level].startswith("bold")
    for verdict in FINDING_STYLE:
        assert say(f"probe.verdict_{verdict}", "zh")


@given(fact=st.sampled_from(sorted(KB.symptoms)) | st.just("no_such_fact"), lang=st.sampled_from(["en", "zh"]))
def test_a_fact_reads_as_its_symptoms_question(fact, lang):
    expected = KB.symptoms[fact].question.get(lang) if fact in KB.symptoms else None
    assert fact_label(KB, fact, lang) == expected
