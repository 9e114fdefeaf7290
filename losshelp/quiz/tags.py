"""The quiz's topics: the fixed tag vocabulary of the schema; their names on screen are words/quiz.yaml's `tag_*`."""

from __future__ import annotations

from typing import get_args

from losshelp.kb.models import QuestionTag
from losshelp.present import say

TAGS: tuple[str, ...] = get_args(QuestionTag)


def tag_label(tag: str, lang: str) -> str:
    """The on-screen name of `tag` in `lang` (every tag of the schema has one: tests/quiz checks)."""
    return say(f"quiz.tag_{tag}", lang)


def parse_tags(text: str) -> list[str]:
    """`"learning_rate, data"` -> the tags; a ValueError names any unknown tag and lists the known ones."""
    tags = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise ValueError(f"unknown tag(s) {', '.join(unknown)}; known: {', '.join(TAGS)}")
    return tags
