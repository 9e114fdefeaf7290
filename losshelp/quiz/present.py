"""A question as shown: options in display order under letters, and the reading of an answer.

Shuffling keeps each option's id, so the answer mapping cannot go wrong; options marked `last`
("all of the above") stay at the end in their written order; true/false keeps its written order.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

from losshelp.kb.models import Option, Question

LETTERS = string.ascii_uppercase


def shuffled_options(question: Question, rng: random.Random) -> tuple[Option, ...]:
    """The options in a random order, `last` ones kept at the end; true/false is not shuffled."""
    if question.kind == "truefalse":
        return tuple(question.options)
    free = [o for o in question.options if not o.last]
    rng.shuffle(free)
    return tuple(free + [o for o in question.options if o.last])


@dataclass(frozen=True)
class Presented:
    """One question with its options in the order they are shown, lettered A, B, C..."""

    question: Question
    options: tuple[Option, ...]

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.options)]

    def letter_of(self, option_id: str) -> str:
        """The letter under which the option with this id is shown."""
        return next(LETTERS[i] for i, o in enumerate(self.options) if o.id == option_id)

    @property
    def answer_letters(self) -> str:
        """The letters of the right options, in display order, e.g. 'AC'."""
        return "".join(self.letter_of(o.id) for o in self.options if o.id in self.question.answer)

    def parse(self, reply: str) -> frozenset[str]:
        """Letters (`AC`, `a c`) or numbers (`1 3`, `1,3`) -> the chosen option ids.

        A ValueError says what was wrong: an unknown letter or number, nothing chosen, or several
        options for a question that takes one.
        """
        picks = re.findall(r"\d+|[A-Za-z]", reply)
        if not picks:
            raise ValueError(f"choose one of {', '.join(self.letters)}")
        ids = set()
        for pick in picks:
            index = int(pick) - 1 if pick.isdigit() else LETTERS.find(pick.upper())
            if not 0 <= index < len(self.options):
                raise ValueError(f"'{pick}' is not an option; choose from {', '.join(self.letters)}")
            ids.add(self.options[index].id)
        if len(ids) > 1 and self.question.kind != "multi":
            raise ValueError("this question has one answer; choose a single option")
        return frozenset(ids)


def present(question: Question, rng: random.Random) -> Presented:
    """Show `question` with its options shuffled by `rng`."""
    return Presented(question, shuffled_options(question, rng))
