"""YAML is read without expanding aliases beyond a budget: alias bombs, recursive aliases, deep nesting and
unbuildable values are one line, quickly, for answer files and knowledge-base files alike."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.cli import main
from losshelp.kb.yamldoc import MAX_DEPTH, MAX_NODES, YamlError, read_yaml_text

# The classic "billion laughs": nine levels of nine aliases each, 9**9 (387 million) strings once expanded.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(("text", "message"), [
    (BOMB, f"more than {MAX_NODES:,} values once aliases are expanded"),
    ("a: &a [*a]", "x.yaml:1: not valid YAML: an alias refers to a node that contains it"),
    ("a: &a {b: [c, *a]}", "a recursive alias"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested more than {MAX_DEPTH} levels deep"),
    ("[" * 100_000 + "]" * 100_000, "x.yaml:1: not valid YAML"),
    ("lr: " + "1" * 5000, "an integer with more than 4300 digits"),
    ("when: 2024-13-45", "month must be in 1..12"),
    ("? [a]\n: b", "found unhashable key"),
])
def test_hostile_yaml_is_refused_in_one_line_quickly(text, message):
    start = time.perf_counter()
    with pytest.raises(YamlError) as err:
        read_yaml_text(text, Path("x.yaml"))
    assert time.perf_counter() - start < 0.5
    assert message in str(err.value) and "\n" not in str(err.value)


def test_shared_aliases_within_the_budget_still_read():
    doc = read_yaml_text("base: &b {lr: 0.1}\nrun1: *b\nrun2: *b\n", Path("x.yaml"))
    assert doc.data["run2"] == {"lr": 0.1} and doc.line_of(("run2",)) == 3 and doc.line_of(("run2", "lr")) == 1  # where the anchor defines it


@settings(max_examples=150, deadline=None)
@given(levels=st.integers(1, 12), width=st.integers(1, 12))
def test_alias_expansion_is_refused_exactly_beyond_the_budget(levels, width):
    text = "l0: &l0 x\n" + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]\n" for i in range(1, levels + 1))
    expanded = 1 + sum(sum(width**j for j in range(i + 1)) for i in range(levels + 1))  # the root mapping and each level
    if expanded <= MAX_NODES:
        assert read_yaml_text(text, Path("x.yaml")).data[f"l{levels}"] is not None
    else:
        with pytest.raises(YamlError, match="alias bomb"):
            read_yaml_text(text, Path("x.yaml"))


@pytest.mark.parametrize("text", [BOMB, "a: &a [*a]", "lr: " + "9" * 400, "lr: " + "9" * 5000])
def test_answer_files_with_bombs_or_huge_numbers_are_one_line(tmp_path, capsys, text):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    assert main(["diagnose", "--answers", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and str(path) in err


def test_a_knowledge_base_file_with_a_bomb_is_one_line(tmp_path, capsys):
    (tmp_path / "causes.yaml").write_text(BOMB)
    assert main(["kb", "--dir", str(tmp_path), "lint"]) in (1, 2)
    err = capsys.readouterr().err
    assert "alias bomb" in err and "Traceback" not in err
