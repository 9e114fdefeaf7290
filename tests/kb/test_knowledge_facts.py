"""The knowledge base's numeric claims, measured with PyTorch, and the entries that state them.

Each test measures a fact an entry relies on, then checks that the entry says what was measured,
so that a wrong claim (or a fact that changes under a new PyTorch) fails here.
"""

from __future__ import annotations

import math
import re

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from losshelp.kb import default_kb
from losshelp.kb.models import Text

KB = default_kb()


@pytest.fixture(autouse=True)
def one_thread():
    """Small tensors: more threads only contend for the cores; restored afterwards."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _both(text: Text) -> str:
    return f"{text.en}\n{text.zh}"


def _steps(optimizer_cls: type[torch.optim.Optimizer], lr: float, **kwargs: float) -> list[float]:
    """|update| per step for one weight: 100 steps with |g| = 1, then 5,000 with |g| = 1e-3."""
    w = nn.Parameter(torch.zeros(1))
    opt = optimizer_cls([w], lr=lr, **kwargs)
    out = []
    for i in range(5100):
        before = w.detach().clone()
        w.grad = torch.ones(1) * (1.0 if i < 100 else 1e-3)
        opt.step()
        out.append(abs((w.detach() - before).item()))
    return out


def test_adagrad_steps_only_shrink_while_rmsprop_steps_grow_back():
    adagrad = _steps(torch.optim.Adagrad, lr=0.1)
    rmsprop = _steps(torch.optim.RMSprop, lr=0.1, alpha=0.99)
    assert all(b <= a * (1 + 1e-6) for a, b in zip(adagrad, adagrad[1:], strict=False))  # the sum only grows
    assert adagrad[-1] == pytest.approx(1e-5, rel=0.05)
    assert rmsprop[100] < 0.02 and rmsprop[-1] == pytest.approx(0.1, rel=0.05)


def test_the_adagrad_entries_blame_the_running_average_not_adagrads_sum():
    question = KB.questions["hl_adagrad_blowup_warmup"]
    right = next(o for o in question.options if o.id in question.answer)
    assert "RMSprop" in question.text.en and "Adagrad" not in question.text.en
    assert "average" in right.text.en and "平均" in right.text.zh
    wrong_adagrad = [o for o in question.options if "Adagrad" in o.text.en]
    assert wrong_adagrad and all(o.id not in question.answer for o in wrong_adagrad)
    schedule = _both(KB.fixes["check_lr_schedule"].steps[2])
    assert "only grows" in schedule and "只增不减" in schedule
    versus = next(o for o in KB.questions["hl_adagrad_vs_rmsprop"].options if o.id == "a")
    assert "root of the sum" in versus.text.en and "之和的平方根" in versus.text.zh


def _signal_ratio(init: str, seed: int, depth: int = 20, width: int = 256) -> float:
    """Std across a batch of the last hidden layer over that of the input, for a plain ReLU MLP."""
    torch.manual_seed(seed)
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        if init == "he":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        layers += [linear, nn.ReLU()]
    x = torch.randn(512, width)
    with torch.no_grad():
        h = nn.Sequential(*layers)(x)
    return (h.std(dim=0).mean() / x.std(dim=0).mean()).item()


@pytest.mark.parametrize("seed", range(3))
def test_pytorch_default_init_loses_the_signal_of_a_deep_relu_mlp(seed):
    default, he = _signal_ratio("default", seed), _signal_ratio("he", seed)
    assert default < 1e-4 < 0.1 < he < 10
    weight = nn.Linear(1024, 1024).weight
    assert weight.std().item() / math.sqrt(2 / 1024) == pytest.approx(0.41, abs=0.01)


def test_no_entry_calls_the_default_init_fine_for_every_net():
    said = _both(KB.fixes["proper_init"].steps[3]) + _both(KB.rules["init_default"].because)
    assert "usually fine" not in said and "通常没问题" not in said
    assert "0.41" in said


@pytest.mark.parametrize("lr", [1e-4, 1e-2, 1.0])
def test_no_learning_rate_revives_a_dead_relu_unit(lr):
    torch.manual_seed(0)
    layer = nn.Linear(4, 3)
    with torch.no_grad():
        layer.bias[0] = -100.0  # unit 0 is negative for every input: dead
    head = nn.Linear(3, 1)
    opt = torch.optim.SGD([*layer.parameters(), *head.parameters()], lr=lr)
    dead_before = layer.weight[0].detach().clone()
    for _ in range(50):
        x = torch.randn(32, 4)
        opt.zero_grad()
        head(torch.relu(layer(x))).pow(2).mean().backward()
        opt.step()
    assert torch.equal(layer.weight[0], dead_before)


def test_no_entry_says_a_lower_lr_revives_dead_relus():
    said = _both(KB.causes["dead_relu"].confirm.text) + _both(KB.fixes["leaky_relu"].title)
    assert "cannot revive" in said and "救不活" in said
    assert "lower LR" not in KB.fixes["leaky_relu"].title.en


def _bound(rule_id: str, op: str) -> float:
    return next(getattr(c, op) for c in KB.rules[rule_id].when if c.fact == "weight_decay")


def test_weight_decay_thresholds_agree_between_the_cause_the_rules_and_the_bands():
    strong, weak = _bound("wd_strong", "gt"), _bound("wd_weak", "le")
    assert weak < strong
    confirm = KB.causes["over_regularization"].confirm.text
    said = [float(v) for v in re.findall(r"above ([0-9.e-]+)", confirm.en)]
    assert said[0] == strong and _bound("wd_strong_any", "gt") in said
    weak_said = re.search(r"of ([0-9.e-]+) or less", KB.rules["wd_weak"].because.en)
    assert weak_said and float(weak_said.group(1)) == weak
    bands = KB.symptoms["weight_decay"].bands
    assert bands["light"] <= weak < bands["medium"] <= strong < bands["strong"]


def _floor(loss_fn: nn.Module, logits_of: callable, classes: int = 10) -> float:
    """The lowest loss gradient descent reaches on one example whose target is class 0."""
    z = torch.zeros(1, classes, requires_grad=True)
    opt = torch.optim.Adam([z], lr=0.5)
    for _ in range(500):
        opt.zero_grad()
        loss = loss_fn(logits_of(z), torch.zeros(1, dtype=torch.long))
        loss.backward()
        opt.step()
    return loss.item()


def test_label_smoothing_floors_the_overfit_one_batch_loss_at_the_stated_value():
    floor = _floor(nn.CrossEntropyLoss(label_smoothing=0.1), lambda z: z)
    q = torch.full((10,), 0.01)
    q[0] = 0.91
    entropy = -(q * q.log()).sum().item()
    assert floor == pytest.approx(entropy, abs=0.01) and f"{entropy:.2f}" == "0.50"
    step = _both(KB.fixes["overfit_single_batch"].steps[1])
    assert "0.50" in step and ("label smoothing" in step.lower()) and "标签平滑" in step


def test_softmax_before_cross_entropy_floors_the_loss_above_zero_and_below_ln_c():
    floor = _floor(nn.CrossEntropyLoss(), lambda z: z.softmax(-1))
    closed_form = -1 + math.log(math.e + 9)
    assert floor == pytest.approx(closed_form, abs=0.01)
    assert 0.5 < floor < math.log(10) - 0.5
    said = _both(KB.causes["wrong_loss_function"].confirm.text) + _both(KB.fixes["match_loss_to_task"].steps[0])
    assert f"{closed_form:.2f}" in said and "1.46" in said


def _first_grad(model: nn.Module, x: torch.Tensor, y: torch.Tensor, micro: int) -> torch.Tensor:
    model.zero_grad()
    for xb, yb in zip(x.split(micro), y.split(micro), strict=True):
        (nn.functional.mse_loss(model(xb), yb) * len(xb) / len(x)).backward()
    return model[0].weight.grad.clone()


@pytest.mark.parametrize("seed", range(3))
def test_gradient_accumulation_does_not_give_batchnorm_the_larger_batch(seed):
    torch.manual_seed(seed)
    x, y = torch.randn(16, 4), torch.randn(16, 1)
    plain = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    normed = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
    assert torch.allclose(_first_grad(plain, x, y, 4), _first_grad(plain, x, y, 16), atol=1e-6)
    assert not torch.allclose(_first_grad(normed, x, y, 4), _first_grad(normed, x, y, 16), atol=1e-4)
    said = _both(KB.fixes["increase_batch_size"].steps[1])
    assert "not the one BatchNorm" in said and "BatchNorm 看到的仍是每个小 batch" in said


def test_pytorch_decays_the_biases_it_is_given():
    layer = nn.Linear(3, 2)
    with torch.no_grad():
        layer.bias.fill_(1.0)
    opt = torch.optim.SGD(layer.parameters(), lr=0.1, weight_decay=1e-1)
    layer.weight.grad, layer.bias.grad = torch.zeros_like(layer.weight), torch.zeros_like(layer.bias)
    opt.step()
    assert torch.allclose(layer.bias, torch.full((2,), 0.99))
    question = KB.questions["wd_skips_bias"]
    assert question.answer == ["t"] and "model.parameters()" in question.text.en
    assert "not a term of the loss" in question.options[0].explain.en


def _loss_after(batch: int, epochs: int, seed: int, lr: float = 0.05) -> float:
    """Least squares with SGD at a fixed lr: the loss after `epochs` passes in batches of `batch`."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 5, generator=g)
    y = x @ torch.randn(5, 1, generator=g)
    w = torch.zeros(5, 1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    for _ in range(epochs):
        for i in torch.randperm(256, generator=g).split(batch):
            opt.zero_grad()
            nn.functional.mse_loss(x[i] @ w, y[i]).backward()
            opt.step()
    with torch.no_grad():
        return nn.functional.mse_loss(x @ w, y).item()


@pytest.mark.parametrize("seed", range(5))
def test_a_huge_batch_is_slow_per_epoch_because_it_takes_fewer_steps(seed):
    assert _loss_after(256, epochs=4, seed=seed) > 10 * _loss_after(16, epochs=4, seed=seed)
    # the same number of steps (16 full-batch epochs vs one epoch of 16 small batches): no slower
    assert _loss_after(256, epochs=16, seed=seed) <= 1.5 * _loss_after(16, epochs=1, seed=seed)
    said = KB.questions["nc_huge_batches"].options[0].text.en + KB.questions["csdn_batch_tradeoff"].options[0].text.en
    assert said.count("updates per epoch") == 2


def test_the_nowcoder_question_marks_a_b_c_as_incomplete_and_points_to_d():
    question = KB.questions["nowcoder_first_epochs"]
    for option in question.options[:3]:
        assert "incomplete" in option.explain.en and "D" in option.explain.en
        assert "不完整" in option.explain.zh and "D" in option.explain.zh
    local_minimum = question.options[2].explain
    assert "rare" in local_minimum.en and "很少见" in local_minimum.zh


def test_the_chinese_text_uses_one_spelling_of_rmsprop_and_no_translated_held_out():
    for entry in KB.entries:
        dumped = entry.item.model_dump_json()
        assert "RMSProp" not in dumped, entry.item
        assert "留出数据" not in dumped, entry.item
