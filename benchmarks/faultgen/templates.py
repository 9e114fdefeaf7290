"""The two files a user of each run has: `model.py` (`build()`) and `data.py` (`train_batches()`).

Plain, self-contained Python with the run's knobs in a CONFIG dict at the top, so that
`losshelp probe --model model.py:build --data data.py:train_batches` reads them as a user's files.
Faults that live in the model or the data (a softmax head, a detached body, shuffled labels,
unnormalised features, ...) are knobs here; faults of the loop are knobs of `train.py`.
"""

MODEL = '''"""The model of this run (written by benchmarks/faultgen)."""
import math

import torch
from torch import nn

CONFIG = {config!r}
ACTIVATIONS = {{"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "leaky_relu": nn.LeakyReLU}}


def _act():
    return ACTIVATIONS[CONFIG["activation"]]()


def _norm(width):
    kind = CONFIG["norm"]
    return nn.BatchNorm1d(width) if kind == "batch" else nn.LayerNorm(width) if kind == "layer" else nn.Identity()


class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.norm, self.act, self.linear = _norm(width), _act(), nn.Linear(width, width)

    def forward(self, x):
        return x + self.linear(self.act(self.norm(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        c = CONFIG
        family, width, depth = c["family"], c["width"], c["depth"]
        self.family = family
        if family == "mlp":
            layers, size = [], c["inputs"]
            for _ in range(depth):
                layers += [nn.Linear(size, width), _act()]
                if c["dropout"]:
                    layers.append(nn.Dropout(c["dropout"]))
                size = width
            self.body, last = nn.Sequential(*layers), size
        elif family == "resnet":
            self.body = nn.Sequential(nn.Linear(c["inputs"], width), *[Residual(width) for _ in range(depth)], _norm(width), _act())
            last = width
        elif family == "cnn":
            channels, layers, size = [1] + [width // 4 * (i + 1) for i in range(depth)], [nn.Unflatten(1, (1, 8, 8))], 8
            for i, (a, b) in enumerate(zip(channels, channels[1:])):
                layers += [nn.Conv2d(a, b, 3, padding=1)]
                if c["norm"] == "batch":
                    layers.append(nn.BatchNorm2d(b))
                layers.append(_act())
                if i < 2:
                    layers.append(nn.MaxPool2d(2))
                    size //= 2
            self.body, last = nn.Sequential(*layers, nn.Flatten()), channels[-1] * size * size
        elif family == "rnn":
            cell = nn.GRU if c["cell"] == "gru" else nn.LSTM
            self.rnn = cell(c["features"], width, num_layers=depth, batch_first=True)
            last = width
        else:
            self.embed = nn.Embedding(c["vocab"], width)
            self.position = nn.Parameter(torch.randn(c["steps"], width) * 0.1)
            layer = nn.TransformerEncoderLayer(width, 2, 2 * width, dropout=c["dropout"], batch_first=True)
            self.encoder = nn.TransformerEncoder(layer, depth, enable_nested_tensor=False)
            last = width
        if c.get("linear_only"):
            self.body, last = nn.Identity(), c["inputs"]
        self.head = nn.Linear(last, c["outputs"])
        self.squash = {{"softmax": nn.Softmax(dim=1), "sigmoid": nn.Sigmoid()}}.get(c.get("squash"), nn.Identity())

    def features(self, x):
        if self.family == "rnn":
            out, _ = self.rnn(x)
            return out[:, -1]
        if self.family == "transformer":
            return self.encoder(self.embed(x) + self.position).mean(dim=1)
        return self.body(x)

    def forward(self, x):
        h = self.features(x)
        if CONFIG.get("detach"):
            h = h.detach()
        return self.squash(self.head(h))


def build():
    torch.manual_seed(CONFIG["seed"])
    net = Net()
    init, gain = CONFIG.get("init", "default"), CONFIG.get("init_gain", 1.0)
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            if init == "constant":
                nn.init.constant_(m.weight, CONFIG.get("init_value", 0.05))
            elif init == "normal":
                nn.init.normal_(m.weight, std=CONFIG["init_std"])
            elif gain != 1.0:
                m.weight.data.mul_(gain)
            if CONFIG.get("bias") is not None and m.bias is not None:
                nn.init.constant_(m.bias, CONFIG["bias"])
    for name, p in net.named_parameters():
        if CONFIG["family"] == "rnn" and "weight_hh" in name and gain != 1.0:
            p.data.mul_(gain)
    return net
'''

