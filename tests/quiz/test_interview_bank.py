"""The interview bank: every topic real interviews ask is covered, questions are hard enough, every
option is explained, and citations of public references resolve."""

from __future__ import annotations

import re
from collections import Counter

from losshelp.kb import default_kb
from losshelp.kb.lint import _texts

KB = default_kb()
INTERVIEW = [q for q in KB.questions.values() if q.id.startswith("iv_")]

TOPICS = {
    "zeroinit": "all-zero initialisation and symmetry",
    "adamw": "AdamW vs Adam with L2",
    "fp16": "NaN with fp16 and loss scaling",
    "bf16": "bf16",
    "gradscaler": "loss scaling in practice",
    "dropout": "dropout at inference, inverted dropout",
    "norm": "LayerNorm vs BatchNorm, small batches, train vs eval statistics",
    "adam": "Adam fast but may generalise worse than SGD",
    "ce": "cross-entropy vs MSE for classification",
    "label": "label smoothing",
    "warmup": "warm-up for Transformers",
    "scaling": "linear LR-batch scaling",
    "rnn": "exploding gradients and clipping in RNNs",
    "sigmoid": "sigmoid's derivative",
    "xavier": "Xavier and He initialisation",
    "spikes": "loss spikes in large-model training",
    "overfit": "overfit one batch",
    "lnc": "the ln C sanity check at initialisation",
    "loop": "zero_grad and other training-loop bugs",
    "eval": "model.eval()",
}
GROUPS = [("zeroinit",), ("adamw",), ("fp16", "bf16", "gradscaler"), ("dropout",), ("norm",), ("adam",), ("ce",),
          ("label",), ("warmup",), ("scaling",), ("rnn",), ("sigmoid", "xavier"), ("spikes",), ("overfit",), ("lnc",),
          ("loop",), ("eval",)]


def topic(question_id: str) -> str:
    return question_id.split("_")[1]


def test_every_interview_topic_has_at_least_two_questions():
    counts = Counter(topic(q.id) for q in INTERVIEW)
    assert set(counts) <= set(TOPICS)
    for group in GROUPS:
        assert sum(counts[t] for t in group) >= 2, group


def test_most_interview_questions_are_multi_step_and_every_option_is_explained():
    hard = [q for q in INTERVIEW if q.difficulty >= 3]
    assert len(hard) >= 0.6 * len(INTERVIEW)
    for q in INTERVIEW:
        assert all(o.explain.en.strip() and o.explain.zh.strip() for o in q.options), q.id
        assert len({o.text.en for o in q.options}) == len(q.options), q.id


def test_the_whole_bank_is_big_and_hard_enough():
    questions = list(KB.questions.values())
    assert len(questions) >= 130
    assert sum(q.difficulty >= 3 for q in questions) >= 0.4 * len(questions)


def test_every_reference_is_cited_and_every_citation_resolves():
    cited = Counter(c.removeprefix("ref:") for q in KB.questions.values() for c in q.sources if c.startswith("ref:"))
    assert set(cited) == set(KB.references)
    assert all(r.url.startswith("https://") and r.year >= 2010 for r in KB.references.values())


def test_chinese_text_uses_chinese_punctuation_between_chinese_words():
    pattern = re.compile(r"[\u4e00-\u9fff][,;:] ?[\u4e00-\u9fff]")
    for entry in KB.entries:
        for _key, text, _optional in _texts(entry.item):
            assert not pattern.search(text.zh), (entry.item, text.zh)


def test_few_questions_test_recall_of_a_source_wording():
    recall = re.compile(r"\b(summary|nowcoder|according to|the source|the course|the lecture)\b", re.I)
    asks_recall = [q.id for q in KB.questions.values() if recall.search(q.text.en)]
    assert len(asks_recall) <= 0.1 * len(KB.questions), asks_recall
