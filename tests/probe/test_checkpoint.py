"""Checkpoint probes on tiny state_dicts built here, and the formats they are read from."""

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from losshelp.probe import ProbeInputs, run_probes, select  # noqa: E402
from losshelp.probe.checkpoint import load_checkpoint  # noqa: E402
from losshelp.probe.checkpoint.load import Checkpoint  # noqa: E402
from losshelp.probe.checkpoint.optimizer import read_optimizer  # noqa: E402

pytestmark = pytest.mark.torch


def mlp(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def cnn(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 6 * 6, 5))


def facts(state: dict, optimizer: dict | None = None) -> dict:
    ckpt = Checkpoint(dict(state), optimizer)
    probes = [p for p in select() if p.name.startswith("checkpoint_")]
    report = run_probes(probes, ProbeInputs(checkpoint=ckpt))
    assert not report.errors
    return report.facts


@pytest.mark.parametrize("model", [mlp, cnn])
def test_healthy_checkpoint_has_no_abnormal_finding(model):
    ckpt = Checkpoint(dict(model().state_dict()))
    report = run_probes([p for p in select() if p.name.startswith("checkpoint_")], ProbeInputs(checkpoint=ckpt))
    assert [f for f in report.findings if f.verdict == "abnormal"] == []
    assert report.facts["weight_scale"] == "ok"


def test_nonfinite():
    state = mlp().state_dict()
    state["2.weight"][3, 4] = float("nan")
    assert facts(state)["weights_nonfinite"] == "yes"
    assert facts(mlp().state_dict())["weights_nonfinite"] == "no"


def test_weight_scale_too_large_and_too_small():
    big = {k: torch.randn_like(v) if v.ndim == 2 else v for k, v in mlp().state_dict().items()}
    small = {k: v * 1e-3 if v.ndim == 2 else v for k, v in mlp().state_dict().items()}
    assert facts(big)["weight_scale"] == "too_large"
    assert facts(small)["weight_scale"] == "too_small"


def test_symmetry_from_constant_init():
    state = mlp().state_dict()
    state["0.weight"] = torch.full((64, 20), 0.05)
    assert facts(state)["symmetric_units"] == "yes"
    assert facts(mlp().state_dict())["symmetric_units"] == "no"


def test_near_zero_layers():
    state = mlp().state_dict()
    state["2.weight"] = state["2.weight"] * 1e-4
    assert facts(state)["near_zero_layers"] == "yes"
    assert facts(mlp().state_dict())["near_zero_layers"] == "no"


def test_negative_biases_silence_relu_units():
    state = mlp().state_dict()
    state["0.bias"] = torch.full((64,), -10.0)
    assert facts(state)["many_dead_relu"] == "yes"
    bn = cnn().state_dict()
    bn["1.bias"] = torch.full((16,), -5.0)
    assert facts(bn)["many_dead_relu"] == "yes"
    assert "many_dead_relu" not in facts(mlp().state_dict())


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: torch.optim.SGD(p, lr=0.1), "sgd"),
        (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), "momentum"),
        (lambda p: torch.optim.Adam(p, lr=1e-3), "adam"),
        (lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=0.05), "adamw"),
        (lambda p: torch.optim.RMSprop(p, lr=1e-3), "rmsprop"),
        (lambda p: torch.optim.Adagrad(p, lr=1e-2), "adagrad"),
        (lambda p: torch.optim.Adadelta(p), "other"),
        (lambda p: torch.optim.NAdam(p), "other"),
    ],
)
def test_optimizer_kind_and_hyperparameters(make, kind):
    model = mlp()
    opt = make(model.parameters())
    model(torch.randn(4, 20)).sum().backward()
    opt.step()
    info = read_optimizer(opt.state_dict())
    assert info.kind == kind
    assert info.lr == opt.param_groups[0]["lr"]
    assert info.weight_decay == opt.param_groups[0]["weight_decay"]
    assert info.maximize is False


def test_maximize_flag_is_read_with_the_other_hyperparameters():
    opt = torch.optim.SGD(mlp().parameters(), lr=0.1, maximize=True)
    assert read_optimizer(opt.state_dict()).maximize is True
    assert read_optimizer({"param_groups": ["not a group"]}).maximize is False


