"""The model probes step the user's own optimizer at the lr the run last used: an Adadelta checkpoint
is replayed as Adadelta (not Adam "at lr 1"), and a schedule that decayed the lr is not ignored."""

from __future__ import annotations

import copy
import statistics

import pytest
import torch
from tinynets import blobs, mlp
from torch import nn

from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.checkpoint.load import Checkpoint
from losshelp.probe.logs.series import LossLog, Series
from losshelp.probe.model.objective import split_batch

pytestmark = pytest.mark.torch


def train(make_opt, steps: int = 30, seed: int = 0, scheduler=None):
    """A tiny MLP trained for real with `make_opt`; the model, its optimizer, the batches."""
    torch.manual_seed(seed)
    model = mlp([8, 16, 16, 4])
    batches = blobs(seed=seed)
    opt = make_opt(model.parameters())
    sched = scheduler(opt) if scheduler else None
    for i in range(steps):
        b = batches[i % len(batches)]
        opt.zero_grad()
        nn.functional.cross_entropy(model(b.inputs), b.targets).backward()
        opt.step()
        if sched:
            sched.step()
    return model, opt, sched, batches


def next_step_ratio(model, opt, batch) -> float:
    """The median |update| / |weight| over the linear layers of one more step of the user's own optimizer."""
    model, opt = copy.deepcopy((model, opt))
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    before = [w.detach().clone() for w in weights]
    opt.zero_grad()
    nn.functional.cross_entropy(model(batch.inputs), batch.targets).backward()
    opt.step()
    return statistics.median_low(float((w.detach() - b).norm() / b.norm()) for w, b in zip(weights, before, strict=True))


def probe(model, opt, batches, names, sched=None, log=None, factory_seed: int = 1):
    torch.manual_seed(factory_seed)
    fresh = mlp([8, 16, 16, 4])  # the user's factory: their architecture, an untrained init
    ckpt = Checkpoint(dict(model.state_dict()), opt.state_dict(), scheduler=sched.state_dict() if sched else None)
    inputs = ProbeInputs(checkpoint=ckpt, model=fresh, data=[(b.inputs, b.targets) for b in batches], loss="cross_entropy", log=log)
    report = run_probes([p for p in select() if p.name in names], inputs)
    assert not report.errors, report.errors
    return report


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_adadelta_update_ratio_is_the_step_adadelta_takes(seed):
    model, opt, _, batches = train(lambda p: torch.optim.Adadelta(p, lr=1.0), seed=seed)
    report = probe(model, opt, batches, {"update_ratio"})
    measured = report.facts["update_ratio"]
    assert measured == pytest.approx(next_step_ratio(model, opt, split_batch((batches[0].inputs, batches[0].targets))), rel=1e-4)
    found = next(f for f in report.findings if f.fact == "update_ratio")
    assert found.inputs["optimizer"].startswith("adadelta") and "checkpoint" in found.inputs["lr"]


def test_adadelta_state_that_does_not_fit_the_model_is_not_judged():
    model, opt, _, batches = train(lambda p: torch.optim.Adadelta(p, lr=1.0))
    state = opt.state_dict()
    state["param_groups"][0]["params"] = state["param_groups"][0]["params"][:-1]  # one parameter short
    torch.manual_seed(1)
    inputs = ProbeInputs(checkpoint=Checkpoint(dict(model.state_dict()), state), model=mlp([8, 16, 16, 4]),
                         data=[(b.inputs, b.targets) for b in batches], loss="cross_entropy")
    report = run_probes([p for p in select() if p.name == "update_ratio"], inputs)
    assert "update_ratio" not in report.facts
    assert "cannot judge" in report.findings[0].reason


def decayed(seed: int = 0):
    """SGD at 0.1 whose ExponentialLR (gamma 0.5, stepped every batch) drove the lr to ~1e-10 of its start."""
    return train(lambda p: torch.optim.SGD(p, lr=0.1), steps=34, seed=seed,
                 scheduler=lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.5))


@pytest.mark.parametrize("seed", [0, 1])
def test_a_schedule_decayed_lr_in_the_checkpoint_is_the_lr_of_the_update(seed):
    model, opt, sched, batches = decayed(seed)
    last = sched.get_last_lr()[0]
    assert last < 1e-10
    report = probe(model, opt, batches, {"update_ratio", "checkpoint_optimizer", "checkpoint_schedule"}, sched)
    found = next(f for f in report.findings if f.probe == "update_ratio")
    assert found.value == pytest.approx(next_step_ratio(model, opt, batches[0]), abs=1e-12) and found.value < 1e-9
    # Measured at the lr used (not the base 0.1, which gave 0.021); a decayed lr's tiny step is not read
    # as "lr too low": the schedule itself is judged by lr_vanished.
    assert "update_ratio" not in report.facts and "the schedule decayed the lr from 0.1" in found.reason
    assert report.facts["lr"] == 0.1 and (report.facts["lr_decay"], report.facts["lr_vanished"]) == ("yes", "yes")
    assert found.inputs["lr"].endswith("(checkpoint lr_scheduler _last_lr)") and f"{last:.3g}" in found.inputs["lr"]


