"""The progress store: round trip, atomic replacement under SIGKILL, corrupt files moved aside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from losshelp.quiz import store
from losshelp.quiz.progress import Progress, to_dict
from losshelp.quiz.schedule import record_answer
from losshelp.quiz.store import load_progress, profile_path, save_progress

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[2]

# A writer that replaces the profile in a loop, printing each generation once it is saved. The
# JSON is built once and only its counters change, so that the time goes into writing and a kill
# lands in the middle of a write.
WRITER = """
import json, sys
from datetime import datetime, timezone
from losshelp.quiz.progress import Progress, Record, to_dict
from losshelp.quiz.schedule import new_card
from losshelp.quiz.store import profile_path
from losshelp.userdata import write_atomic
now = datetime(2026, 3, 2, tzinfo=timezone.utc)
records = {f"q{i}": Record(new_card(f"q{i}", now), 999999937) for i in range(6000)}
template = json.dumps(to_dict(Progress("kill", records, {"2026-03-02": 999999937})))
generation = int(sys.argv[1])
while True:
    generation += 1
    write_atomic(profile_path("kill"), template.replace("999999937", str(generation)).encode())
    print(generation, flush=True)
"""


def test_data_dir_follows_the_environment(data_dir: Path):
    assert store.data_dir() == data_dir
    assert profile_path("alice") == data_dir / "alice.json"


def test_round_trip_and_a_missing_file_is_a_fresh_start():
    fresh = load_progress("alice")
    assert fresh.progress == Progress("alice") and fresh.moved_aside is None
    progress = record_answer(fresh.progress, "q1", True, NOW)
    save_progress(progress)
    again = load_progress("alice").progress
    assert to_dict(again) == to_dict(progress)
    assert again.records["q1"].card.due == progress.records["q1"].card.due


@pytest.mark.parametrize("name", ["../evil", "", "a/b", ".hidden"])
def test_profile_names_stay_inside_the_folder(name):
    with pytest.raises(ValueError, match="bad profile name"):
        profile_path(name)


@pytest.mark.parametrize("content", [b"{not json", b'{"format": 1}', "\u00ff".encode("latin-1"),
                                     b'{"format": 1, "profile": "bob", "introduced": {}, "records": {}}'])
def test_a_corrupt_file_is_moved_aside_and_reported(content):
    path = profile_path("alice")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded = load_progress("alice")
    assert loaded.progress == Progress("alice")
    assert loaded.moved_aside is not None and loaded.problem
    assert loaded.moved_aside.name.startswith("alice.json.corrupt-")
    assert loaded.moved_aside.read_bytes() == content  # kept as it was, never dropped
    assert not path.exists()


def test_a_writer_killed_mid_write_leaves_the_old_progress_intact():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    last_saved = leftovers = 0
    for round_ in range(8):  # three rounds, more until a kill has landed mid-write (a busy machine may miss)
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(last_saved)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert writer.stdout is not None
        seen = int(writer.stdout.readline())  # at least one complete save in this round
        _wait_for_a_temporary_file(profile_path("kill").parent, delay=0.002 * round_)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        seen = max([seen, *(int(line) for line in writer.stdout.read().split())])
        leftovers += len(list(profile_path("kill").parent.glob(".kill.json.*.tmp")))
        loaded = load_progress("kill")
        assert not list(profile_path("kill").parent.glob(".kill.json.*.tmp"))  # the next load cleans them up
        assert loaded.moved_aside is None, loaded.problem
        generation = loaded.progress.introduced["2026-03-02"]
        # The file holds a whole generation: the last one reported or the one after (saved, not yet printed).
        assert seen <= generation <= seen + 1
        assert {r.right for r in loaded.progress.records.values()} == {generation}
        last_saved = generation
        if round_ >= 2 and leftovers:
            break
    # The kills landed mid-write: they left temporary files behind, which never became the profile.
    assert leftovers > 0


def _wait_for_a_temporary_file(folder: Path, delay: float, limit: float = 5.0) -> None:
    """Return `delay` seconds after a write is seen in progress (a new temporary file exists)."""
    before = {p.name for p in folder.glob(".kill.json.*")}
    end = time.monotonic() + limit
    while time.monotonic() < end and not {p.name for p in folder.glob(".kill.json.*")} - before:
        pass
    time.sleep(delay)


def test_a_peek_reports_a_corrupt_file_and_leaves_it_in_place():
    path = profile_path("alice")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{not json")
    peeked = load_progress("alice", move_aside=False)
    assert peeked.progress == Progress("alice") and peeked.problem and peeked.moved_aside is None
    assert [p.name for p in path.parent.iterdir()] == ["alice.json"]
    assert load_progress("alice").moved_aside is not None  # the ordinary read still moves it aside
