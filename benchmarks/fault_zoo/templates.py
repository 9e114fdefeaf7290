"""The files a user of each faulty run would have: `model.py` (a factory) and `data.py` (a batch factory).

Both are written out as plain, self-contained Python with the case's settings in a CONFIG dict at the
top, so that `losshelp probe --model model.py:build --data data.py:train_batches` reads them exactly as
it would read a user's files.
"""

MODEL = '''"""The model of this run (written by benchmarks/fault_zoo/make.py)."""
import torch
from torch import nn

CONFIG = {config!r}
ACTIVATIONS = {{"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}}


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        c = CONFIG
        widths = [c["inputs"], *c["hidden"], c["classes"]]
        layers = []
        for i, (a, b) in enumerate(zip(widths, widths[1:])):
            if c.get("conv") and i == 0:
                layers += [nn.Unflatten(1, (1, 8, 8)), nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.Flatten()]
                a = 8 * 64
            layers.append(nn.Linear(a, b))
            if i < len(widths) - 2:
                layers.append(ACTIVATIONS[c["activation"]]())
        if c.get("softmax"):
            layers.append(nn.Softmax(dim=1))
        self.body = nn.Sequential(*layers[:-1])
        self.head = layers[-1]

    def forward(self, x):
        h = self.body(x)
        if CONFIG.get("detach"):
            h = h.detach()  # the bug: nothing before the head gets a gradient
        return self.head(h)


def build():
    torch.manual_seed(CONFIG["seed"])
    net = Net()
    init = CONFIG.get("init")
    for m in net.modules():
        if isinstance(m, nn.Linear):
            if init == "constant":
                nn.init.constant_(m.weight, 0.05)
            elif init == "normal":
                nn.init.normal_(m.weight, std=CONFIG["init_std"])
            if CONFIG.get("bias") is not None:
                nn.init.constant_(m.bias, CONFIG["bias"])
    return net
'''

DATA = '''"""The data of this run (written by benchmarks/fault_zoo/make.py): `train_batches()` yields what the
training loop saw, in the order it saw it; `splits()` gives train, validation and test tensors."""
import math

import torch

CONFIG = {config!r}


def _sample(n, seed, shift=0.0):
    c = CONFIG
    g = torch.Generator().manual_seed(seed)
    if c.get("imbalance"):
        probs = torch.full((c["classes"],), (1 - c["imbalance"]) / (c["classes"] - 1))
        probs[0] = c["imbalance"]
        y = torch.multinomial(probs, n, replacement=True, generator=g)
    else:
        y = torch.randint(0, c["classes"], (n,), generator=g)
    if c["kind"] == "spiral":
        t = torch.rand(n, generator=g) * 3 + 0.3
        angle = 2 * math.pi * y / c["classes"] + 2.2 * t
        base = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], 1) + 0.05 * torch.randn(n, 2, generator=g)
        x = torch.cat([base, 0.1 * torch.randn(n, c["inputs"] - 2, generator=g)], 1)
    else:
        centers = torch.randn(c["classes"], c["inputs"], generator=torch.Generator().manual_seed(12345)) * c.get("separation", 1.5)
        x = centers[y] + torch.randn(n, c["inputs"], generator=g)
    x = x + shift
    if c.get("scale"):
        x = x * torch.logspace(0, math.log10(c["scale"]), c["inputs"]) + c["scale"] / 2
    if c.get("noise"):
        flip = torch.rand(n, generator=g) < c["noise"]
        y = torch.where(flip, torch.randint(0, c["classes"], (n,), generator=g), y)
    return x, y


def splits():
    c = CONFIG
    train = _sample(c["n_train"], c["seed"])
    val = _sample(512, c["seed"] + 1)
    test = _sample(512, c["seed"] + 2, shift=c.get("test_shift", 0.0))
    return train, val, test


def train_batches(batch_size=64):
    (x, y), _, _ = splits()
    if CONFIG.get("unshuffled"):
        order = torch.argsort(y, stable=True)
        x, y = x[order], y[order]
    return [(x[i : i + batch_size], y[i : i + batch_size]) for i in range(0, len(x), batch_size)]
'''

FLIPPED_LOSS = '''"""The loss this run trained with (written by benchmarks/fault_zoo/make.py)."""
from torch.nn import functional as F


def loss_fn(logits, targets):
    return -F.cross_entropy(logits, targets)  # the bug: a sign flipped while refactoring
'''
