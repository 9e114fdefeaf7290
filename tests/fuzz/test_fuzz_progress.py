"""Progress files (valid ones bent in one place, and arbitrary JSON and bytes) through `losshelp quiz stats`
twice: the first start reports a bad file once and moves it aside, the second is a clean start."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.quiz.progress import Progress
from losshelp.quiz.store import load_progress
from losshelp.userdata import ENV_DIR
from tests.fuzz.contract import run_main

CARD = {"card_id": 1767225600000, "state": 2, "step": None, "stability": 3.5, "difficulty": 5.0,
        "due": "2026-03-05T12:00:00+00:00", "last_review": "2026-03-02T12:00:00+00:00"}
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["2026-03-05T12:00:00", "2026-03-05", "1+2j", "9" * 5000, "NaN"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def progress_files(draw) -> bytes:
    card = dict(CARD)
    record = {"right": 2, "wrong": 1, "card": card}
    data = {"format": 1, "profile": "p", "introduced": {"2026-03-02": 1}, "records": {"q1": record}}
    target = draw(st.sampled_from([card, record, data, data["introduced"]]))
    key = draw(st.sampled_from([*target, "extra"]))
    if draw(st.booleans()):
        target[key] = draw(ODD)
    else:
        target.pop(key, None)
    text = json.dumps(data, allow_nan=True)
    form = draw(st.sampled_from(["json", "nested", "truncated", "bytes"]))
    if form == "nested":
        depth = draw(st.integers(10, 20_000))
        text = text[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    if form == "truncated":
        text = text[: draw(st.integers(0, len(text)))]
    return draw(st.binary(max_size=200)) if form == "bytes" else text.encode()


def _fresh_folder() -> Path:
    folder = Path(os.environ[ENV_DIR])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    return folder


@settings(settings.get_profile("fuzz"), max_examples=300)
@given(raw=progress_files())
def test_progress_files_load_or_move_aside_once(raw):
    """The store itself, fast: a load never raises, moves a bad file aside once, and the next load is clean."""
    folder = _fresh_folder()
    (folder / "p.json").write_bytes(raw)
    first = load_progress("p")
    assert (first.moved_aside is None) == (first.problem is None)
    assert first.problem is None or "\n" not in first.problem
    if first.moved_aside is not None:
        assert first.moved_aside.read_bytes() == raw and first.progress == Progress("p")
    second = load_progress("p")
    assert second.moved_aside is None and second.progress == first.progress


@settings(settings.get_profile("fuzz"), max_examples=10)  # each run loads the knowledge base (1-3 s); the store fuzzer above covers the format
@given(raw=progress_files())
def test_progress_files_through_quiz_stats(raw):
    folder = Path(os.environ[ENV_DIR])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / "p.json").write_bytes(raw)
    first = run_main("quiz", "stats", "--profile", "p", "--json")
    assert first.code == 0 and "Traceback" not in first.err, first.err
    assert json.loads(first.out)["profile"] == "p"
    warned = first.err.strip().splitlines()
    assert len(warned) <= 1 and all(line.startswith("losshelp: warning: ") for line in warned), first.err
    moved = [p for p in folder.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == len(warned)  # a warning exactly when the file was moved aside, and kept as it was
    assert all(p.read_bytes() == raw for p in moved)
    second = run_main("quiz", "stats", "--profile", "p", "--json")
    assert second.code == 0 and second.err == "" and json.loads(second.out)["profile"] == "p"
