"""The user's loss as the user gives it: NLL baselines get log-probabilities, and MSE gets the
targets in the user's shape, so a (B,) vs (B, 1) broadcast is reproduced and reported."""

from __future__ import annotations

import pytest
import torch
from tinynets import blobs, mlp
from torch import nn

from losshelp.engine import diagnose
from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.model import fitting
from losshelp.probe.model.objective import make_objective

pytestmark = pytest.mark.torch


def trained_nll_model(seed: int) -> tuple[nn.Module, list]:
    """A deep MLP ending in log-softmax, trained with NLL as the user's loop would."""
    torch.manual_seed(seed)
    model = nn.Sequential(mlp([8, 32, 32, 4]), nn.LogSoftmax(dim=1))
    batches = blobs(seed=seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for i in range(60):
        b = batches[i % len(batches)]
        opt.zero_grad()
        nn.functional.nll_loss(model(b.inputs), b.targets).backward()
        opt.step()
    return model, batches


def facts(model, batches, loss: str, names: set[str]) -> tuple[dict, list]:
    inputs = ProbeInputs(model=model, data=[(b.inputs, b.targets) if hasattr(b, "inputs") else b for b in batches], loss=loss)
    report = run_probes([p for p in select() if p.name in names], inputs)
    assert not report.errors, report.errors
    return report.facts, report.findings


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nll_baseline_is_scored_on_log_probabilities(seed):
    model, batches = trained_nll_model(seed)
    objective = make_objective("nll", model, batches[0])
    result = fitting.compare_shallow(model, batches, objective, fitting.SAFE_OPTIMIZER)
    assert result.shallow_loss >= 0  # an NLL of log-probabilities; on raw outputs it ran to -64.5
    assert result.baseline.endswith("LogSoftmax")
    assert result.shallow_better is False  # the probe's `shallow_model_better` is this verdict


def test_a_custom_loss_on_probabilities_gets_a_softmax_baseline():
    torch.manual_seed(0)
    model = nn.Sequential(mlp([8, 32, 32, 4]), nn.Softmax(dim=1))
    batches = blobs()
    objective = make_objective(lambda p, y: nn.functional.nll_loss(p.clamp_min(1e-9).log(), y), model, batches[0])
    baseline = fitting.shallow_baseline(model, batches[0], objective, depth=3)
    out = baseline(batches[0].inputs)
    assert torch.allclose(out.sum(dim=1), torch.ones(out.shape[0])) and bool((out >= 0).all())


def regression(target_shape: str, seed: int = 0):
    torch.manual_seed(seed)
    model = mlp([8, 16, 1])  # one output per sample: (B, 1)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 8, generator=g)
    y = x @ torch.randn(8, generator=g)
    y = y if target_shape == "(B,)" else y.unsqueeze(1)
    return model, [(x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mse_broadcast_of_b_targets_against_b1_outputs_is_reproduced_and_reported(seed):
    model, data = regression("(B,)", seed)
    inputs = ProbeInputs(model=model, data=data, loss="mse")
    report = run_probes([p for p in select() if p.name in ("start_loss", "target_broadcast")], inputs)
    assert not report.errors
    x, y = data[0]
    with torch.no_grad(), pytest.warns(UserWarning, match="target size"):
        users = nn.MSELoss()(model(x), y)  # what the user's loop computes: (16, 1) vs (16,) -> (16, 16)
    with torch.no_grad():
        losses = [float(((model(a) - b) ** 2).mean()) for a, b in data]  # the same broadcast, batch by batch
    assert report.facts["loss_value"] == pytest.approx(sum(losses) / len(losses), rel=1e-5)
    assert losses[0] == pytest.approx(float(users), rel=1e-6)
    assert report.facts["target_broadcast"] == "yes"
    found = next(f for f in report.findings if f.fact == "target_broadcast")
    assert "(16, 16)" in found.reason and found.inputs["loss"] == "mse (given)"
    top = diagnose({"target_broadcast": "yes"}).causes[0]
    assert (top.id, top.level) == ("wrong_loss_function", "likely")


def test_matching_shapes_are_not_a_broadcast():
    model, data = regression("(B, 1)")
    found, _ = facts(model, data, "mse", {"target_broadcast"})
    assert found["target_broadcast"] == "no"


def test_an_inferred_mse_matches_shapes_and_only_notes_the_broadcast():
    model, data = regression("(B,)")
    found, findings = facts(model, data, None, {"target_broadcast"})
    assert "target_broadcast" not in found
    assert "would broadcast to (16, 16)" in findings[0].reason


def test_the_baseline_finding_says_which_loss_and_optimizers_it_used():
    model, batches = trained_nll_model(0)
    _, findings = facts(model, batches, "nll", {"shallow_baseline"})
    assert findings[0].inputs["loss"] == "nll (given)"
    assert findings[0].inputs["baseline"].endswith("LogSoftmax, Adam 1e-3")
    assert findings[0].inputs["optimizer"].startswith("adam (losshelp's default: yours is unknown")