def test_the_log_lr_column_is_trusted_first():
    model, opt, sched, batches = decayed()
    log = LossLog({"train": Series(torch.arange(5.0).numpy(), torch.ones(5).numpy(), "loss"),
                   "lr": Series(torch.arange(5.0).numpy(), torch.tensor([0.1, 0.1, 1e-3, 1e-4, float("nan")]).double().numpy(), "lr")})
    report = probe(model, opt, batches, {"update_ratio"}, sched, log=log)
    found = next(f for f in report.findings if f.fact == "update_ratio")
    assert found.inputs["lr"] == "0.0001 (log lr, last step)"
    assert "lr 0.0001" in found.reason


def test_replaying_the_saved_state_leaves_the_users_state_untouched():
    model, opt, _, batches = train(lambda p: torch.optim.Adadelta(p, lr=1.0))
    saved = copy.deepcopy(opt.state_dict())
    probe(model, opt, batches, {"update_ratio", "shallow_baseline"})
    after = opt.state_dict()
    assert all(torch.equal(saved["state"][i][k], after["state"][i][k]) for i in saved["state"] for k in saved["state"][i])


def test_an_lr_from_the_log_alone_is_used_but_an_unknown_optimizer_is_not_guessed():
    model, _, _, batches = train(lambda p: torch.optim.SGD(p, lr=0.1))
    log = LossLog({"train": Series(torch.arange(5.0).numpy(), torch.ones(5).numpy(), "loss"),
                   "lr": Series(torch.arange(5.0).numpy(), torch.full((5,), 0.05).double().numpy(), "lr")})
    data = [(b.inputs, b.targets) for b in batches]
    unknown = run_probes([p for p in select() if p.name == "update_ratio"], ProbeInputs(model=model, data=data, loss="cross_entropy", log=log))
    assert "update_ratio" not in unknown.facts and "kind is unknown" in unknown.findings[0].reason
    stated = run_probes([p for p in select() if p.name == "update_ratio"],
                        ProbeInputs(model=model, data=data, loss="cross_entropy", log=log, stated={"optimizer": "sgd"}))
    found = stated.findings[0]
    assert "update_ratio" in stated.facts and found.inputs == {"optimizer": "sgd (stated)", "lr": "0.05 (log lr, last step)"}


OPTIMIZERS = [
    lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True), lambda p: torch.optim.Adam(p, lr=1e-3, amsgrad=True),
    lambda p: torch.optim.AdamW(p, lr=1e-3), lambda p: torch.optim.Adamax(p), lambda p: torch.optim.NAdam(p), lambda p: torch.optim.RAdam(p),
    lambda p: torch.optim.Adagrad(p), lambda p: torch.optim.Adadelta(p), lambda p: torch.optim.RMSprop(p, centered=True),
    lambda p: torch.optim.Rprop(p), lambda p: torch.optim.ASGD(p), lambda p: torch.optim.Adafactor(p),
]


@pytest.mark.parametrize("make", OPTIMIZERS)
def test_every_steppable_torch_optimizer_is_stepped_as_itself(make):
    model, opt, _, batches = train(make, steps=4)
    report = probe(model, opt, batches, {"update_ratio"})
    found = report.findings[0]
    assert found.fact == "update_ratio" and f"one step of {type(opt).__name__.lower()} (" in found.reason
    if "saved state replayed" in found.reason:  # the kinds whose step lives in their state: the run's own next step
        assert type(opt).__name__ in ("Adadelta", "Rprop", "Adafactor")
        assert report.facts["update_ratio"] == pytest.approx(next_step_ratio(model, opt, batches[0]), rel=1e-3)
    else:  # the others: a fresh state of the same class at the same lr, as the thresholds were measured
        fresh_model = copy.deepcopy(model)
        fresh = type(opt)(fresh_model.parameters(), **{k: v for k, v in opt.defaults.items() if k in ("lr", "momentum", "nesterov", "amsgrad", "centered")})
        assert report.facts["update_ratio"] == pytest.approx(next_step_ratio(fresh_model, fresh, batches[0]), rel=1e-3)


def test_lbfgs_is_not_stepped_without_its_closure():
    model, _, _, batches = train(lambda p: torch.optim.SGD(p, lr=0.1), steps=1)
    opt = torch.optim.LBFGS(model.parameters())
    report = probe(model, opt, batches, {"update_ratio", "lr_range_test"})
    assert "update_ratio" not in report.facts and "lr_range_test" not in report.facts


@pytest.mark.parametrize("seed", [0, 1])
def test_a_cosine_schedule_that_ended_at_zero_is_not_read_as_a_too_low_lr(seed):
    model, opt, sched, batches = train(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), steps=40, seed=seed,
                                       scheduler=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40))
    assert sched.get_last_lr()[0] == 0.0
    report = probe(model, opt, batches, {"update_ratio", "checkpoint_schedule"}, sched, factory_seed=seed)
    assert "update_ratio" not in report.facts
    assert (report.facts["lr_decay"], report.facts["lr_vanished"]) == ("yes", "no")
