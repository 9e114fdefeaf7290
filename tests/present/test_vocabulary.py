"""The vocabulary's own lint: both languages for every key, the same fields in both, no dead words and
no word written twice; and `say`'s one rule (no fallback: an unknown key or language raises)."""

from __future__ import annotations

import string
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from losshelp.present.words import LANGS, WORDS, say, vocabulary

from .wordscan import ROOT, string_literals

KEYS = sorted(vocabulary())


def fields(text: str) -> set[str]:
    """The names of the `{field}`s of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_area_file_is_a_mapping_of_names_to_both_languages():
    assert sorted(p.stem for p in WORDS.glob("*.yaml")) == ["app", "diagnose", "kb", "probe", "quiz"]
    bad = [k for k in KEYS if not isinstance(vocabulary()[k], dict) or set(vocabulary()[k]) != set(LANGS)]
    assert not bad, bad


@pytest.mark.parametrize("key", KEYS)
def test_every_key_says_something_in_both_languages_with_the_same_fields(key):
    texts = vocabulary()[key]
    assert all(isinstance(texts[lang], str) and texts[lang].strip() for lang in LANGS), texts
    assert fields(texts["en"]) == fields(texts["zh"]), texts


def test_no_two_keys_say_the_same_thing():
    said = Counter((texts["en"], texts["zh"]) for texts in vocabulary().values())
    assert [text for text, n in said.items() if n > 1] == []


def _used(key: str, exact: set[str], prefixes: set[str]) -> bool:
    """A key is used when the code names it whole, or builds it from a literal prefix (`"x_" + y`);
    the app's keys are also named without their `app.` area, through `t()` and its bindings."""
    names = [key, key.removeprefix("app.")] if key.startswith("app.") else [key]
    return any(name in exact or any(p and name.startswith(p) and p[-1] in "_." for p in prefixes) for name in names)


def test_every_key_is_used_somewhere_in_the_code():
    exact: set[str] = set()
    prefixes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        e, p = string_literals(path.read_text(encoding="utf-8"))
        exact |= e
        prefixes |= p
    dead = [k for k in KEYS if not _used(k, exact, prefixes)]
    assert dead == []


def test_the_dead_word_check_sees_whole_keys_and_built_ones():
    exact, prefixes = string_literals('say("probe.findings", lang)\nsay("diagnose.level_" + level, lang)\nt(f"mode_{m}", lang)')
    assert _used("probe.findings", exact, prefixes) and _used("diagnose.level_likely", exact, prefixes)
    assert _used("app.mode_home", exact, prefixes)
    assert not _used("probe.curves", exact, prefixes) and not _used("app.home_intro", exact, prefixes)


@given(key=st.sampled_from(KEYS), lang=st.sampled_from(LANGS), value=st.integers(0, 10**6) | st.floats(0, 1e6))
def test_say_fills_every_field_it_names(key, lang, value):
    text = say(key, lang, **dict.fromkeys(fields(vocabulary()[key][lang]), value))
    for name in fields(vocabulary()[key][lang]):
        assert f"{{{name}" not in text


@given(key=st.text(min_size=1, max_size=20))
def test_an_unknown_key_raises_at_once(key):
    if key not in vocabulary():
        with pytest.raises(KeyError):
            say(key, "en")


@pytest.mark.parametrize("lang", ["", "fr", "EN", "zh-CN"])
def test_an_unknown_language_raises_instead_of_falling_back(lang):
    with pytest.raises(KeyError):
        say("diagnose.level_likely", lang)


def test_a_missing_field_raises():
    with pytest.raises(KeyError):
        say("diagnose.pick", "en")
    assert say("diagnose.pick", "en", n=4) == "Answer with a number from 1 to 4, or u, ?, b, q."
