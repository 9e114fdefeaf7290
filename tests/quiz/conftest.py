"""Quiz fixtures: small questions built in code (the data folder comes from tests/conftest.py)."""

from __future__ import annotations

from losshelp.kb.models import Option, Question, Text


def make_question(
    qid: str = "q1",
    kind: str = "single",
    n: int = 4,
    answer: tuple[str, ...] = ("a",),
    last: tuple[str, ...] = (),
    tags: tuple[str, ...] = ("learning_rate",),
    difficulty: int = 2,
    causes: tuple[str, ...] = (),
) -> Question:
    """A question with options a, b, c... each explained; `last` ids are pinned to the end."""
    ids = ["t", "f"] if kind == "truefalse" else [chr(ord("a") + i) for i in range(n)]
    options = [
        Option(id=i, text=Text(en=f"option {i}", zh=f"选项 {i}"), explain=Text(en=f"why {i}", zh=f"原因 {i}"), last=i in last)
        for i in ids
    ]
    return Question(
        id=qid,
        kind=kind,
        text=Text(en=f"question {qid}", zh=f"问题 {qid}"),
        options=options,
        answer=list(answer),
        tags=list(tags),
        difficulty=difficulty,
        causes=list(causes),
    )
