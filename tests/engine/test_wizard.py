"""The wizard session: next question, answers, unknown, back, why and why-ask."""

from __future__ import annotations

import pytest

from losshelp.engine import FactError, WizardSession
from losshelp.engine.questions import rank_questions


def test_first_question_is_informative_and_askable(kb):
    session = WizardSession(kb)
    ask = session.next_question()
    assert ask is not None and kb.symptoms[ask.fact].ask
    assert [v for v, _ in ask.choices] == kb.symptoms[ask.fact].answers


def test_never_asks_answered_skipped_or_unaskable(kb):
    session = WizardSession(kb, {"train_loss": "flat"})
    session.answer_unknown("val_loss")
    seen = set()
    for _ in range(6):
        ask = session.next_question()
        assert ask.fact not in {"train_loss", "val_loss"} | seen
        assert kb.symptoms[ask.fact].kind != "number"
        seen.add(ask.fact)
        session.answer_unknown(ask.fact)


def test_answer_back_and_changed_answer(kb):
    session = WizardSession(kb, lang="en")
    session.answer("train_loss", "flat")
    assert session.answer("train_loss", "rising") and session.facts["train_loss"] == "rising"
    assert session.back() == "train_loss" and session.facts["train_loss"] == "flat"
    session.answer_unknown("stage")
    assert session.back() == "stage" and "stage" not in session.skipped
    assert session.back() == "train_loss" and session.facts == {}
    assert session.back() is None


def test_bad_answers_raise_fact_error(kb):
    session = WizardSession(kb)
    with pytest.raises(FactError, match="decreasing, flat"):
        session.answer("train_loss", "sideways")
    with pytest.raises(FactError, match="known facts"):
        session.answer_unknown("nope")


def test_why_and_why_ask(kb):
    session = WizardSession(kb, {"train_loss": "flat", "stage": "first_epochs"})
    reasons = session.why("lr_too_low")
    assert reasons[0].rule == "nowcoder_flat_first_epochs"
    assert session.why("class_imbalance") == ()
    why = session.why_ask("data_shuffled")
    no = next(a for a in why.answers if a.value == "no")
    assert no.raises[0][0] == "data_not_shuffled"


def test_information_gain_prefers_separating_questions(reference):
    gains = {g.fact: g.bits for g in rank_questions(reference, {})}
    assert gains["train_loss"] > gains["data_shuffled"] > 0
    assert abs(gains["uses_warmup"]) < 1e-9  # alone it changes no score: nothing to learn from it


def test_stops_when_nothing_is_left(kb):
    session = WizardSession(kb)
    for symptom in kb.symptoms.values():
        if symptom.ask:
            session.answer_unknown(symptom.id)
    assert session.next_question() is None
