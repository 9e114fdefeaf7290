"""The end-of-session summary: score per topic, the weakest topics, and the causes to read again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from losshelp.quiz.grade import Graded

WEAKEST = 3


@dataclass(frozen=True)
class TagScore:
    """Right answers out of questions asked, for one topic."""

    tag: str
    right: int
    total: int

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class Summary:
    """How a session went; `review` lists the cause ids behind the wrong answers, most missed first."""

    right: int
    total: int
    per_tag: tuple[TagScore, ...]
    weakest: tuple[str, ...]
    review: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def all_right(self) -> bool:
        """Every answer given was right (and there was at least one); a wrong answer whose question names
        no cause to review is still wrong."""
        return self.total > 0 and self.right == self.total


def summarize(results: Sequence[Graded]) -> Summary:
    """Score per tag (worst first), the weakest topics (those with a miss), and what to review."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    review: Counter[str] = Counter()
    for graded in results:
        for tag in graded.question.tags:
            total[tag] += 1
            right[tag] += graded.correct
        if not graded.correct:
            review.update(graded.question.causes)
    scores = sorted((TagScore(t, right[t], total[t]) for t in total), key=lambda s: (s.ratio, -s.total, s.tag))
    weakest = tuple(s.tag for s in scores if s.right < s.total)[:WEAKEST]
    return Summary(
        right=sum(g.correct for g in results),
        total=len(results),
        per_tag=tuple(scores),
        weakest=weakest,
        review=tuple(c for c, _ in sorted(review.items(), key=lambda kv: (-kv[1], kv[0]))),
        missed=tuple(g.question.id for g in results if not g.correct),
    )
