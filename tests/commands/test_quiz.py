"""`losshelp quiz` (the line mode) end to end: a subprocess with answers on stdin, progress on disk, stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from losshelp.kb import default_kb
from losshelp.quiz import Progress, Settings, question_bank, start_session

ROOT = Path(__file__).resolve().parents[2]


def quiz(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LOSSHELP_LANG="en")
    return subprocess.run([sys.executable, "-m", "losshelp", "quiz", *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def expected_session(seed: int, count: int, tags: tuple[str, ...] = ()):
    """The session the command builds for a fresh profile with this seed."""
    return start_session(question_bank(default_kb()), Progress("p"), Settings(tags=tags, count=count, seed=seed), datetime.now(timezone.utc))


def test_right_then_wrong_then_stop_prints_feedback_and_a_summary(data_dir: Path):
    shown = expected_session(seed=5, count=3, tags=("critical_points",)).items
    wrong = next(letter for letter in shown[1].letters if letter not in shown[1].answer_letters)
    stdin = f"{shown[0].answer_letters}\nZ\n{wrong}\nq\n"
    result = quiz("--seed", "5", "--count", "3", "--tags", "critical_points", "--profile", "p", stdin=stdin)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert shown[0].question.text.en in out and shown[1].question.text.en in out
    assert "Right." in out and f"Wrong: the answer is {shown[1].answer_letters}." in out
    assert "'Z' is not an option" in out  # a bad reply is explained and asked again
    assert shown[1].options[shown[1].letters.index(wrong)].explain.en in out  # the chosen option's why
    assert "losshelp kb show" in out and "Summary: 1/2 right." in out
    saved = json.loads((data_dir / "p.json").read_text(encoding="utf-8"))
    assert set(saved["records"]) == {shown[0].question.id, shown[1].question.id}
    stats = json.loads(quiz("stats", "--json", "--profile", "p").stdout)
    assert (stats["seen"], stats["right"], stats["wrong"]) == (2, 1, 1)


def test_numbers_work_and_input_may_just_end(data_dir: Path):
    shown = expected_session(seed=2, count=2).items
    numbers = " ".join(str(shown[0].letters.index(c) + 1) for c in shown[0].answer_letters)
    result = quiz("--seed", "2", "--count", "2", "--profile", "p", stdin=f"{numbers}\n")
    assert result.returncode == 0 and "Right." in result.stdout and "Summary: 1/1 right." in result.stdout


def test_chinese_output_and_a_corrupt_profile_is_reported(data_dir: Path):
    data_dir.mkdir(parents=True)
    (data_dir / "p.json").write_text("{broken", encoding="utf-8")
    result = quiz("--lang", "zh", "--count", "1", "--profile", "p", stdin="q\n")
    assert result.returncode == 0
    assert "小结：答对 0/0 题。" in result.stdout
    assert "p.json.corrupt-" in result.stderr and len(list(data_dir.glob("p.json.corrupt-*"))) == 1


def test_errors_are_one_line():
    result = quiz("--tags", "nonsense")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "unknown tag" in result.stderr
    help_text = quiz("--help").stdout.replace("\n", " ")
    assert "run `losshelp`, then press q" in help_text and "not built" not in help_text and "--plain" not in help_text
