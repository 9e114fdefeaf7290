"""`losshelp diagnose` end to end: JSON output, answer files, --set, one-line errors, the wizard."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from losshelp.cli import main
from losshelp.commands.diagnose_wizard import run_wizard
from losshelp.engine import WizardSession


def run_json(capsys, *argv) -> dict:
    assert main(["diagnose", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_matches_design(capsys):
    out = run_json(capsys, "--set", "train_loss=flat", "--set", "stage=first_epochs")
    assert list(out) == ["verdict", "facts", "findings", "causes"] and out["verdict"] == "problem"
    assert out["facts"] == {"train_loss": "flat", "stage": "first_epochs"} and out["findings"] == []
    first = out["causes"][0]
    assert set(first) == {"id", "score", "level", "because", "fixes"}
    assert first["id"] == "lr_too_low" and first["level"] == "likely" and first["fixes"]
    assert [c["score"] for c in out["causes"]] == sorted((c["score"] for c in out["causes"]), reverse=True)


def test_answers_file_yaml_with_yes_no(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text("data_shuffled: no\ntrain_loss: oscillating\nbatch_size: 32\n", encoding="utf-8")
    out = run_json(capsys, "--answers", str(path))
    assert out["facts"] == {"data_shuffled": "no", "train_loss": "oscillating", "batch_size": 32.0}
    assert out["causes"][0]["id"] == "data_not_shuffled"


def test_set_overrides_answers_file(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"train_loss": "flat"}), encoding="utf-8")
    assert run_json(capsys, "--answers", str(path), "--set", "train_loss=rising")["facts"]["train_loss"] == "rising"


@pytest.mark.parametrize(
    ("content", "expected"),
    [("train_loss: [flat", "not valid YAML or JSON"), ("- flat\n- rising\n", "expected a mapping"), ("train_loss: {a: 1}\n", "one value per fact")],
)
def test_bad_answer_files_fail_in_one_line(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["diagnose", "--answers", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(path) in err and expected in err


def test_an_unclosed_bracket_names_the_line_it_opened_on(tmp_path, capsys):
    path = tmp_path / "open.yaml"
    path.write_text("train_loss: flat\nstage: [first\n", encoding="utf-8")
    assert main(["diagnose", "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "on line 2" in err


def test_answer_file_that_is_not_text(tmp_path, capsys):
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\x80\x02\x00\x01binary")
    assert main(["diagnose", "--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert "a Python pickle" in err and "expected an answer file as text" in err and len(err.splitlines()) == 1


def test_missing_answer_file(tmp_path, capsys):
    assert main(["diagnose", "--answers", str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml: no such file; expected an answer file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("item", "expected"),
    [("nope=1", "known facts: train_loss"), ("train_loss=up", "decreasing, flat, rising"), ("lr=fast", "takes a finite number >= 0"),
     ("train_loss", "FACT=VALUE"),
     ("weight_decay=huge", "a finite number >= 0 or one of none, light, medium, strong, very_strong")],
)
def test_bad_set_lists_valid_ones(capsys, item, expected):
    assert main(["diagnose", "--set", item]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and expected in err


def test_a_band_name_states_its_number_everywhere(capsys, kb):
    """--set, answer files and the wizard all accept the band names the wizard offers."""
    assert run_json(capsys, "--set", "weight_decay=very_strong")["facts"] == {"weight_decay": 0.5}
    session = WizardSession(kb, facts={"weight_decay": "strong"})
    assert session.facts == {"weight_decay": 0.05}


def test_text_output_in_chinese(capsys):
    assert main(["diagnose", "--set", "data_shuffled=no", "--lang", "zh", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "data_not_shuffled" in out and "打乱" in out


def test_wizard_loop_with_keys(kb):
    session = WizardSession(kb)
    first = session.next_question().fact
    inputs = iter(["1", "?", "u", "b", "2", "q"])
    buffer = io.StringIO()
    assert run_wizard(session, 3, read=lambda _prompt: next(inputs), console=Console(file=buffer, width=100)) == 0
    # 1 answers the first question; on the second, ? explains, u skips, b undoes the skip, 2 answers it
    assert list(session.facts)[0] == first and len(session.facts) == 2 and session.skipped == set()
    second = list(session.facts)[1]
    assert session.facts[second] == kb.symptoms[second].answers[1]
    assert "bits" in buffer.getvalue()


def test_wizard_number_out_of_range_asks_again(kb):
    session = WizardSession(kb)
    first = session.next_question()
    inputs = iter([str(len(first.choices) + 1), "1", "q"])
    buffer = io.StringIO()
    run_wizard(session, 3, read=lambda _prompt: next(inputs), console=Console(file=buffer, width=100))
    assert f"from 1 to {len(first.choices)}" in buffer.getvalue()
    assert session.facts == {first.fact: first.choices[0][0]}


def test_wizard_end_of_input_shows_the_result(kb):
    session = WizardSession(kb)
    inputs = iter(["2"])

    def read(_prompt: str) -> str:
        line = next(inputs, None)
        if line is None:
            raise EOFError  # what input() raises when stdin ends
        return line

    buffer = io.StringIO()
    assert run_wizard(session, 3, read=read, console=Console(file=buffer, width=100)) == 0
    assert len(session.facts) == 1 and "why" in buffer.getvalue()


def test_wizard_number_question_takes_a_band_or_a_value(kb):
    number = next(s for s in kb.symptoms.values() if s.ask and s.bands)
    others = {s.id for s in kb.symptoms.values() if s.ask and s.id != number.id}
    for line, expected in (("1", number.bands[number.options[0]]), ("4096", 4096.0)):
        session = WizardSession(kb)
        session.skipped = set(others)  # so the number is the one question left
        inputs = iter([line, "q"])
        buffer = io.StringIO()
        run_wizard(session, 3, read=lambda _prompt, inputs=inputs: next(inputs), console=Console(file=buffer, width=120))
        assert session.facts == {number.id: expected}
        assert "type the number itself" in buffer.getvalue()
