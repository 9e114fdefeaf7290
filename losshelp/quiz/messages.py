"""What a quiz front end says (the line mode and the terminal app alike), in both languages."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from losshelp.quiz.summary import TagScore
from losshelp.quiz.tags import tag_label

_STRINGS = Path(__file__).with_name("messages.yaml")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(_STRINGS.read_text(encoding="utf-8"))


def say(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    return _strings()[key][lang].format(**values)


def per_tag_lines(scores: Sequence[TagScore], lang: str) -> list[str]:
    """The score per topic, a heading then `  topic: right/total` a line; nothing when there are no scores."""
    return [say("per_tag", lang), *(f"  {tag_label(s.tag, lang)}: {s.right}/{s.total}" for s in scores)] if scores else []
