"""Measurements that explain one another: the root cause ranks above the symptoms it produces.

Each case is the part of a probe report that matters, on both backends; each pair would rank the
other way if the explaining rule were missing.
"""

from __future__ import annotations

import pytest


def _rank(engine, facts: dict) -> list[str]:
    return [c.id for c in engine.diagnose(facts).causes]


def _above(engine, facts: dict, root: str, symptom: str) -> bool:
    order = _rank(engine, facts)
    return order.index(root) < order.index(symptom)


STUCK_AT_CHANCE = {"train_loss": "flat", "stage": "later", "train_loss_level": "high", "loss_at_chance": "yes", "prediction_collapse": "yes",
                   "overfit_one_batch": "fails"}


@pytest.mark.parametrize(
    ("facts", "root", "symptom"),
    [
        # a too-high rate killed the ReLU units, and the dead units cut the gradient
        ({**STUCK_AT_CHANCE, "activation": "relu", "many_dead_relu": "yes", "grad_flow": "vanishing", "update_ratio": 0.0,
          "lr_range_test": "too_high", "lr": 0.5, "loss_rises_on_step": "no"}, "lr_too_high", "dead_relu"),
        # a strong weight decay pulled the layers to zero: small gradients and a "minimum" follow
        ({**STUCK_AT_CHANCE, "near_zero_layers": "yes", "weight_scale": "too_small", "grad_flow": "vanishing",
          "critical_point": "local_minimum", "optimizer": "momentum", "weight_decay": 1.0}, "over_regularization", "vanishing_gradient"),
        # exploding gradients make every update large, whatever the rate
        ({"train_loss": "nan", "grad_flow": "exploding", "update_ratio": 0.5, "lr_range_test": "ok", "lr": 0.01}, "exploding_gradient", "lr_too_high"),
        # at lr 1e-3 the loss climbs on a fixed batch: the update goes the wrong way
        ({"train_loss": "rising", "curve_shape": "initial_rise", "loss_rises_on_step": "yes", "lr_range_test": "too_high",
          "lr": 0.001, "optimizer": "adam"}, "training_loop_bug", "lr_too_high"),
        # a linear model that cannot fit one batch though its gradients are healthy
        ({"train_loss": "flat", "stage": "later", "train_loss_level": "high", "lr_decay": "no", "overfit_one_batch": "fails",
          "depth": 1.0, "grad_flow": "healthy", "lr_range_test": "ok"}, "model_too_simple", "lr_schedule"),
        # saturated sigmoids flatten the loss: the Hessian reads a saddle, the gradient is near zero
        ({"train_loss": "decreasing", "train_loss_level": "high", "activation": "sigmoid", "activations_saturated": "yes",
          "saturated_fraction": 0.83, "weight_scale": "too_large", "grad_near_zero": "yes", "critical_point": "saddle_point",
          "minimum_ratio": 0.39, "grad_flow": "healthy", "overfit_one_batch": "fails", "shallow_model_better": "yes"},
         "vanishing_gradient", "saddle_point"),
    ],
    ids=["high_lr_killed_relu", "decay_shrank_weights", "exploding_not_lr", "uphill_at_small_lr", "linear_model", "saturation_not_saddle"],
)
def test_root_cause_ranks_above_its_consequence(engine, facts, root, symptom):
    assert _above(engine, facts, root, symptom), _rank(engine, facts)[:5]


def test_a_rising_loss_at_a_large_rate_still_blames_the_rate(engine):
    facts = {"train_loss": "rising", "loss_rises_on_step": "yes", "lr_range_test": "too_high", "lr": 0.5}
    assert _rank(engine, facts)[0] == "lr_too_high"


def test_tiny_updates_without_gradient_do_not_clear_the_rate(engine):
    with_gradient = engine.diagnose({"update_ratio": 0.0, "grad_flow": "healthy"})
    without = engine.diagnose({"update_ratio": 0.0, "grad_flow": "vanishing"})
    flowing, cut = ({c.id: c.score for c in d.causes}.get("lr_too_high", 0.0) for d in (with_gradient, without))
    assert flowing < 0 and cut == 0.0
