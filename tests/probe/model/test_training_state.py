"""The user's own training state: a checkpoint compared with a fresh build of their model and with
the optimizer state saved beside it (weights that never moved, an optimizer that never stepped,
weights grown without bound)."""

from __future__ import annotations

import pytest
import torch
from tinynets import blobs, mlp
from torch import nn

from losshelp.engine import diagnose
from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.checkpoint.load import Checkpoint

pytestmark = pytest.mark.torch


def factory(seed: int = 0) -> nn.Module:
    """The user's --model factory: deterministic when it seeds itself, as many do."""
    torch.manual_seed(seed)
    return mlp([8, 16, 16, 4])


def loop(model, opt, steps: int = 40, zero_grad: bool = True, step: bool = True):
    batches = blobs()
    for i in range(steps):
        b = batches[i % len(batches)]
        if zero_grad:
            opt.zero_grad()
        nn.functional.cross_entropy(model(b.inputs), b.targets).backward()
        if step:
            opt.step()
    return batches


def measure(model, opt, factory_seed: int = 0, data: bool = False) -> tuple[dict, list]:
    ckpt = Checkpoint(dict(model.state_dict()), opt.state_dict() if opt is not None else None)
    batches = blobs()
    inputs = ProbeInputs(checkpoint=ckpt, model=factory(factory_seed), loss="cross_entropy",
                         data=[(b.inputs, b.targets) for b in batches] if data else None)
    report = run_probes([p for p in select() if p.name == "training_state"], inputs)
    assert not report.errors, report.errors
    return report.facts, report.findings


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_healthy_run_moved_every_weight_and_kept_its_scale(seed):
    model = factory(seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    loop(model, opt)
    found, _ = measure(model, opt, seed)
    assert found == {"params_never_moved": "no", "params_not_stepped": "no", "weights_grown": "no"}


@pytest.mark.parametrize("data", [False, True])
def test_an_optimizer_built_on_a_model_that_was_then_replaced_moves_nothing_it_saves(data):
    model = factory()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    model = factory()  # the classic slip: a new model after the optimizer took the old one's parameters
    loop(model, opt)  # the loss goes backward through the new model, the optimizer steps the old one
    found, findings = measure(model, opt, data=data)
    assert (found["params_never_moved"], found["params_not_stepped"]) == ("yes", "yes")  # the old ones got no gradient either
    assert "all 6 trainable tensors are still exactly as built" in next(f.reason for f in findings if f.fact == "params_never_moved")


def test_weights_saved_from_another_model_than_the_one_optimised():
    trained = factory()
    opt = torch.optim.Adam(trained.parameters(), lr=1e-2)
    loop(trained, opt)
    saved = factory()  # the checkpoint took a fresh instance's weights beside the trained optimizer's state
    found, findings = measure(saved, opt)
    assert (found["params_never_moved"], found["params_not_stepped"]) == ("yes", "no")
    assert "6 tensors the optimizer holds state for are still exactly as built" in next(f.reason for f in findings if f.fact == "params_never_moved")


def test_a_loop_without_optimizer_step_never_stepped():
    model = factory()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    loop(model, opt, step=False)
    found, _ = measure(model, opt)
    assert (found["params_never_moved"], found["params_not_stepped"]) == ("yes", "yes")


def test_every_parameter_frozen_is_reported():
    model = factory()
    for p in model.parameters():
        p.requires_grad_(False)
    ckpt = Checkpoint(dict(model.state_dict()), torch.optim.SGD(model.parameters(), lr=0.1).state_dict())
    fresh = factory()
    for p in fresh.parameters():
        p.requires_grad_(False)  # the factory freezes them, as the user's code did
    report = run_probes([p for p in select() if p.name == "training_state"], ProbeInputs(checkpoint=ckpt, model=fresh))
    assert report.facts["params_not_stepped"] == "yes"


def test_a_frozen_backbone_for_fine_tuning_is_not_a_fault():
    model = factory()
    head = model[-1]
    opt = torch.optim.Adam(head.parameters(), lr=1e-2)  # only the head is trained, on purpose
    loop(model, opt)
    found, findings = measure(model, opt)
    assert "params_never_moved" not in found  # neither a fault nor, with tensors left as built, a sound loop
    assert "fine-tuning" in next(f.reason for f in findings if "moved from a fresh build" in f.reason)


@pytest.mark.parametrize("seed", [0, 1])
def test_gradients_never_zeroed_grow_the_weights(seed):
    model = factory(seed)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loop(model, opt, steps=60, zero_grad=False)
    found, _ = measure(model, opt, seed)
    assert found["weights_grown"] == "yes"
    assert {c.id for c in diagnose(found).causes if c.level == "likely"} & {"exploding_gradient", "training_loop_bug"}


def test_never_moved_points_at_the_loop():
    top = diagnose({"params_never_moved": "yes"}).causes[0]
    assert (top.id, top.level) == ("training_loop_bug", "likely")
