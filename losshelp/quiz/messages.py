"""Quiz lines both front ends show (the line mode and the terminal app)."""

from __future__ import annotations

from collections.abc import Sequence

from losshelp.present import say
from losshelp.quiz.summary import TagScore
from losshelp.quiz.tags import tag_label


def per_tag_lines(scores: Sequence[TagScore], lang: str) -> list[str]:
    """The score per topic, a heading then `  topic: right/total` a line; nothing when there are no scores."""
    return [say("quiz.per_tag", lang), *(f"  {tag_label(s.tag, lang)}: {s.right}/{s.total}" for s in scores)] if scores else []
