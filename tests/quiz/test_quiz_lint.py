"""Lint catches broken questions on a fixture knowledge base: wrong answer, missing explanation, near-duplicates."""

from __future__ import annotations

import copy

from losshelp.kb import load_kb
from losshelp.kb.lint import lint

SRC = "001_06de6faf8cd521f1.txt#s1"


def _question(qid: str, text_en: str, text_zh: str) -> dict:
    return {
        "id": qid,
        "kind": "single",
        "text": {"en": text_en, "zh": text_zh},
        "options": [
            {"id": "a", "text": {"en": "Too low", "zh": "太低"}, "explain": {"en": "Tiny steps.", "zh": "步子太小。"}},
            {"id": "b", "text": {"en": "Too high", "zh": "太高"}, "explain": {"en": "It diverges.", "zh": "会发散。"}},
        ],
        "answer": ["a"],
        "tags": ["learning_rate"],
        "causes": ["lr_too_low"],
        "sources": [SRC],
    }


def _kb_with(mini_kb, kb_dir, *questions):
    files = copy.deepcopy(mini_kb)
    files["questions.yaml"] = {"questions": list(questions)}
    return lint(load_kb(kb_dir(files)))


def test_a_good_question_is_clean(mini_kb, kb_dir):
    assert _kb_with(mini_kb, kb_dir, _question("q1", "Why is the loss flat?", "loss 为什么不变？")) == []


def test_wrong_answer_id(mini_kb, kb_dir):
    q = _question("q1", "Why is the loss flat?", "loss 为什么不变？")
    q["answer"] = ["z"]
    problems = _kb_with(mini_kb, kb_dir, q)
    assert [p.kind for p in problems] == ["answer not an option"]
    assert "'z'" in problems[0].message


def test_missing_explanation(mini_kb, kb_dir):
    q = _question("q1", "Why is the loss flat?", "loss 为什么不变？")
    q["options"][1]["explain"] = {"en": "", "zh": ""}
    problems = _kb_with(mini_kb, kb_dir, q)
    assert sorted(p.kind for p in problems) == ["missing explanation", "missing translation"]
    assert any("options[1].explain has no en/zh" in p.message for p in problems)
    assert any("option 'b' does not say why" in p.message for p in problems)


def test_near_duplicate_and_exact_duplicate(mini_kb, kb_dir):
    first = _question("q1", "Why does the training loss stay flat in the first epochs?", "为什么训练 loss 在最初几个 epoch 不变？")
    near = _question("q2", "Why does the training loss stay flat during the first epochs?", "为什么训练 loss 在最初的几个 epoch 不变？")
    same = _question("q3", first["text"]["en"], first["text"]["zh"])
    other = _question("q4", "Which optimiser suits sparse inputs?", "稀疏输入适合用哪种优化器？")
    problems = _kb_with(mini_kb, kb_dir, first, near, same, other)
    found = {(p.kind, p.message.split()[0]) for p in problems}
    assert found == {("near-duplicate question", "q2"), ("duplicate question", "q3")}


def test_untagged_and_bad_true_false(mini_kb, kb_dir):
    q = _question("q1", "Is a flat loss fine?", "loss 不变正常吗？")
    q["kind"] = "truefalse"
    q["options"].append(dict(q["options"][0], id="c"))
    q["tags"] = []
    kinds = {p.kind for p in _kb_with(mini_kb, kb_dir, q)}
    assert kinds == {"bad options", "missing tag"}
