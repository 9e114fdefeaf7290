"""Grading an answer and the feedback that follows it: which options were chosen, which are right, why."""

from __future__ import annotations

from dataclasses import dataclass

from losshelp.kb.models import Option, Question
from losshelp.quiz.present import Presented


def is_right(question: Question, chosen: frozenset[str]) -> bool:
    """Right only when exactly the answer's options are chosen (all of them for a multi question)."""
    return chosen == frozenset(question.answer)


@dataclass(frozen=True)
class Note:
    """One option worth explaining after an answer: it was chosen, or it is right, or both."""

    letter: str
    option: Option
    chosen: bool
    right: bool

    @property
    def role(self) -> str:
        """Why the option is explained, as a message key: `chosen_and_right`, `chosen` (and wrong) or `answer` (not chosen)."""
        return "chosen_and_right" if self.chosen and self.right else ("chosen" if self.chosen else "answer")


@dataclass(frozen=True)
class Graded:
    """An answered question: what was chosen and whether it was right."""

    presented: Presented
    chosen: frozenset[str]

    @property
    def question(self) -> Question:
        return self.presented.question

    @property
    def correct(self) -> bool:
        return is_right(self.question, self.chosen)

    def notes(self) -> list[Note]:
        """The chosen and the right options with their explanations, in display order."""
        answer = set(self.question.answer)
        return [
            Note(self.presented.letter_of(o.id), o, o.id in self.chosen, o.id in answer)
            for o in self.presented.options
            if o.id in self.chosen or o.id in answer
        ]


def grade(presented: Presented, chosen: frozenset[str]) -> Graded:
    """Grade the chosen option ids of a shown question."""
    return Graded(presented, chosen)
