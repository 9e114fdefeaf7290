"""The loader validates every file against the schema and names file, line and key on error."""

from __future__ import annotations

import pytest

from losshelp.kb import KBError, load_kb


def test_the_mini_kb_loads(mini_kb, kb_dir):
    kb = load_kb(kb_dir(mini_kb))
    assert list(kb.causes) == ["lr_too_low"]
    assert kb.symptoms["train_loss"].answers == ["decreasing", "flat"]
    assert kb.find("raise_lr").path.name == "fixes.yaml"


def test_yaml_syntax_error_names_file_and_line(mini_kb, kb_dir):
    mini_kb["fixes.yaml"] = "fixes:\n  - id: a\n    title: {en: x\n"
    with pytest.raises(KBError) as err:
        load_kb(kb_dir(mini_kb))
    message = str(err.value)
    assert "fixes.yaml:" in message and "not valid YAML" in message
    assert "\n" not in message


def test_wrong_type_names_file_line_key_and_expectation(mini_kb, kb_dir):
    mini_kb["causes.yaml"]["causes"][0]["name"]["zh"] = 5
    with pytest.raises(KBError) as err:
        load_kb(kb_dir(mini_kb))
    message = str(err.value)
    assert message.startswith(str(kb_dir(mini_kb) / "causes.yaml") + ":")
    line = int(message.split(":")[1])
    text = (kb_dir(mini_kb) / "causes.yaml").read_text().splitlines()
    assert "zh: 5" in text[line - 1]
    assert "causes[0].name.zh" in message
    assert "string" in message and "got 5" in message


def test_unknown_key_is_an_error(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"][0]["snipet"] = "x = 1"
    with pytest.raises(KBError, match=r"fixes\[0\]\.snipet: unknown key"):
        load_kb(kb_dir(mini_kb))


def test_missing_required_key(mini_kb, kb_dir):
    del mini_kb["causes.yaml"]["causes"][0]["category"]
    with pytest.raises(KBError, match=r"causes\[0\]\.category: required key is missing"):
        load_kb(kb_dir(mini_kb))


def test_bad_enum_value_lists_what_was_expected(mini_kb, kb_dir):
    mini_kb["causes.yaml"]["causes"][0]["category"] = "magic"
    with pytest.raises(KBError, match=r"category: Input should be 'optimization'.*got 'magic'"):
        load_kb(kb_dir(mini_kb))


def test_bad_id_pattern(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"][0]["id"] = "Raise LR"
    with pytest.raises(KBError, match=r"fixes\[0\]\.id: String should match pattern"):
        load_kb(kb_dir(mini_kb))


def test_condition_needs_exactly_one_comparison(mini_kb, kb_dir):
    mini_kb["rules.yaml"]["rules"][0]["when"][0]["gt"] = 1.0
    with pytest.raises(KBError, match=r"rules\[0\]\.when\[0\]: .*exactly one of"):
        load_kb(kb_dir(mini_kb))


def test_unknown_collection_and_non_mapping(mini_kb, kb_dir):
    mini_kb["extra.yaml"] = {"recipes": []}
    with pytest.raises(KBError, match="extra.yaml:1: recipes: unknown collection"):
        load_kb(kb_dir(mini_kb))
    mini_kb["extra.yaml"] = "- just\n- a list\n"
    with pytest.raises(KBError, match="extra.yaml:1: .*expected a mapping"):
        load_kb(kb_dir(mini_kb))


def test_missing_folder(tmp_path):
    with pytest.raises(KBError, match="not a directory"):
        load_kb(tmp_path / "nowhere")
