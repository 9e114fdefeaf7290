"""Each measurement on a tiny model whose answer is known."""

from __future__ import annotations

import math

import pytest
import torch
from tinynets import blobs, mlp
from torch import nn
from torch.nn import functional as F

from losshelp.probe.model import activations, fitting, gradflow, gradients, lr_range, outputs
from losshelp.probe.model.objective import Objective, make_objective, split_batch
from losshelp.probe.model.thresholds import DEAD_RELU_FRACTION, SATURATED_FRACTION
from losshelp.probe.model.working import OptimizerSpec

pytestmark = pytest.mark.torch


def ce(model, batches):
    return make_objective("cross_entropy", model, batches[0])


def test_all_zero_init_sits_at_chance_and_cannot_learn():
    """Zero weights: every unit computes the same thing (symmetry), the loss is ln C, nothing flows back."""
    batches = blobs()
    model = mlp([8, 32, 32, 4])
    for p in model.parameters():
        nn.init.zeros_(p)
    start = outputs.start_loss(model, batches, ce(model, batches))
    assert start.at_chance and math.isclose(start.loss, math.log(4), rel_tol=1e-6)
    report = gradients.gradient_norms(model, batches[0], ce(model, batches))
    assert report.layers[0].grad_norm == 0 and report.flow == "cut"  # exact zeros: cut, not a smooth vanish
    assert not fitting.overfit_one_batch(model, batches[0], ce(model, batches), steps=60).passes


def test_healthy_mlp_passes_every_check():
    batches = blobs()
    model = mlp([8, 32, 32, 4])
    objective = ce(model, batches)
    report = gradients.gradient_norms(model, batches[0], objective, optimizer=OptimizerSpec("sgd", 0.1))
    assert report.flow == "healthy"
    assert 1e-4 < gradients.median_update_ratio(report) < 1e-1
    assert fitting.overfit_one_batch(model, batches[0], objective).passes
    stats = activations.activation_stats(model, batches, objective)
    assert stats.dead_relu_fraction < DEAD_RELU_FRACTION and stats.activation == "relu"
    assert not outputs.prediction_collapse(model, batches, objective).collapsed


def test_large_negative_biases_kill_relus():
    batches = blobs()
    model = mlp([8, 32, 32, 4])
    for layer in (model[0], model[2]):
        nn.init.constant_(layer.bias, -100.0)
    report = activations.activation_stats(model, batches, ce(model, batches))
    assert report.dead_relu_fraction == 1.0


def test_deep_sigmoid_net_has_vanishing_gradients():
    batches = blobs()
    model = mlp([8] + [32] * 12 + [4], nn.Sigmoid)
    report = gradients.gradient_norms(model, batches[0], ce(model, batches))
    assert report.first_last_ratio < gradients.VANISHING_RATIO and report.flow == "vanishing"


def test_large_weights_saturate_tanh_and_explode_scale():
    batches = blobs()
    model = mlp([8, 64, 64, 4], nn.Tanh)
    for layer in (model[0], model[2]):
        nn.init.normal_(layer.weight, std=5.0)
    report = activations.activation_stats(model, batches, ce(model, batches))
    assert report.saturated_fraction > SATURATED_FRACTION and report.activation == "tanh"


def test_flipped_sign_loss_rises_while_stepping():
    batches = blobs()
    model = mlp([8, 32, 4])
    flipped = Objective("custom", lambda out, y: -F.cross_entropy(out, y))
    trend = gradients.loss_trend_on_steps(model, batches[0], flipped, OptimizerSpec("adam", 1e-2), reference=ce(model, batches))
    assert trend.rises and trend.reference_after > trend.reference_before
    honest = gradients.loss_trend_on_steps(model, batches[0], ce(model, batches), OptimizerSpec("adam", 1e-2))
    assert not honest.rises


def test_maximize_flag_makes_the_loss_rise():
    batches = blobs()
    model = mlp([8, 32, 4])
    trend = gradients.loss_trend_on_steps(model, batches[0], ce(model, batches), OptimizerSpec("sgd", 0.1, maximize=True))
    assert trend.rises


