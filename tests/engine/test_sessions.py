"""Sessions are independent: no fact leaks between diagnoses, engines or wizard sessions; results repeat."""

from __future__ import annotations

import gc
import weakref

from losshelp.engine import WizardSession
from losshelp.engine.questions import next_question
from losshelp.engine.reasoner import Engine


def test_interleaved_diagnoses_do_not_leak(engine):
    a_facts = {"train_loss": "flat", "stage": "first_epochs"}
    b_facts = {"data_shuffled": "no"}
    a1 = engine.diagnose(a_facts).to_json()
    b1 = engine.diagnose(b_facts).to_json()
    for _ in range(20):
        assert engine.diagnose(a_facts).to_json() == a1
        assert engine.diagnose(b_facts).to_json() == b1
    assert "data_not_shuffled" not in {c["id"] for c in a1["causes"]}
    assert {c["id"] for c in b1["causes"]} == {"data_not_shuffled"}


def test_many_engines_in_one_process(kb, engine):
    others = [Engine(kb, engine.backend.name) for _ in range(3)]
    facts = {"train_loss": "rising", "curve_shape": "initial_rise"}
    expected = engine.diagnose(facts).to_json()
    assert all(o.diagnose(facts).to_json() == expected for o in others)
    assert engine.diagnose({}).causes == ()


def test_deterministic(engine):
    facts = {"train_loss": "flat", "val_loss": "flat", "optimizer": "sgd", "lr": 0.5, "batch_size": 4096.0}
    runs = {str(engine.diagnose(facts).to_json()) for _ in range(5)}
    assert len(runs) == 1


def test_wizard_sessions_are_independent(kb):
    one, two = WizardSession(kb), WizardSession(kb)
    one.answer("train_loss", "flat")
    two.answer("data_shuffled", "no")
    assert one.facts == {"train_loss": "flat"} and two.facts == {"data_shuffled": "no"}
    assert {c.id for c in two.diagnosis().causes} == {"data_not_shuffled"}


def test_validate_facts_takes_set_strings_too(kb):
    import pytest

    from losshelp.engine import FactError, validate_facts

    assert validate_facts(["lr=0.1", "data_shuffled=no", "stage=unknown"], kb) == {"lr": 0.1, "data_shuffled": "no"}
    with pytest.raises(FactError, match="FACT=VALUE"):
        validate_facts(["lr"], kb)
    with pytest.raises(FactError, match="finite"):
        validate_facts({"lr": "nan"}, kb)


def test_a_dropped_engine_is_freed_with_its_cache(kb):
    """Memoised scores belong to one engine: dropping the engine frees it (no process-wide cache holds it)."""
    engine = Engine(kb, "python")
    next_question(engine, {"train_loss": "flat"})  # fills the score cache and the answer model
    ref = weakref.ref(engine)
    del engine
    gc.collect()
    assert ref() is None
