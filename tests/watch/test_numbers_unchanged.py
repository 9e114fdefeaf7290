"""The watcher never changes the training's numbers: identical weights, bitwise, after K steps with
and without it (SGD with momentum and Adam; a model with Dropout and BatchNorm; every check on)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import losshelp

pytestmark = pytest.mark.torch


def _model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Dropout(0.3), nn.Linear(4 * 36, 3)
    )


def _train(opt_name: str, seed: int, watched: bool, tmp_path, every: int) -> dict[str, torch.Tensor]:
    torch.manual_seed(seed)
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9) if opt_name == "sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)
    data = torch.Generator().manual_seed(seed)
    w = losshelp.watch(model, opt, log_dir=str(tmp_path / f"{opt_name}{seed}"), every=every, stream=open("/dev/null", "w"),
                       print_summary=False) if watched else None
    for _ in range(12):
        x = torch.randn(8, 1, 6, 6, generator=data)
        y = torch.randint(0, 3, (8,), generator=data)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        if w:
            w.loss(loss)
    if w:
        w.close()
    return {k: v.clone() for k, v in model.state_dict().items()}


@pytest.mark.parametrize("opt_name", ["sgd", "adam"])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("every", [1, 10])
def test_weights_bitwise_identical(opt_name: str, seed: int, every: int, tmp_path):
    plain = _train(opt_name, seed, False, tmp_path, every)
    watched = _train(opt_name, seed, True, tmp_path, every)
    assert plain.keys() == watched.keys()
    for key in plain:
        assert torch.equal(plain[key], watched[key]), key


def test_close_removes_every_hook(tmp_path):
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    w = losshelp.watch(model, opt, log_dir=str(tmp_path), stream=open("/dev/null", "w"), print_summary=False)
    w.close()
    assert not model._forward_pre_hooks and all(not m._forward_pre_hooks for m in model.modules())
    assert not opt._optimizer_step_pre_hooks and not opt._optimizer_step_post_hooks
    assert all(not p._backward_hooks for p in model.parameters())
