"""Every optimizer is read as what it is from its saved state, stepped for real on a tiny model;
the `optimizer` fact keeps DESIGN.md's values and the finding names the real kind."""

from __future__ import annotations

import pytest

from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.checkpoint.load import Checkpoint
from losshelp.probe.checkpoint.optimizer import FACT_KINDS, read_optimizer

torch = pytest.importorskip("torch")
nn = torch.nn
pytestmark = pytest.mark.torch
O = torch.optim

# (how to build it, the real kind read back, the `optimizer` fact)
TORCH_OPTIMIZERS = [
    (lambda p: O.SGD(p, lr=0.1), "sgd", "sgd"),
    (lambda p: O.SGD(p, lr=0.1, momentum=0.9), "sgd", "momentum"),
    (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True), "sgd", "momentum"),
    (lambda p: O.Adam(p, lr=1e-3), "adam", "adam"),
    (lambda p: O.Adam(p, lr=1e-3, amsgrad=True, weight_decay=1e-4), "adam", "adam"),
    (lambda p: O.AdamW(p, lr=1e-3, weight_decay=0.05), "adamw", "adamw"),
    (lambda p: O.Adamax(p), "adamax", "other"),
    (lambda p: O.NAdam(p), "nadam", "other"),
    (lambda p: O.RAdam(p), "radam", "other"),
    (lambda p: O.Adagrad(p, lr=1e-2), "adagrad", "adagrad"),
    (lambda p: O.Adadelta(p), "adadelta", "other"),
    (lambda p: O.RMSprop(p, lr=1e-3), "rmsprop", "rmsprop"),
    (lambda p: O.RMSprop(p, lr=1e-3, momentum=0.9, centered=True), "rmsprop", "rmsprop"),
    (lambda p: O.Rprop(p), "rprop", "other"),
    (lambda p: O.ASGD(p), "asgd", "other"),
    (lambda p: O.LBFGS(p), "lbfgs", "other"),
    (lambda p: O.Adafactor(p), "adafactor", "other"),
]
if hasattr(O, "Muon"):
    TORCH_OPTIMIZERS.append((lambda p: O.Muon([q for q in p if q.dim() == 2]), "muon", "other"))


def stepped(make, steps: int = 3) -> dict:
    """The state dict of `make(params)` after a few real steps on a tiny MLP."""
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    opt = make(list(model.parameters()))
    x, y = torch.randn(16, 6), torch.randint(0, 3, (16,))

    def closure():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        return loss

    for _ in range(steps):
        opt.step(closure)
    return opt.state_dict()


@pytest.mark.parametrize("steps", [0, 3])
@pytest.mark.parametrize(("make", "name", "fact"), TORCH_OPTIMIZERS)
def test_every_torch_optimizer_is_read_as_itself(make, name, fact, steps):
    info = read_optimizer(stepped(make, steps))
    if steps == 0 and name == "adamax":
        # Never stepped, Adamax's param_group has no key of its own (its exp_inf comes with the first step).
        assert (info.name, info.kind) == ("unknown", None)
        return
    assert (info.name, info.kind) == (name, fact)
    assert info.kind in FACT_KINDS or info.kind == "other"


def test_sparse_adam_is_not_read_as_adam():
    emb = nn.Embedding(10, 4, sparse=True)
    opt = O.SparseAdam(list(emb.parameters()))
    for _ in range(2):
        opt.zero_grad()
        emb(torch.tensor([1, 2, 3])).sum().backward()
        opt.step()
    info = read_optimizer(opt.state_dict())
    assert (info.name, info.kind) == ("sparse_adam", "other")


def _adam_like_state(keys: tuple[str, ...]) -> dict:
    return {k: torch.zeros(3) for k in keys} | {"step": torch.tensor(5.0)}


# State dicts as other libraries save them (keys as their optimizers write them); not installed here.
OUTSIDE = [
    ({"state": {0: _adam_like_state(("exp_avg",))}, "param_groups": [{"lr": 1e-4, "betas": (0.9, 0.99), "weight_decay": 0.0, "params": [0]}]}, "lion"),
    ({"state": {0: {"step": 3, "exp_avg_sq_row": torch.zeros(3), "exp_avg_sq_col": torch.zeros(4), "RMS": 1.0}},
      "param_groups": [{"lr": None, "eps": (1e-30, 1e-3), "clip_threshold": 1.0, "decay_rate": -0.8, "beta1": None, "weight_decay": 0.0,
                        "scale_parameter": True, "relative_step": True, "warmup_init": False, "params": [0]}]}, "adafactor_hf"),
    ({"state": {0: _adam_like_state(("exp_avg", "exp_avg_sq"))},
      "param_groups": [{"lr": 1e-3, "bias_correction": True, "betas": (0.9, 0.999), "eps": 1e-6, "weight_decay": 0.01,
                        "grad_averaging": True, "max_grad_norm": 1.0, "trust_clip": False, "always_adapt": False, "params": [0]}]}, "lamb"),
]


@pytest.mark.parametrize(("state", "name"), OUTSIDE)
def test_common_optimizers_outside_torch_are_recognised(state, name):
    info = read_optimizer(state)
    assert (info.name, info.kind, info.torch_class) == (name, "other", None)


def test_an_adam_like_state_with_unfamiliar_hyperparameters_is_unknown_not_adam():
    state = {"state": {0: _adam_like_state(("exp_avg", "exp_avg_sq"))},
             "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "params": [0]}]}
    info = read_optimizer(state)
    assert (info.name, info.kind) == ("unknown", None)


def test_the_finding_names_the_real_kind_and_where_it_was_read():
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    ckpt = Checkpoint(dict(model.state_dict()), stepped(lambda p: O.Adadelta(p)))
    report = run_probes([p for p in select() if p.name == "checkpoint_optimizer"], ProbeInputs(checkpoint=ckpt))
    found = next(f for f in report.findings if f.fact == "optimizer")
    assert found.value == "other" and "Adadelta" in found.reason
    assert found.inputs["optimizer"].startswith("adadelta")
    assert report.facts["optimizer"] == "other"