def test_double_softmax_and_nll_on_logits_are_caught():
    batches = blobs()
    softmaxed = nn.Sequential(mlp([8, 16, 4]), nn.Softmax(dim=1))
    assert not gradflow.loss_fit(softmaxed, batches[0], ce(softmaxed, batches)).matches
    raw = mlp([8, 16, 4])
    assert not gradflow.loss_fit(raw, batches[0], make_objective("nll", raw, batches[0])).matches
    assert gradflow.loss_fit(raw, batches[0], ce(raw, batches)).matches
    logsoftmax = nn.Sequential(mlp([8, 16, 4]), nn.LogSoftmax(dim=1))
    assert gradflow.loss_fit(logsoftmax, batches[0], make_objective("nll", logsoftmax, batches[0])).matches


class Detached(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body, self.head = nn.Linear(8, 16), nn.Linear(16, 4)

    def forward(self, x):
        return self.head(torch.relu(self.body(x)).detach())


def test_detached_graph_and_frozen_layers():
    batches = blobs()
    flow = gradflow.grad_flow(Detached(), batches[0], ce(Detached(), batches))
    assert flow.no_grad == ("body.weight", "body.bias") and flow.broken
    frozen = mlp([8, 16, 4])
    frozen[0].requires_grad_(False)
    flow = gradflow.grad_flow(frozen, batches[0], ce(frozen, batches))
    assert flow.frozen == ("0.weight", "0.bias") and not flow.broken


def test_collapsed_predictions():
    batches = blobs()
    model = mlp([8, 16, 4])
    nn.init.constant_(model[2].bias, 0.0)
    model[2].bias.data[1] = 50.0
    collapse = outputs.prediction_collapse(model, batches, ce(model, batches))
    assert collapse.collapsed and collapse.predicted_share == 1.0


def test_unknown_layer_is_skipped_and_named():
    class Scale(nn.Module):
        def forward(self, x):
            return 2 * x

    batches = blobs()
    model = nn.Sequential(nn.Linear(8, 16), Scale(), nn.ReLU(), nn.Linear(16, 4))
    report = activations.activation_stats(model, batches, ce(model, batches))
    assert report.skipped == ("1 (Scale)",) and report.dead_relu_fraction is not None


def test_linear_model_cannot_overfit_xor_but_hidden_layer_is_not_simpler():
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, 2, (64, 2), generator=g).float()
    y = (x[:, 0] != x[:, 1]).long()
    batch = split_batch((x + 0.05 * torch.randn(64, 2, generator=g), y))
    linear = nn.Linear(2, 2)
    assert not fitting.overfit_one_batch(linear, batch, make_objective("cross_entropy", linear, batch)).passes
    assert fitting.compare_shallow(linear, [batch], make_objective("cross_entropy", linear, batch), OptimizerSpec()) is None


def test_shallow_baseline_beats_a_deep_net_that_cannot_train():
    batches = blobs()
    deep = mlp([8] + [32] * 10 + [4], nn.Sigmoid)
    result = fitting.compare_shallow(deep, batches, ce(deep, batches), OptimizerSpec("sgd", 1e-3), steps=60)
    assert result.shallow_better and result.shallow_loss < result.model_loss


def test_lr_range_test_suggests_an_lr_and_judges_the_users():
    batches = blobs()
    model = mlp([8, 32, 4])
    result = lr_range.lr_range_test(model, batches, ce(model, batches), OptimizerSpec("sgd", 1e-1))
    assert result.suggested_lr is not None and 1e-4 < result.suggested_lr < result.min_loss_lr < 10
    assert lr_range.compare_lr(result.min_loss_lr, result.min_loss_lr) == "too_high"
    assert lr_range.compare_lr(result.min_loss_lr / 1e5, result.min_loss_lr) == "too_low"
    assert lr_range.compare_lr(result.min_loss_lr / 10, result.min_loss_lr) == "ok"
    assert result.verdict == lr_range.compare_lr(0.1, result.min_loss_lr)


def test_the_step_tests_lr_cap_is_the_one_the_rules_rely_on():
    from losshelp.kb import default_kb
    from losshelp.probe.model.thresholds import RISE_MAX_LR

    bound = next(c.le for c in default_kb().rules["rises_at_small_lr"].when if c.fact == "lr")
    assert bound == RISE_MAX_LR
