"""Step-time overhead of losshelp.watch: the same training loop with and without the watcher,
interleaved in one run (blocks of steps alternate, so load on a shared machine hits both alike;
steps are timed in CPU time of this one-thread process, which other processes' load does not inflate),
on a ~1M-parameter MLP and a small CNN; at the default sampling (every 10 steps) and with every
check on every step (every=1). Targets: <= 1.05x and <= 1.5x.
Run: python -m benchmarks.watch_overhead   output: benchmarks/results/watch_overhead.txt
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

import losshelp

BLOCK = 20
ROUNDS = 6
WARMUP = 10
RESULTS = Path(__file__).parent / "results" / "watch_overhead.txt"


def mlp() -> tuple[nn.Module, tuple[int, ...]]:
    net = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Dropout(0.1), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 10))
    return net, (64, 784)


def cnn() -> tuple[nn.Module, tuple[int, ...]]:
    net = nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10),
    )
    return net, (32, 3, 32, 32)


def step_times(net: nn.Module, opt: torch.optim.Optimizer, shape: tuple[int, ...], steps: int, watcher) -> list[float]:
    times = []
    for _ in range(steps):
        x, y = torch.randn(shape), torch.randint(0, 10, (shape[0],))
        start = time.process_time()
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        if watcher is not None:
            watcher.loss(loss)
        times.append(time.process_time() - start)
    return times


def overhead(make, every: int | None) -> tuple[float, float, float]:
    """(mean plain step, mean watched step, ratio) over interleaved blocks: means, so the sampled
    steps' extra cost counts in full."""
    torch.manual_seed(0)
    net, shape = make()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    step_times(net, opt, shape, WARMUP, None)
    plain: list[float] = []
    watched: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(ROUNDS):
            plain += step_times(net, opt, shape, BLOCK, None)
            w = losshelp.watch(net, opt, log_dir=f"{folder}/{round_}", every=every, stream=io.StringIO(), print_summary=False)
            # A fresh watcher samples every step for its first `every` steps: skip them so that the
            # steady state is what is measured (the start-up steps are counted in the text below).
            step_times(net, opt, shape, min(every or 10, BLOCK) if every != 1 else 0, w)
            watched += step_times(net, opt, shape, BLOCK, w)
            w.close()
    p, q = statistics.fmean(plain), statistics.fmean(watched)
    return p, q, q / p


def main() -> None:
    torch.set_num_threads(1)
    params = {name: sum(p.numel() for p in make()[0].parameters()) for name, make in (("mlp", mlp), ("cnn", cnn))}
    lines = [
        f"losshelp.watch step-time overhead (torch {torch.__version__}, CPU, 1 thread, Adam; {ROUNDS} rounds of "
        f"{BLOCK} plain + {BLOCK} watched steps, interleaved; mean CPU time per step)",
        "",
        f"{'model':<28}{'sampling':<22}{'plain ms':>10}{'watched ms':>12}{'ratio':>8}",
    ]
    for name, make in (("mlp", mlp), ("cnn", cnn)):
        for label, every in (("default (every 10)", None), ("every check, every step", 1)):
            p, q, r = overhead(make, every)
            lines.append(f"{name + f' ({params[name] / 1e6:.2f}M params)':<28}{label:<22}{p * 1e3:>10.2f}{q * 1e3:>12.2f}{r:>7.3f}x")
    lines += ["", "targets: default <= 1.05x, every check on every step <= 1.5x"]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
