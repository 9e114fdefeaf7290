"""Every fix's snippet runs against small stand-ins built from what it declares it needs, and the
snippets that went wrong before do what their fix says."""

from __future__ import annotations

import importlib.util
import math

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from losshelp.kb import default_kb
from tests.kb.snippet_env import environment, run_snippet

KB = default_kb()
SNIPPETS = [f for f in KB.fixes.values() if f.snippet]


def _missing(packages: list[str]) -> list[str]:
    return [p for p in packages if importlib.util.find_spec(p) is None]


@pytest.mark.parametrize("fix", SNIPPETS, ids=[f.id for f in SNIPPETS])
def test_every_snippet_runs_with_what_it_declares(fix, tmp_path, monkeypatch):
    missing = _missing(fix.requires)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, which losshelp does not depend on")
    monkeypatch.chdir(tmp_path)  # snippets that save a checkpoint write here
    assert fix.needs is not None
    run_snippet(fix.snippet, fix.needs)


def test_proper_init_handles_layers_without_bias():
    env = environment()
    first = env["model"][0]
    assert first.bias is None
    run_snippet(KB.fixes["proper_init"].snippet, KB.fixes["proper_init"].needs, env)
    fan_in = first.weight.shape[1]
    assert first.weight.std().item() == pytest.approx(math.sqrt(2 / fan_in), rel=0.5)


def test_leaky_relu_swaps_nested_relus_too():
    env = environment()
    run_snippet(KB.fixes["leaky_relu"].snippet, KB.fixes["leaky_relu"].needs, env)
    kinds = [type(m) for m in env["model"].modules()]
    assert nn.ReLU not in kinds and kinds.count(nn.LeakyReLU) == 2


@pytest.mark.parametrize("seed", range(3))
def test_gradient_clipping_skips_a_non_finite_step(seed):
    env = environment(seed)
    model = env["model"]
    before = [p.detach().clone() for p in model.parameters()]
    env["loss"] = model(env["x"]).sum() * float("nan")
    run_snippet(KB.fixes["gradient_clipping"].snippet, KB.fixes["gradient_clipping"].needs, env)
    after = list(model.parameters())
    assert all(torch.isfinite(p).all() for p in after)
    assert all(torch.equal(a, b) for a, b in zip(before, after, strict=True))


def test_gradient_clipping_still_steps_on_a_finite_gradient():
    env = environment()
    before = [p.detach().clone() for p in env["model"].parameters()]
    run_snippet(KB.fixes["gradient_clipping"].snippet, KB.fixes["gradient_clipping"].needs, env)
    assert any(not torch.equal(a, b) for a, b in zip(before, env["model"].parameters(), strict=True))


def test_lr_range_test_pairs_each_loss_with_the_lr_that_produced_its_update():
    fix = KB.fixes["run_lr_range_test"]
    out = run_snippet(fix.snippet, fix.needs)
    lrs, losses = out["lrs"], out["losses"]
    assert len(lrs) == len(losses) > 1
    assert lrs[0] == pytest.approx(1e-7)  # the first loss was taken before any step, at the start lr
    gamma = (10 / 1e-7) ** (1 / 200)
    assert all(b / a == pytest.approx(gamma) for a, b in zip(lrs, lrs[1:], strict=False))


def test_add_regularization_puts_no_bias_in_the_l1_term():
    fix = KB.fixes["add_regularization"]
    out = run_snippet(fix.snippet, fix.needs)
    out["l1"].backward()
    first = out["model"][0]
    assert first.bias.grad is None or torch.count_nonzero(first.bias.grad) == 0
    assert torch.count_nonzero(first.weight.grad) > 0


def test_step_decay_comment_names_the_lrs_it_uses():
    fix = KB.fixes["step_decay"]
    env = environment()
    used: list[float] = []
    env["train_one_epoch"] = lambda model, loader, optimizer: used.append(optimizer.param_groups[0]["lr"])
    run_snippet(fix.snippet, fix.needs, env)
    assert sorted(set(used), reverse=True) == pytest.approx([0.01, 1e-3, 1e-4])
    comment = next(line for line in fix.snippet.splitlines() if "StepLR(" in line)
    assert "1e-4" in comment and "1e-5" not in comment
