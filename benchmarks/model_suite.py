"""Time the full model-probe suite on a ~1M-parameter model with one batch of 64 (CPU by default).

    python -m benchmarks.model_suite [--device cpu|cuda] [--batches 1]

Runs every probe that needs a model and data through the probe framework, as `losshelp probe` does,
and prints the seconds per probe and in total (target: under 30 s on CPU).
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn

from losshelp.probe import ProbeInputs, run_probes, select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--batches", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 768), nn.ReLU(), nn.Linear(768, 512), nn.ReLU(), nn.Linear(512, 10))
    data = [(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))) for _ in range(args.batches)]
    probes = [p for p in select() if "model" in p.needs or p.needs == frozenset({"data"})]
    inputs = ProbeInputs(model=model, data=data, device=args.device, stated={"lr": 0.01, "optimizer": "momentum"})
    began = time.perf_counter()
    report = run_probes(probes, inputs)
    total = time.perf_counter() - began
    print(f"model: {sum(p.numel() for p in model.parameters()):,} parameters; {args.batches} batch(es) of 64; device {args.device}")
    for name, seconds in report.timings.items():
        print(f"  {name:20s} {seconds:6.2f} s")
    print(f"  {'total':20s} {total:6.2f} s   (errors: {report.errors or 'none'})")


if __name__ == "__main__":
    main()
