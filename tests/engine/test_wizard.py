"""The wizard session: next question, answers, unknown, back, why and why-ask."""

from __future__ import annotations

import pytest

from losshelp.engine import FactError, WizardSession
from losshelp.engine.answers import NOISE, answer_model, causes_by_symptom
from losshelp.engine.questions import expected_gain, posterior, rank_questions


def test_first_question_is_informative_and_askable(kb):
    session = WizardSession(kb)
    ask = session.next_question()
    assert ask is not None and kb.symptoms[ask.fact].ask
    assert [v for v, _ in ask.choices] == kb.symptoms[ask.fact].options


def test_never_asks_answered_skipped_or_unaskable(kb):
    session = WizardSession(kb, {"train_loss": "flat"})
    session.answer_unknown("val_loss")
    seen = set()
    for _ in range(6):
        ask = session.next_question()
        assert ask.fact not in {"train_loss", "val_loss"} | seen
        symptom = kb.symptoms[ask.fact]
        assert symptom.kind != "number" or symptom.bands
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
    # each singles out one cause by a yes/no answer, so before any answer they are worth the same
    assert gains["uses_warmup"] == pytest.approx(gains["data_shuffled"])


def test_a_question_every_cause_answers_alike_has_no_gain():
    belief = {"a": 0.5, "b": 0.3, "c": 0.2}
    same = {c: {"yes": 0.7, "no": 0.3} for c in belief}
    assert abs(expected_gain(belief, same)) < 1e-12
    decisive = {"a": {"yes": 0.9, "no": 0.1}, "b": {"yes": 0.1, "no": 0.9}, "c": {"yes": 0.1, "no": 0.9}}
    assert expected_gain(belief, decisive) > 0.4


def test_answer_model_follows_the_rules(reference):
    model = answer_model(reference)
    shuffled = model.likelihood("data_shuffled", "no")
    assert shuffled["data_not_shuffled"] >= 1 - NOISE
    assert shuffled["overfitting"] <= NOISE  # a cause the question does not concern: the quiet answer
    huge = model.likelihood("batch_size", 2048.0)
    assert huge["batch_size_too_large"] > 0.5 > huge["lr_too_low"]
    assert model.likelihood("batch_size", 100.0) is None  # a stated number that is no band's value


def test_posterior_moves_toward_the_cause_an_answer_names(reference):
    before = posterior(reference, {"train_loss": "flat"})
    after = posterior(reference, {"train_loss": "flat", "data_shuffled": "no"})
    assert after["data_not_shuffled"] > 3 * before["data_not_shuffled"]
    assert abs(sum(after.values()) - 1) < 1e-9
    tilted = posterior(reference, {"grad_ratio": 0.0001})  # outside the answer model: its score tilts the prior
    assert max(tilted, key=tilted.get) == "vanishing_gradient"


def test_a_narrowed_field_gets_a_direct_question(kb):
    session = WizardSession(kb, {"train_loss": "flat", "val_loss": "decreasing", "prediction_collapse": "yes"})
    assert session.next_question().fact in {"labels_balanced", "data_has_nan", "data_shuffled", "labels_noisy"}


def test_a_number_is_asked_as_bands(kb):
    session = WizardSession(kb, lang="en")
    ask = session.ask("batch_size")
    assert [v for v, _ in ask.choices] == list(kb.symptoms["batch_size"].bands)
    assert all(label for _, label in ask.choices)
    session.answer("batch_size", "huge")
    assert session.facts["batch_size"] == 2048.0
    assert session.diagnosis().causes[0].id == "batch_size_too_large"
    session.answer("batch_size", "32")  # a typed number is still a number
    assert session.facts["batch_size"] == 32.0
    with pytest.raises(FactError, match="number"):
        session.answer("batch_size", "enormous")


def test_stops_when_nothing_is_left(kb):
    session = WizardSession(kb)
    for symptom in kb.symptoms.values():
        if symptom.ask:
            session.answer_unknown(symptom.id)
    assert session.next_question() is None


def test_browser_links_follow_derived_facts(kb):
    """val_loss speaks for a data bug only through source 001's table (held-out -> data problem);
    a bare number such as grad_ratio still links to the causes its rules support."""
    links = causes_by_symptom(kb)
    assert "data_loading_bug" in links["val_loss"] and "overfitting" in links["val_loss"]
    assert "vanishing_gradient" in links["grad_ratio"]
    assert all(links[s] == [c for c in kb.causes if c in links[s]] for s in links)  # KB order


@pytest.mark.parametrize("facts", [{"train_loss": "flat"}, {"train_loss": "rising"}, {"val_loss": "rising"}, {"optimizer": "sgd"},
                                   {"stage": "later"}, {"train_loss": "flat", "optimizer": "adam"}])
def test_follow_ups_come_first_only_toward_a_leading_cause(reference, facts):
    from losshelp.engine.evidence import LIKELY
    from losshelp.engine.questions import LEADERS

    flagged = {mode: {g.fact for g in rank_questions(reference, facts, follow=mode) if g.follow_up} for mode in ("leading", "any", "none")}
    assert flagged["none"] == set() and flagged["leading"] <= flagged["any"]
    belief = posterior(reference, facts)
    leaders = set(sorted(belief, key=lambda c: -belief[c])[:LEADERS])
    for fact in flagged["leading"]:  # it completes a rule that makes a leader likely
        assert any(
            fact in {c.fact for c in rule.when} and any(t.cause in leaders and (t.weight or 0.0) >= LIKELY for t in rule.then)
            for rule in reference.kb.rules.values()
        ), fact
    if facts == {"train_loss": "flat", "optimizer": "adam"}:
        assert flagged["leading"] < flagged["any"]  # "since when?" no longer comes first once Adam's causes lead
