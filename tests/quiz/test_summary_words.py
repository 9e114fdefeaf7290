"""The session summary never contradicts its score: 'every answer was right' only when every answer was."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.commands.quiz_plain import summary_block
from losshelp.kb import default_kb
from losshelp.present import say
from losshelp.quiz import present
from losshelp.quiz.grade import grade
from losshelp.quiz.summary import summarize

from .conftest import make_question


@settings(max_examples=100, deadline=None)
@given(outcomes=st.lists(st.tuples(st.booleans(), st.booleans()), max_size=6), lang=st.sampled_from(["en", "zh"]))
def test_all_right_line_only_when_all_were_right(outcomes, lang):
    """Each outcome: (answered right, the question names a cause to review)."""
    results = []
    for i, (right, has_cause) in enumerate(outcomes):
        question = make_question(f"q{i}", causes=("lr_too_high",) if has_cause else ())
        shown = present(question, random.Random(i))
        wrong = next(x for x in shown.letters if x not in shown.answer_letters)
        results.append(grade(shown, shown.parse(shown.answer_letters if right else wrong)))
    summary = summarize(results)
    text = summary_block(summary, default_kb(), lang)
    assert summary.all_right == (bool(outcomes) and all(r for r, _ in outcomes))
    assert (say("quiz.all_right", lang) in text) == summary.all_right, text
