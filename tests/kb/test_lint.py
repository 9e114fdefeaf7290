"""Lint finds each kind of problem on a fixture knowledge base, and nothing on a clean one."""

from __future__ import annotations

import pytest

from losshelp.kb import load_kb
from losshelp.kb.lint import lint

SRC = "001_06de6faf8cd521f1.txt#s1"


def kinds(kb_dir, files) -> set[str]:
    return {p.kind for p in lint(load_kb(kb_dir(files)))}


def test_the_mini_kb_is_clean(mini_kb, kb_dir):
    assert lint(load_kb(kb_dir(mini_kb))) == []


def test_dangling_fix_reference(mini_kb, kb_dir):
    mini_kb["causes.yaml"]["causes"][0]["fixes"] = ["raise_lr", "nope"]
    problems = lint(load_kb(kb_dir(mini_kb)))
    assert [(p.kind, p.where) for p in problems] == [("dangling reference", "causes.yaml:2")]
    assert "nope" in problems[0].message


def test_cause_without_a_fix(mini_kb, kb_dir):
    mini_kb["causes.yaml"]["causes"][0]["fixes"] = []
    assert "cause without a fix" in kinds(kb_dir, mini_kb)


def test_missing_translation(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"][0]["steps"][0]["zh"] = ""
    problems = lint(load_kb(kb_dir(mini_kb)))
    assert [p.kind for p in problems] == ["missing translation"]
    assert "steps[0] has no zh" in problems[0].message


def test_missing_source_and_unknown_section(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"][0]["sources"] = []
    mini_kb["causes.yaml"]["causes"][0]["sources"] = ["001_06de6faf8cd521f1.txt#nowhere"]
    found = kinds(kb_dir, mini_kb)
    assert {"missing source", "dangling reference"} <= found


def test_duplicate_id_across_collections(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"].append(dict(mini_kb["fixes.yaml"]["fixes"][0], id="lr_too_low"))
    problems = [p for p in lint(load_kb(kb_dir(mini_kb))) if p.kind == "duplicate id"]
    assert len(problems) == 1 and "lr_too_low" in problems[0].message


def test_unused_symptom_and_unreached_cause(mini_kb, kb_dir):
    mini_kb["rules.yaml"]["rules"][0]["then"][0]["weight"] = -0.5
    symptom = dict(mini_kb["symptoms.yaml"]["symptoms"][0], id="stage")
    mini_kb["symptoms.yaml"]["symptoms"].append(symptom)
    found = kinds(kb_dir, mini_kb)
    assert {"unused symptom", "unreached cause"} <= found


def test_rule_with_unknown_fact_value_or_cause(mini_kb, kb_dir):
    rule = mini_kb["rules.yaml"]["rules"][0]
    rule["when"].append({"fact": "train_loss", "is": "sideways"})
    rule["when"].append({"fact": "mystery", "is": "yes"})
    rule["then"].append({"cause": "gremlins", "weight": 0.3})
    messages = [p.message for p in lint(load_kb(kb_dir(mini_kb))) if p.kind == "dangling reference"]
    assert any("sideways" in m for m in messages)
    assert any("mystery" in m for m in messages)
    assert any("gremlins" in m for m in messages)


def test_intermediate_facts_count_as_known(mini_kb, kb_dir):
    rules = mini_kb["rules.yaml"]["rules"]
    rules.append(dict(rules[0], id="derive", then=[{"fact": "stuck", "value": "yes"}]))
    rules.append(dict(rules[0], id="use", when=[{"fact": "stuck", "is": "yes"}]))
    assert lint(load_kb(kb_dir(mini_kb))) == []


def test_uncovered_section(mini_kb, kb_dir):
    mini_kb["sources.yaml"]["sources"][0]["sections"].append({"id": "s2", "title": {"en": "Two", "zh": "二"}})
    problems = lint(load_kb(kb_dir(mini_kb)))
    assert [p.kind for p in problems] == ["uncovered section"]
    assert "#s2" in problems[0].message


def test_bad_snippet(mini_kb, kb_dir):
    mini_kb["fixes.yaml"]["fixes"][0]["snippet"] = "for x in range(3)\n    pass\n"
    assert "bad snippet" in kinds(kb_dir, mini_kb)


def test_missing_label_for_a_choice_value(mini_kb, kb_dir):
    del mini_kb["symptoms.yaml"]["symptoms"][0]["labels"]["flat"]
    assert "missing label" in kinds(kb_dir, mini_kb)


@pytest.mark.parametrize("answer, kind", [(["Z"], "answer not an option"), (["A", "B"], "bad answer")])
def test_question_answers(mini_kb, kb_dir, answer, kind):
    option = lambda i: {"id": i, "text": {"en": i, "zh": i}, "explain": {"en": "why", "zh": "为何"}}  # noqa: E731
    mini_kb["questions.yaml"] = {
        "questions": [
            {
                "id": "q1",
                "kind": "single",
                "text": {"en": "Which?", "zh": "哪个？"},
                "options": [option("A"), option("B")],
                "answer": answer,
                "sources": [SRC],
            }
        ]
    }
    assert kind in kinds(kb_dir, mini_kb)


@pytest.mark.parametrize("snippet", ["-" * 100_000 + "1\n", "a" + ".b" * 200_000 + "\n"], ids=["MemoryError", "RecursionError"])
def test_snippet_python_cannot_compile_is_one_problem(mini_kb, kb_dir, snippet):
    mini_kb["fixes.yaml"]["fixes"][0]["snippet"] = snippet
    problems = lint(load_kb(kb_dir(mini_kb)))
    assert [p.kind for p in problems] == ["bad snippet"]
    assert "cannot compile" in problems[0].message


def _with_number_rule(mini_kb, bound):
    mini_kb["symptoms.yaml"]["symptoms"].append(
        {"id": "lr", "kind": "number", "question": {"en": "What is the learning rate?", "zh": "学习率是多少？"}, "ask": False, "sources": [SRC]}
    )
    mini_kb["rules.yaml"]["rules"][0]["when"].append({"fact": "lr", "gt": bound})
    return mini_kb


@pytest.mark.parametrize("bound", [float("nan"), float("inf"), float("-inf"), 1e300, -1e7, 9e6])
def test_rule_bound_the_engine_cannot_compare(mini_kb, kb_dir, bound):
    problems = lint(load_kb(kb_dir(_with_number_rule(mini_kb, bound))))
    assert [p.kind for p in problems] == ["bad bound"]
    assert problems[0].message.startswith("flat_means_low_lr: 'lr' gt ")


@pytest.mark.parametrize("bound", [0.01, -8.9e6, 8.9e6, 1e-12])
def test_rule_bound_in_range_is_clean(mini_kb, kb_dir, bound):
    assert lint(load_kb(kb_dir(_with_number_rule(mini_kb, bound)))) == []


def test_empty_knowledge_base_fails(tmp_path, capsys):
    from losshelp.cli import main

    problems = lint(load_kb(tmp_path))
    assert {p.kind for p in problems} == {"empty knowledge base"} and len(problems) == 4
    assert main(["kb", "--dir", str(tmp_path), "lint"]) == 1
    assert "no rules were found" in capsys.readouterr().out


def test_snippet_declarations(mini_kb, kb_dir):
    fix = mini_kb["fixes.yaml"]["fixes"][0]
    fix["snippet"] = "import torchvision\nfor g in optimizer.param_groups:\n    g['lr'] *= 10\n"
    problems = lint(load_kb(kb_dir(mini_kb)))
    messages = [p.message for p in problems if p.kind == "undeclared snippet"]
    assert any("'optimizer'" in m for m in messages) and any("'torchvision'" in m for m in messages)
    fix["needs"], fix["requires"] = ["optimizer"], ["torchvision"]
    assert [p for p in lint(load_kb(kb_dir(mini_kb))) if p.kind == "undeclared snippet"] == []
    del fix["needs"]
    assert any("declares no 'needs'" in p.message for p in lint(load_kb(kb_dir(mini_kb))))
