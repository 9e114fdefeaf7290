"""A session's position: its JSON form reads back as written, a changed bank is not resumed into, and
two processes saving positions at once leave one whole document."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from losshelp.quiz.grade import grade
from losshelp.quiz.present import present
from losshelp.quiz.progress import position_from_dict, position_of, position_to_dict, restore
from losshelp.userdata import load_json

from .conftest import make_question

ROOT = Path(__file__).resolve().parents[2]
BANK = [make_question(f"q{i}", kind=("single", "multi", "truefalse")[i % 3], answer=("t",) if i % 3 == 2 else ("a",)) for i in range(9)]


@given(seed=st.integers(0, 10**6), count=st.integers(1, 9), answered=st.integers(0, 9))
def test_a_position_reads_back_to_the_same_questions_options_and_answers(seed: int, count: int, answered: int):
    rng = random.Random(seed)
    items = [present(q, rng) for q in rng.sample(BANK, count)]
    results = [grade(p, frozenset(rng.sample([o.id for o in p.options], 1))) for p in items[: min(answered, count)]]
    position = position_of("me", items, results, seed)
    again = position_from_dict(json.loads(json.dumps(position_to_dict(position))))
    assert again == position
    assert again.finished == (len(results) == count)
    restored = restore(again, {q.id: q for q in BANK})
    assert restored is not None
    assert restored[0] == items
    assert [(g.presented, g.chosen, g.correct) for g in restored[1]] == [(g.presented, g.chosen, g.correct) for g in results]


def test_a_bank_that_lost_a_question_or_an_option_is_not_resumed_into():
    rng = random.Random(1)
    items = [present(q, rng) for q in BANK[:3]]
    position = position_of("me", items, [], 1)
    assert restore(position, {q.id: q for q in BANK[1:]}) is None
    fewer = make_question("q0", n=3)
    assert restore(position, {**{q.id: q for q in BANK}, "q0": fewer}) is None


@pytest.mark.parametrize(
    "bad",
    [None, [], {"format": 9}, {"format": 1, "profile": "me", "items": [], "chosen": [["a"]], "seed": None},
     {"format": 1, "profile": "me", "items": [{"question": "q0", "options": "ab"}], "chosen": [], "seed": None},
     {"format": 1, "profile": "me", "items": [], "chosen": [], "seed": True}],
)
def test_a_position_that_does_not_fit_is_refused(bad: object):
    with pytest.raises(ValueError):
        position_from_dict(bad)


# One app process: saves its own position 200 times, as the quiz does after every answer.
WRITER = """
import sys
from losshelp.userdata import save_json
worker = int(sys.argv[1])
for i in range(200):
    save_json("quiz-position/shared.json", {"worker": worker, "i": i, "pad": "x" * (worker * 5000)})
"""


def test_two_processes_saving_a_position_at_once_leave_one_whole_document(data_dir: Path):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(w)], cwd=ROOT) for w in (1, 2)]
    while any(p.poll() is None for p in procs):
        doc = load_json("quiz-position/shared.json")
        if doc is not None:
            assert isinstance(doc, dict) and doc["pad"] == "x" * (doc["worker"] * 5000)
    assert all(p.wait() == 0 for p in procs)
    last = load_json("quiz-position/shared.json")
    assert isinstance(last, dict) and last["i"] == 199
