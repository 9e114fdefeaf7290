"""The cases the sources spell out: 000's nowcoder question, 001's trend table, 003's tree, a healthy run."""

from __future__ import annotations

import pytest

from losshelp.engine import diagnose


def ranked(engine, facts) -> list[str]:
    return [c.id for c in engine.diagnose(facts).causes]


def levels(engine, facts) -> dict[str, str]:
    return {c.id: c.level for c in engine.diagnose(facts).causes}


def test_nowcoder_case_names_all_three_options(engine):
    result = engine.diagnose({"train_loss": "flat", "stage": "first_epochs"})
    likely = [c.id for c in result.causes if c.level == "likely"]
    assert {"lr_too_low", "over_regularization"} <= set(likely)
    assert {"local_minimum", "saddle_point"} & set(likely)
    assert set(likely) <= {"lr_too_low", "over_regularization", "local_minimum", "saddle_point"}
    reason = next(c for c in result.causes if c.id == "over_regularization").because[0]
    assert reason.rule == "nowcoder_flat_first_epochs" and "λ" in engine.diagnose(result.facts).causes[0].because[0].text(engine.kb, "zh")


def test_nowcoder_reasons_cite_source_000(kb):
    assert all(s.startswith("000_") for s in kb.rules["nowcoder_flat_first_epochs"].sources)


@pytest.mark.parametrize(
    ("train", "test", "top"),
    [
        ("decreasing", "decreasing", {"training_too_short"}),  # still learning
        ("decreasing", "flat", {"overfitting"}),  # overfitting
        ("flat", "decreasing", {"data_loading_bug", "noisy_labels"}),  # the data set is at fault
        ("flat", "flat", {"batch_size_too_large", "lr_too_high", "lr_schedule"}),  # bottleneck: lower lr or batch
        ("rising", "rising", {"lr_too_high"}),  # bad structure, hyper-parameters or cleaning
    ],
)
@pytest.mark.parametrize("heldout", ["test_loss", "val_loss"])
def test_trend_table_rows(engine, train, test, top, heldout):
    causes = ranked(engine, {"train_loss": train, heldout: test})
    assert top & set(causes[:2]), causes[:5]


def test_trend_still_learning_has_no_likely_cause(engine):
    assert "likely" not in levels(engine, {"train_loss": "decreasing", "val_loss": "decreasing"}).values()


def test_healthy_run_has_no_likely_cause(engine):
    healthy = {
        "train_loss": "decreasing", "val_loss": "decreasing", "curve_shape": "smooth", "loss_spikes": "no",
        "optimizer": "adam", "lr": 0.001, "weight_decay": 0.0001, "batch_size": 64.0, "epochs": 30.0,
        "grad_flow": "healthy", "many_dead_relu": "no", "weights_nonfinite": "no", "weight_scale": "ok",
        "data_shuffled": "yes", "inputs_normalized": "yes", "labels_balanced": "yes", "loss_matches_task": "yes",
        "overfit_one_batch": "passes", "val_gap_large": "no", "init": "default", "activation": "relu",
    }
    result = engine.diagnose(healthy)
    assert [c.id for c in result.causes if c.level == "likely"] == []
    assert result.notices == ()


def test_tree_chain_optimization_problem(engine):
    result = engine.diagnose({"train_loss_level": "high", "shallow_model_better": "yes"})
    assert result.derived["optimization_problem"] == "yes"
    top = [c.id for c in result.causes[:4]]
    assert "saddle_point" in top and "model_too_simple" not in top
    saddle = next(c for c in result.causes if c.id == "saddle_point")
    chain = saddle.because[0]
    assert chain.rule == "optimization_problem_causes"
    assert {r.rule for r in chain.via} >= {"level_high_shallow_better"}


def test_tree_chain_model_bias(engine):
    result = engine.diagnose({"train_loss_level": "high", "shallow_model_better": "no"})
    assert result.derived["model_bias"] == "yes"
    assert result.causes[0].id == "model_too_simple"


def test_chance_level_is_computed_from_classes(engine):
    result = engine.diagnose({"loss_value": 2.30, "num_classes": 10.0})
    assert result.derived.get("at_chance") == "yes"
    assert abs(result.computed["loss_over_chance"] - 1.0) < 0.01
    assert "at_chance" not in engine.diagnose({"loss_value": 0.5, "num_classes": 10.0}).derived


def test_lr_bands_depend_on_the_optimizer(engine):
    assert engine.diagnose({"optimizer": "adam", "lr": 0.1}).causes[0].id == "lr_too_high"
    sgd = {c.id: c.score for c in engine.diagnose({"optimizer": "sgd", "lr": 0.1}).causes}
    assert sgd.get("lr_too_high", 0) < 0
    assert engine.diagnose({"optimizer": "sgd", "lr": 0.00001}).causes[0].id == "lr_too_low"


@pytest.mark.parametrize(
    ("facts", "cause"),
    [
        ({"train_loss": "flat", "many_dead_relu": "yes", "activation": "relu"}, "dead_relu"),
        ({"train_loss": "flat", "activation": "sigmoid", "depth": 12.0, "uses_batchnorm": "no"}, "vanishing_gradient"),
        ({"train_loss": "nan", "grad_flow": "exploding", "lr_range_test": "ok"}, "exploding_gradient"),
        ({"train_loss": "flat", "symmetric_units": "yes"}, "bad_init"),
        ({"train_loss": "flat", "critical_point": "saddle_point", "grad_near_zero": "yes"}, "saddle_point"),
        ({"train_loss": "oscillating", "data_shuffled": "no"}, "data_not_shuffled"),
        ({"train_loss": "flat", "loss_matches_task": "no"}, "wrong_loss_function"),
        ({"train_loss": "flat", "params_without_grad": "yes", "overfit_one_batch": "fails"}, "training_loop_bug"),
        ({"train_loss": "flat", "optimizer": "adam", "weight_decay": 0.5, "near_zero_layers": "yes"}, "over_regularization"),
        ({"train_loss": "decreasing", "val_loss": "rising", "small_dataset": "yes"}, "overfitting"),
        ({"train_loss": "decreasing", "val_loss": "decreasing", "test_loss": "flat", "test_data_differs": "yes"}, "distribution_mismatch"),
    ],
)
def test_measured_faults_rank_first(engine, facts, cause):
    assert ranked(engine, facts)[0] == cause


def test_counter_evidence_lowers(engine):
    base = {c.id: c.score for c in engine.diagnose({"train_loss": "oscillating"}).causes}
    after = {c.id: c.score for c in engine.diagnose({"train_loss": "oscillating", "inputs_normalized": "yes"}).causes}
    assert after["inputs_not_normalized"] < base["inputs_not_normalized"]
    flat = {c.id: c.score for c in engine.diagnose({"stage": "first_epochs", "train_loss": "flat"}).causes}
    falling = {c.id: c.score for c in engine.diagnose({"stage": "first_epochs", "train_loss": "decreasing"}).causes}
    assert falling["lr_too_low"] < 0 < flat["lr_too_low"]


def test_public_diagnose_parses_strings():
    result = diagnose({"optimizer": "adam", "lr": "0.5"})
    assert result.facts["lr"] == 0.5 and result.causes[0].id == "lr_too_high"