DATA = '''"""The data of this run (written by benchmarks/faultgen): `train_batches()` gives the batches the
training loop saw in its first epoch, `batches(epoch)` those of any epoch, `val_set()` the validation data."""
import math

import torch

CONFIG = {config!r}


def _labels(n, g):
    c = CONFIG
    if c.get("imbalance"):
        probs = torch.full((c["classes"],), (1 - c["imbalance"]) / (c["classes"] - 1))
        probs[0] = c["imbalance"]
        return torch.multinomial(probs, n, replacement=True, generator=g)
    return torch.randint(0, c["classes"], (n,), generator=g)


def _synthetic(n, g):
    """Inputs and targets with a controlled signal: class centres (two per class when `clusters` is 2),
    temporal patterns, or token counts; regression targets from a smooth function plus noise."""
    c = CONFIG
    kind, d, s = c["dataset"], c["inputs"], c["signal"]
    centres = torch.randn(c["classes"] * 2, d, generator=torch.Generator().manual_seed(c["seed"] + 7))
    if kind in ("blobs", "blobs_binary", "images"):
        y = _labels(n, g)
        pick = y * 2 + (torch.randint(0, c.get("clusters", 1), (n,), generator=g) if c.get("clusters", 1) > 1 else 0)
        if c.get("clusters", 1) > 1:  # XOR-like: the second centre of each class mirrors the first
            centres[1::2] = -centres[0::2]
        x = centres[pick] * s / math.sqrt(2) + torch.randn(n, d, generator=g)
        return x, y
    if kind in ("regression",):
        x = torch.randn(n, d, generator=g)
        w = torch.randn(d, generator=torch.Generator().manual_seed(c["seed"] + 11)) / math.sqrt(d)
        y = s * (torch.sin(x @ w) + 0.5 * (x @ w)) + 0.3 * torch.randn(n, generator=g)
        return x, y
    if kind in ("sequences", "sequences_regression"):
        f, t = c["features"], c["steps"]
        patterns = torch.randn(max(c["classes"], 2), t, f, generator=torch.Generator().manual_seed(c["seed"] + 13))
        if kind == "sequences":
            y = _labels(n, g)
            x = patterns[y] * s * 0.5 + torch.randn(n, t, f, generator=g)
            return x, y
        amount = torch.randn(n, generator=g)
        x = amount[:, None, None] * patterns[0] * 0.5 * s + torch.randn(n, t, f, generator=g)
        return x, amount + 0.3 * torch.randn(n, generator=g)
    y = _labels(n, g)  # tokens: the class's marker token appears more often
    x = torch.randint(c["classes"], c["vocab"], (n, c["steps"]), generator=g)
    marks = torch.rand(n, c["steps"], generator=g) < min(0.15 * s, 0.6)
    return torch.where(marks, y[:, None].expand_as(x), x), y


def _bundled(n_total, g):
    from sklearn import datasets

    loaded = {{"digits": datasets.load_digits, "breast_cancer": datasets.load_breast_cancer, "diabetes": datasets.load_diabetes}}[CONFIG["dataset"]]()
    x = torch.tensor(loaded.data, dtype=torch.float32)
    y = torch.tensor(loaded.target)
    order = torch.randperm(len(x), generator=g)[:n_total]
    return x[order], y[order]


def _prepare():
    """Train and validation tensors after the run's preprocessing (and its faults)."""
    c = CONFIG
    g = torch.Generator().manual_seed(c["seed"])
    n = c["n_train"] + c["n_val"]
    if c["dataset"] in ("digits", "breast_cancer", "diabetes"):
        x, y = _bundled(n, g)
        if c.get("imbalance"):
            keep = (y == 0) | (torch.rand(len(y), generator=g) < (1 - c["imbalance"]) / c["imbalance"] / (c["classes"] - 1))
            x, y = x[keep], y[keep]
    else:
        x, y = _synthetic(n, g)
    n_train = min(c["n_train"], len(x) * 3 // 4)
    xt, yt, xv, yv = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    if c["task"] == "regression":
        mean, std = yt.float().mean(), yt.float().std()
        yt, yv = (yt.float() - mean) / std, (yv.float() - mean) / std
    if x.dtype.is_floating_point:
        dims = tuple(range(xt.dim() - 1))
        mean, std = xt.mean(dim=dims), xt.std(dim=dims).clamp_min(1e-6)
        if c["dataset"] in ("digits", "images"):  # images: one mean and scale for every pixel
            mean, std = xt.mean(), xt.std()
        if not c.get("per_batch_norm"):
            xt, xv = (xt - mean) / std, (xv - mean) / std
        if c.get("raw_scale"):  # features left on very different scales (and an offset)
            scale = torch.logspace(0, math.log10(c["raw_scale"]), xt.shape[-1])
            xt, xv = xt * scale + c["raw_scale"] / 2, xv * scale + c["raw_scale"] / 2
        if c.get("val_shift"):  # covariate shift: validation inputs moved and stretched
            xv = xv * 1.5 + c["val_shift"]
    if c.get("val_label_shift") and c["task"] != "regression":  # label shift: validation mostly one class
        keep = (yv == 0) | (torch.rand(len(yv), generator=g) > c["val_label_shift"])
        xv, yv = xv[keep], yv[keep]
    if c.get("label_noise"):
        flip = torch.rand(len(yt), generator=g) < c["label_noise"]
        other = (yt + 1) % c["classes"] if c.get("noise_asymmetric") else torch.randint(0, c["classes"], yt.shape, generator=g)
        yt = torch.where(flip, other, yt)
    if c.get("misalign") == "permute":  # labels shuffled apart from their inputs
        yt = yt[torch.randperm(len(yt), generator=g)]
    elif c.get("misalign") == "roll":  # each input paired with the next sample's label
        yt = torch.roll(yt, 1)
    if c.get("targets_as_float"):
        yt, yv = yt.float(), yv.float()
    return xt, yt, xv, yv


_CACHE = {{}}


def _data():
    if "data" not in _CACHE:
        _CACHE["data"] = _prepare()
    return _CACHE["data"]


def val_set():
    _, _, xv, yv = _data()
    return xv, yv


def batches(epoch=0):
    c = CONFIG
    x, y, _, _ = _data()
    if not c["shuffle"]:
        order = torch.argsort(y.float(), stable=True)
    else:
        order = torch.randperm(len(x), generator=torch.Generator().manual_seed(c["seed"] * 1000 + epoch))
    x, y = x[order], y[order]
    size = c["batch_size"]
    out = [(x[i : i + size], y[i : i + size]) for i in range(0, len(x) - size + 1, size)] or [(x, y)]
    if c.get("per_batch_norm"):  # each batch standardised with its own statistics
        dims = tuple(range(x.dim() - 1))
        out = [((bx - bx.mean(dim=dims)) / bx.std(dim=dims).clamp_min(1e-6), by) for bx, by in out]
    if c.get("same_batch"):  # the loader hands out its first batch again and again
        out = [out[0]] * len(out)
    return out


def train_batches():
    return batches(0)
'''

FLIPPED_LOSS = '''"""The loss this run trained with (written by benchmarks/faultgen)."""
from torch.nn import functional as F

TASK = {task!r}


def loss_fn(out, y):
    if TASK == "regression":
        return -F.mse_loss(out, y.float().reshape(out.shape))  # the bug: a sign flipped while refactoring
    if TASK == "binary":
        return -F.binary_cross_entropy_with_logits(out, y.float().reshape(out.shape))
    return -F.cross_entropy(out, y.long())
'''
