"""The quiz's topics: the fixed tag vocabulary of the schema and how each tag is named on screen."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import get_args

import yaml

from losshelp.kb.models import QuestionTag, Text

TAGS: tuple[str, ...] = get_args(QuestionTag)
_LABELS_FILE = Path(__file__).with_name("tags.yaml")


@lru_cache(maxsize=1)
def tag_labels() -> dict[str, Text]:
    """tag -> its name in zh and en, read from tags.yaml."""
    raw = yaml.safe_load(_LABELS_FILE.read_text(encoding="utf-8"))["tags"]
    return {tag: Text.model_validate(label) for tag, label in raw.items()}


def tag_label(tag: str, lang: str) -> str:
    """The on-screen name of `tag` in `lang`; the tag itself when it has no label."""
    label = tag_labels().get(tag)
    return label.get(lang) if label else tag


def parse_tags(text: str) -> list[str]:
    """`"learning_rate, data"` -> the tags; a ValueError names any unknown tag and lists the known ones."""
    tags = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise ValueError(f"unknown tag(s) {', '.join(unknown)}; known: {', '.join(TAGS)}")
    return tags
