"""Several processes on one profile lose no answer; a progress file that does not fit is moved aside once
with a notice; temporary files of killed writers are cleaned up."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.quiz.progress import Progress, merge, to_dict
from losshelp.quiz.schedule import record_answer
from losshelp.quiz.store import load_progress, profile_path, save_progress

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)

# One quiz process: loads the profile, then answers `n` questions, saving after each as the quiz does.
ANSWERER = """
import random, sys
from datetime import datetime, timezone
from losshelp.quiz.schedule import record_answer
from losshelp.quiz.store import load_progress, save_progress
worker, n = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(worker)
progress = load_progress("shared").progress
print("ready", flush=True)
sys.stdin.readline()  # all processes start answering together
for i in range(n):
    progress = record_answer(progress, f"q{rng.randrange(12)}", rng.random() < 0.5, datetime.now(timezone.utc))
    save_progress(progress)
"""


def _answers(progress: Progress) -> int:
    return sum(r.right + r.wrong for r in progress.records.values())


def test_four_processes_answering_together_lose_no_answer():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    workers = [subprocess.Popen([sys.executable, "-c", ANSWERER, str(w), "30"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, env=env, cwd=ROOT) for w in range(4)]
    for w in workers:
        assert w.stdout is not None and w.stdout.readline() == "ready\n"
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in workers:
        assert w.wait(timeout=120) == 0
    progress = load_progress("shared").progress
    assert _answers(progress) == 120
    new_today = sum(progress.introduced.values())
    assert new_today == len(progress.records) <= 12  # each question introduced once, by whichever process first did
    assert not list(profile_path("shared").parent.glob(".shared.json.*.tmp"))


def test_two_quiz_commands_on_one_profile_keep_every_answer():
    env = dict(os.environ, PYTHONPATH=str(ROOT), LOSSHELP_LANG="en")
    args = [sys.executable, "-m", "losshelp", "quiz", "--count", "12", "--new-per-day", "100", "--profile", "both"]
    runs = [subprocess.Popen([*args, "--seed", str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=ROOT) for seed in (1, 2)]
    outputs = [r.communicate("A\n" * 12, timeout=120) for r in runs]
    assert all(r.returncode == 0 for r in runs), outputs
    answered = sum(int(re.search(r"Summary: \d+/(\d+) right", out).group(1)) for out, _ in outputs)
    assert answered == 24  # "A" is a valid reply to every question (a letter always exists)
    assert _answers(load_progress("both").progress) == 24


@settings(max_examples=200, deadline=None)
@given(
    ours=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=8),
    theirs=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=8),
    shared=st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=5),
)
def test_merge_adds_this_process_answers_to_the_latest_file(ours, theirs, shared):
    def answer(progress: Progress, answers, start: int) -> Progress:
        for i, (q, right) in enumerate(answers):
            progress = record_answer(progress, f"q{q}", right, NOW + timedelta(minutes=start + i))
        return progress

    before = answer(Progress("p"), shared, 0)
    after = answer(before, ours, 100)
    latest = answer(before, theirs, 200)
    merged = merge(latest, before, after)
    assert _answers(merged) == len(shared) + len(ours) + len(theirs)
    assert sum(merged.introduced.values()) == len(merged.records)  # a question introduced by both counts once
    for qid, record in merged.records.items():
        newest = max((p.records[qid] for p in (after, latest) if qid in p.records), key=lambda r: r.card.last_review)
        assert record.card == newest.card


def _card(**changes):
    card = {"card_id": 1, "state": 2, "step": None, "stability": 3.5, "difficulty": 5.0,
            "due": "2026-03-05T12:00:00+00:00", "last_review": "2026-03-02T12:00:00+00:00"}
    return {**card, **changes}


def _file(card=None, **changes):
    data = {"format": 1, "profile": "alice", "introduced": {"2026-03-02": 1},
            "records": {"q1": {"right": 1, "wrong": 0, "card": card or _card()}}}
    return {**data, **changes}


@pytest.mark.parametrize(("content", "problem"), ids=lambda v: str(v)[:40] if isinstance(v, str) else None, argvalues=[
    (_file(_card(due="2026-03-05T12:00:00")), "has no time zone"),
    (_file(_card(last_review="2026-03-02T12:00:00")), "has no time zone"),
    (_file(_card(stability=float("nan"))), "expected a finite number"),
    (_file(_card(stability="1+2j")), "expected a finite number"),
    (_file(_card(difficulty=[1, 2])), "expected a finite number"),
    (_file(_card(state=9)), "state: expected one of"),
    (_file(_card(state=[])), "state: expected one of"),  # found by the progress fuzzer: a TypeError before
    (_file(_card(due=None)), "expected an ISO date-time"),
    (_file(introduced={"yesterday": 1}), "is not a day"),
    (_file(introduced={"2026-03-02": 10**12}), "expected a count"),
    (_file(introduced={"2026-03-02": 10**30}), "an integer with 31 digits"),
    ('{"format": 1, "profile": "alice", "introduced": {}, "records": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"format": 1, "profile": "alice", "introduced": {"2026-03-02": ' + "9" * 5000 + '}, "records": {}}', "digits"),
])
def test_a_progress_file_that_does_not_fit_is_moved_aside_once(content, problem):
    path = profile_path("alice")
    path.parent.mkdir(parents=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    loaded = load_progress("alice")
    assert loaded.moved_aside is not None and problem in loaded.problem and "\n" not in loaded.problem
    again = load_progress("alice")  # the next start is a fresh start, not the same crash
    assert again.moved_aside is None and again.progress == Progress("alice")
    stats = subprocess.run([sys.executable, "-m", "losshelp", "quiz", "stats", "--profile", "alice"], capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, timeout=60)
    assert stats.returncode == 0 and "Traceback" not in stats.stderr


def test_a_valid_file_loads_and_stale_temporary_files_are_removed():
    path = profile_path("alice")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(_file()))
    for n in range(3):
        (path.parent / f".alice.json.k{n}.tmp").write_bytes(b"half a write")
    (path.parent / ".bob.json.k.tmp").write_bytes(b"another profile's")
    loaded = load_progress("alice")
    assert loaded.moved_aside is None and loaded.progress.records["q1"].card.stability == 3.5
    assert sorted(p.name for p in path.parent.iterdir()) == [".bob.json.k.tmp", "alice.json", "alice.json.lock"]
    assert to_dict(loaded.progress)["records"]["q1"]["card"]["due"] == "2026-03-05T12:00:00+00:00"
    save_progress(record_answer(loaded.progress, "q2", True, NOW))
    assert _answers(load_progress("alice").progress) == 2
