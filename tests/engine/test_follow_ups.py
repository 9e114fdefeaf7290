"""The wizard asks first what the user's own answers raise: source 000's scenario in three questions."""

from __future__ import annotations

import pytest

from losshelp.engine import WizardSession
from losshelp.engine.backend import durable_available
from losshelp.engine.conditions import holds
from losshelp.engine.evidence import LIKELY
from losshelp.engine.questions import follow_ups, rank_questions

NOWCODER = {"train_loss": "flat", "stage": "first_epochs"}
"""What source 000's question states: the training loss does not fall in the first epochs."""
ANSWER_D = {"lr_too_low", "over_regularization", "local_minimum", "saddle_point"}
"""Its answer D, 'all of the above': A (learning rate too low), B (lambda too high), C (a local minimum or a saddle point)."""

BACKENDS = ["python", pytest.param("durable-rules", marks=pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here"))]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_nowcoder_scenario_reaches_answer_d_within_three_questions(kb, backend, lang):
    session = WizardSession(kb, lang=lang, backend=backend)
    for _ in range(3):
        ask = session.next_question()
        assert ask is not None
        if ask.fact in NOWCODER:
            session.answer(ask.fact, NOWCODER[ask.fact])
        else:
            session.answer_unknown(ask.fact)
        if ANSWER_D <= {c.id for c in session.diagnosis().causes if c.level == "likely"}:
            break
    else:
        pytest.fail(f"answer D is not likely after 3 questions; facts {session.facts}")


@pytest.mark.parametrize("fact,value", [("train_loss", "flat"), ("train_loss", "rising"), ("val_loss", "rising"), ("optimizer", "sgd"), ("stage", "later")])
def test_a_follow_up_completes_a_rule_that_the_stated_fact_half_meets(kb, reference, fact, value):
    facts = {fact: value}
    candidates = {s.id for s in kb.symptoms.values() if s.askable and s.id != fact}
    for question in follow_ups(reference, facts, candidates):
        assert any(
            {c.fact for c in rule.when} == {fact, question}
            and all(holds(c, value) for c in rule.when if c.fact == fact)
            and max((c.weight or 0.0) for c in rule.then if c.cause is not None) >= LIKELY
            for rule in kb.rules.values()
        ), question
    ranked = rank_questions(reference, facts)
    flagged = {g.fact for g in ranked if g.follow_up}
    assert flagged == follow_ups(reference, facts, {g.fact for g in ranked})
    if facts == {"train_loss": "flat"}:
        assert "stage" in flagged  # "since when?"


def test_every_answer_is_offered_in_the_sessions_language(kb):
    for lang, foreign in (("zh", {"yes", "no", "unknown"}), ("en", {"是", "否"})):
        session = WizardSession(kb, lang=lang)
        labels = {label for s in kb.symptoms.values() if s.askable for _, label in session.ask(s.id).choices}
        assert not labels & foreign, (lang, labels & foreign)
