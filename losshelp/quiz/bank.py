"""The question bank: the hand-written questions of the knowledge base plus the generated ones."""

from __future__ import annotations

from collections.abc import Iterable

from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Question
from losshelp.quiz.generate import generated_questions


def question_bank(kb: KnowledgeBase) -> list[Question]:
    """Every question, hand-written first (in file order), then the generated scenarios."""
    written = list(kb.questions.values())
    taken = {q.id for q in written}
    return written + [q for q in generated_questions(kb) if q.id not in taken]


def with_tags(questions: Iterable[Question], tags: Iterable[str]) -> list[Question]:
    """The questions that carry at least one of `tags`; all of them when no tag is given."""
    wanted = set(tags)
    return [q for q in questions if not wanted or wanted & set(q.tags)]
