"""Lint checks on the generated questions, run by `losshelp kb lint` next to the KB's own checks:
the same flaws as a hand-written question, plus a stem that gives its answer away."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from losshelp.kb.lint import Problem, question_problems
from losshelp.kb.loader import KnowledgeBase
from losshelp.quiz.generate import generated_questions, gives_away


def check_generated_questions(kb: KnowledgeBase) -> Iterator[Problem]:
    for question in generated_questions(kb):
        where = f"generated:{question.id}"
        for kind, message in question_problems(kb, question):
            yield Problem(where, kind, message)
        for cause_id in question.answer:
            if gives_away(kb.causes[cause_id], question.text):
                yield Problem(where, "answer in stem", f"{question.id}: the stem names '{cause_id}' or shows an internal id")


QUIZ_CHECKS: list[Callable[[KnowledgeBase], Iterator[Problem]]] = [check_generated_questions]