def test_shapes():
    f = facts(cnn().state_dict())
    assert (f["num_classes"], f["depth"], f["uses_batchnorm"]) == (5.0, 2.0, "yes")
    assert facts(mlp().state_dict())["uses_batchnorm"] == "no"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The same small model saved in every supported layout."""
    tmp_path = tmp_path_factory.mktemp("ckpt")
    model = mlp()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    sd = model.state_dict()
    torch.save(sd, tmp_path / "raw.pt")
    torch.save({"model_state_dict": sd, "optimizer_state_dict": opt.state_dict(), "epoch": 3}, tmp_path / "wrapped.pth")
    torch.save({"state_dict": {f"model.{k}": v for k, v in sd.items()}, "optimizer_states": [opt.state_dict()],
                "pytorch-lightning_version": "2.4"}, tmp_path / "last.ckpt")
    torch.save({"model": {f"module.{k}": v for k, v in sd.items()}, "optimizer": opt.state_dict()}, tmp_path / "ddp.pt")
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in sd.items()}, tmp_path / "model.safetensors")
    save_file({f"module.{k}": v.contiguous() for k, v in sd.items()}, tmp_path / "ddp.safetensors")
    with pytest.warns(DeprecationWarning):
        torch.jit.save(torch.jit.script(model), tmp_path / "scripted.pt")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "fmt", "has_opt"),
    [("raw.pt", "torch", False), ("wrapped.pth", "torch", True), ("last.ckpt", "lightning", True),
     ("ddp.pt", "torch", True), ("model.safetensors", "safetensors", False), ("ddp.safetensors", "safetensors", False),
     ("scripted.pt", "torchscript", False)],
)
def test_formats(saved, name, fmt, has_opt):
    ckpt = load_checkpoint(saved / name)
    assert ckpt.format == fmt
    assert (ckpt.optimizer is not None) == has_opt
    assert len(ckpt.tensors) == 6
    assert not any(k.startswith("module.") for k in ckpt.tensors)


@pytest.mark.parametrize("bad", [complex(float("nan"), 0), complex(0, float("inf")), complex(float("-inf"), 1)])
def test_nonfinite_in_a_complex_tensor(bad):
    state = {"fc.weight": torch.randn(4, 3), "spectrum": torch.tensor([1 + 2j, bad, 3j])}
    assert facts(state)["weights_nonfinite"] == "yes"
    state["spectrum"] = torch.tensor([1 + 2j, 3j])
    assert facts(state)["weights_nonfinite"] == "no"


def test_integer_tensors_are_not_called_finite():
    ckpt = Checkpoint({"fc.weight": torch.randn(4, 3), "steps": torch.tensor([3, 4]), "mask": torch.tensor([True])})
    report = run_probes([p for p in select() if p.name == "checkpoint_nonfinite"], ProbeInputs(checkpoint=ckpt))
    [finding] = report.findings
    assert finding.value == "no"
    assert finding.reason.startswith("1 floating-point tensors all finite") and "2 integer or boolean" in finding.reason


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HYPER = st.one_of(
    st.floats(),  # NaN, +-inf, negatives, +-1.8e308
    st.integers(min_value=-(10**5000), max_value=10**5000),
    st.text(max_size=5),
    st.none(),
    st.lists(st.floats(), max_size=3),
)


@settings(max_examples=120, deadline=None)
@given(lr=HYPER, wd=HYPER, momentum=HYPER, betas=HYPER)
def test_any_saved_hyperparameters_give_facts_or_a_finding(lr, wd, momentum, betas):
    """NaN, negative, absurd or mistyped values in param_groups: never an error; a usable value is
    stated, an unusable one is named by an abnormal finding and not stated."""
    from losshelp.engine import diagnose

    group = {"lr": lr, "weight_decay": wd, "momentum": momentum, "betas": betas, "params": [0]}
    out = facts(mlp().state_dict(), {"state": {}, "param_groups": [group]})
    for fact, raw in (("lr", lr), ("weight_decay", wd)):
        if fact in out:
            assert out[fact] == float(raw) and out[fact] >= 0
    for backend in ("python", "durable-rules"):
        diagnose(out, backend=backend)


@pytest.mark.parametrize("lr", [float("nan"), -0.1, float("inf"), "fast", 10**400, -(10**5000)],
                         ids=["nan", "negative", "inf", "word", "400-digit", "5000-digit"])
def test_unusable_lr_is_named_not_stated(lr):
    ckpt = Checkpoint(dict(mlp().state_dict()), {"state": {}, "param_groups": [{"lr": lr, "momentum": 0.9, "nesterov": False, "dampening": 0}]})
    report = run_probes([p for p in select() if p.name == "checkpoint_optimizer"], ProbeInputs(checkpoint=ckpt))
    assert "lr" not in report.facts and report.facts["optimizer"] == "momentum"
    [abnormal] = [f for f in report.findings if f.verdict == "abnormal"]
    assert abnormal.reason.startswith("param_groups[0] holds lr ") and abnormal.fact is None
    assert ("digits" in abnormal.reason) == isinstance(lr, int)


@pytest.mark.parametrize("groups", [None, [], "adam", 3, ["x"], [None], {"lr": 0.1}])
def test_malformed_param_groups(groups):
    out = facts(mlp().state_dict(), {"state": [], "param_groups": groups})
    assert "lr" not in out


@pytest.mark.parametrize(("last", "vanished"), [(0.0, "no"), (1e-12, "yes"), (1e-3, "no")])
def test_a_checkpoint_lr_is_vanished_only_when_positive_and_a_millionth_of_its_start(last, vanished):
    model = mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: last / 0.1 if epoch else 1.0)
    opt.step()  # no gradients: moves nothing, keeps the scheduler's order check quiet
    sched.step()
    ckpt = Checkpoint(dict(model.state_dict()), opt.state_dict(), scheduler=sched.state_dict())
    report = run_probes([p for p in select() if p.name == "checkpoint_schedule"], ProbeInputs(checkpoint=ckpt))
    assert report.facts["lr_vanished"] == vanished and report.facts["lr_decay"] == "yes"
    assert report.findings[0].inputs["lr"].endswith("(checkpoint lr_scheduler _last_lr)")
