"""General readings a practitioner makes from one or two facts, on both backends (stated facts,
hand-set weights): the ranking must start where an expert would start."""

from __future__ import annotations

import pytest

from losshelp.engine.evidence import LIKELY


def top(engine, facts: dict, k: int = 1) -> list[str]:
    return [c.id for c in engine.diagnose(facts).causes[:k]]


def test_a_climbing_validation_loss_alone_reads_as_overfitting(engine):
    assert top(engine, {"val_loss": "rising"}) == ["overfitting"]


def test_falling_train_and_climbing_validation_count_one_observation(engine):
    """The held-out rise is one observation: stating the trend rule's facts adds nothing to what
    the climbing validation loss already gives the mismatch reading."""
    alone = {c.id: c.score for c in engine.diagnose({"val_loss": "rising"}).causes}
    both = {c.id: c.score for c in engine.diagnose({"val_loss": "rising", "train_loss": "decreasing"}).causes}
    assert both["overfitting"] >= LIKELY > both["distribution_mismatch"]
    assert both["distribution_mismatch"] <= alone["distribution_mismatch"] + 0.3  # only the generalisation chain adds


@pytest.mark.parametrize("extra", [{}, {"num_classes": 10, "loss_value": 2.30}])
def test_a_flat_loss_at_chance_ranks_loop_and_loader_bugs_before_tiny_steps(engine, extra):
    facts = {"train_loss": "flat", **({"loss_at_chance": "yes"} if not extra else extra)}
    ranked = top(engine, facts, 5)
    assert ranked.index("lr_too_low") > max(ranked.index("training_loop_bug"), ranked.index("data_loading_bug"))


def test_validation_that_never_improved_while_training_fits_is_not_overfitting(engine):
    facts = {"val_improved": "no", "train_loss_level": "low", "train_loss": "decreasing", "val_loss": "flat"}
    ranked = top(engine, facts, 3)
    assert ranked[0] == "distribution_mismatch" and "data_loading_bug" in ranked
    scores = {c.id: c.score for c in engine.diagnose(facts).causes}
    assert scores["overfitting"] < scores["distribution_mismatch"]


def test_validation_that_improved_and_then_climbs_is_overfitting(engine):
    facts = {"val_improved": "yes", "val_loss": "rising", "train_loss": "decreasing"}
    assert top(engine, facts) == ["overfitting"]


def test_two_epochs_at_a_high_loss_is_too_short_a_run(engine):
    assert top(engine, {"epochs": 2, "train_loss_level": "high"}) == ["training_too_short"]


def test_a_large_batch_that_falls_slowly_reads_as_the_batch(engine):
    ranked = top(engine, {"batch_size": 512, "curve_shape": "slow_throughout", "epochs": 30}, 3)
    assert "batch_size_too_large" in ranked


def test_whole_numbers_compute_the_chance_level_like_floats(engine):
    as_int = engine.run({"num_classes": 10, "loss_value": 2.30}).computed
    assert as_int == engine.run({"num_classes": 10.0, "loss_value": 2.30}).computed and "loss_over_chance" in as_int
