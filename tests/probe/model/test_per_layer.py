"""Dead units and gradient cuts judged per layer: one fully dead layer is found and named even when the
share over all units stays low, and the exact zeros it leaves behind do not read as vanishing gradients."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from tinynets import blobs, mlp
from torch import nn

from losshelp.probe.base import ProbeInputs
from losshelp.probe.model import activations, gradients, signal_probes
from losshelp.probe.model.objective import make_objective, split_batch
from losshelp.probe.model.thresholds import DEAD_RELU_FRACTION

pytestmark = pytest.mark.torch


def dead_second_layer(first: int, second: int) -> nn.Sequential:
    """A LeNet-like head (16 -> first -> second -> 10) whose second hidden layer outputs 0 for every input."""
    model = mlp([16, first, second, 10])
    nn.init.constant_(model[2].bias, -100.0)
    return model


def facts(findings) -> dict:
    return {f.fact: f.value for f in findings if f.fact}


@settings(max_examples=8, deadline=None)
@given(first=st.integers(40, 120), second=st.integers(1, 39))
def test_a_fully_dead_layer_is_found_while_the_pooled_share_stays_low(first, second):
    batches = blobs(features=16, classes=10)
    model = dead_second_layer(first, second)
    report = activations.activation_stats(model, batches, make_objective("cross_entropy", model, batches[0]))
    assert report.dead_relu_fraction < DEAD_RELU_FRACTION  # the pooled share alone missed it
    deadest = report.deadest
    assert deadest.name == "3" and deadest.after == "2" and deadest.dead_count == deadest.units == second


def test_the_activations_probe_names_the_dead_layer_84_of_84():
    batches = blobs(features=16, classes=10)
    findings = signal_probes.activations(ProbeInputs(model=dead_second_layer(120, 84), data=batches, loss="cross_entropy"))
    found = facts(findings)
    assert found["many_dead_relu"] == "yes" and found["dead_relu_fraction"] == 1.0
    verdict = next(f for f in findings if f.fact == "many_dead_relu")
    assert "3 (after 2): 84 of 84 units dead" in verdict.reason and verdict.inputs["layers"] == "2 ReLU layers"
    pooled = next(f for f in findings if f.fact is None and f.reason.startswith("dead ReLU units per layer"))
    assert pooled.value == pytest.approx(84 / 204, abs=0.05)


def test_a_single_dead_output_unit_is_found():
    batches = [split_batch((b.inputs, b.targets.float().unsqueeze(1))) for b in blobs(features=8)]
    model = nn.Sequential(mlp([8, 32, 1]), nn.ReLU())
    nn.init.constant_(model[0][2].bias, -100.0)
    found = facts(signal_probes.activations(ProbeInputs(model=model, data=batches, loss="mse")))
    assert found["many_dead_relu"] == "yes" and found["dead_relu_fraction"] == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_a_dead_layer_cuts_the_gradient_rather_than_vanishing(seed):
    torch.manual_seed(seed)
    batches = blobs(features=16, classes=10, seed=seed)
    model = dead_second_layer(120, 84)
    report = gradients.gradient_norms(model, batches[0], make_objective("cross_entropy", model, batches[0]))
    assert report.flow == "cut" and report.cut == ("0", "2", "4")
    found = signal_probes.grad_norms(ProbeInputs(model=model, data=batches, loss="cross_entropy"))
    assert "grad_flow" not in facts(found)
    assert any(f.verdict == "abnormal" and "cut, not vanishing" in f.reason for f in found)


def test_a_cut_in_the_middle_leaves_the_layers_after_it_compared():
    batches = blobs()
    model = mlp([8, 32, 32, 32, 32, 4])
    nn.init.constant_(model[0].bias, -100.0)  # the first hidden layer is dead: everything after it sees zeros
    report = gradients.gradient_norms(model, batches[0], make_objective("cross_entropy", model, batches[0]))
    assert report.cut == ("0", "2") and report.compared == 3 and report.flow == "healthy"


def test_smoothly_shrinking_gradients_still_vanish():
    batches = blobs()
    model = mlp([8] + [32] * 12 + [4], nn.Sigmoid)
    report = gradients.gradient_norms(model, batches[0], make_objective("cross_entropy", model, batches[0]))
    assert report.cut == () and report.flow == "vanishing" and report.compared == 13


class LeNetHead(nn.Module):
    """PyTorch's tutorial LeNet head: ReLUs applied in forward (F.relu), no ReLU modules to hook."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(16, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def test_a_dead_layer_behind_a_functional_relu_is_found():
    batches = blobs(features=16, classes=10)
    model = LeNetHead()
    healthy = facts(signal_probes.activations(ProbeInputs(model=model, data=batches, loss="cross_entropy")))
    assert healthy["many_dead_relu"] == "no" and healthy["activation"] == "relu"
    nn.init.constant_(model.fc2.bias, -100.0)
    findings = signal_probes.activations(ProbeInputs(model=model, data=batches, loss="cross_entropy"))
    assert facts(findings)["many_dead_relu"] == "yes"
    assert any("fc2 (ReLU in forward): 84 of 84 units dead" in f.reason for f in findings)


def test_a_tanh_net_with_zero_weights_has_no_dead_relus():
    batches = blobs()
    model = mlp([8, 32, 32, 4], nn.Tanh)
    for p in model.parameters():
        nn.init.zeros_(p)
    report = activations.activation_stats(model, batches, make_objective("cross_entropy", model, batches[0]))
    assert report.deadest is None and report.activation == "tanh"


class SequenceFFN(nn.Module):
    """Token embeddings through a ReLU feed-forward block on (B, T, F): units are the last dimension."""

    def __init__(self, vocab: int = 50, width: int = 16, hidden: int = 24) -> None:
        super().__init__()
        self.embed, self.up, self.relu, self.down = nn.Embedding(vocab, width), nn.Linear(width, hidden), nn.ReLU(), nn.Linear(hidden, vocab)

    def forward(self, tokens):
        return self.down(self.relu(self.up(self.embed(tokens)))).reshape(-1, self.down.out_features)


@pytest.mark.parametrize("dead", [0, 6, 24])
def test_units_of_a_sequence_layer_are_its_features_not_its_positions(dead):
    model = SequenceFFN()
    with torch.no_grad():
        model.up.bias[:dead] = -100.0
    g = torch.Generator().manual_seed(dead)
    batches = [split_batch((torch.randint(0, 50, (4, length), generator=g), torch.randint(0, 50, (4 * length,), generator=g))) for length in (7, 9)]
    report = activations.activation_stats(model, batches, make_objective("cross_entropy", model, batches[0]))
    assert report.deadest.units == 24 and report.deadest.dead_count == dead  # positions differ in length between batches
