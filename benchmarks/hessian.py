"""Extreme Hessian eigenvalues: Lanczos vs plain power iteration (PyHessian's method), same model, same tolerance.

    python -m benchmarks.hessian [--tol 1e-3] [--width 256] [--steps 300]

Trains a small MLP for a few hundred steps (the Hessian of a trained network is the interesting one),
then finds the smallest and the largest eigenvalue of one batch's loss Hessian both ways: Lanczos
(both ends from one Krylov space) and power iteration (the largest-magnitude eigenvalue, then the other
end by iterating on H - lambda I). Both stop when the eigen-residual |Hv - lambda v| falls below
tol x the spectral scale. Prints Hessian-vector products, seconds, and each estimate's error against
a tight reference run.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn
from torch.nn import functional as F

from losshelp.probe.model.hessian import HessianOperator
from losshelp.probe.model.objective import Objective, split_batch
from losshelp.probe.model.spectrum import lanczos_extremes, power_extremes, random_unit


def trained_model(width: int, steps: int, seed: int = 0) -> tuple[nn.Module, tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    centers = torch.randn(10, 32, generator=g)
    y = torch.randint(0, 10, (2048,), generator=g)
    x = centers[y] + torch.randn(2048, 32, generator=g)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(32, width), nn.Tanh(), nn.Linear(width, width), nn.Tanh(), nn.Linear(width, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for _ in range(steps):
        idx = torch.randint(0, 2048, (64,), generator=g)
        opt.zero_grad()
        F.cross_entropy(model(x[idx]), y[idx]).backward()
        opt.step()
    return model, (x[:64], y[:64])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    model, batch = trained_model(args.width, args.steps)
    model.eval()
    op = HessianOperator(model, split_batch(batch), Objective("cross_entropy", lambda o, t: F.cross_entropy(o, t)))
    start = random_unit(op.size, "cpu", op.gradient.dtype, torch.Generator().manual_seed(1))
    reference = lanczos_extremes(op, start, tol=1e-7, max_steps=300)
    truth = (reference.smallest.value, reference.largest.value)
    print(f"model: {op.size} parameters, batch 64; tolerance {args.tol:g}")
    print(f"reference (Lanczos, tol 1e-7, {reference.matvecs} products): lambda_min {truth[0]:.6g}, lambda_max {truth[1]:.6g}\n")
    print(f"{'method':18s} {'HVPs':>6s} {'seconds':>8s} {'lambda_min':>12s} {'err':>8s} {'lambda_max':>12s} {'err':>8s}")
    rows = {}
    for name, method in (("lanczos", lanczos_extremes), ("power iteration", power_extremes)):
        op.calls = 0
        began = time.perf_counter()
        found = method(op, start, tol=args.tol) if name == "lanczos" else method(op, start, tol=args.tol, max_iter=2000)
        seconds = time.perf_counter() - began
        rows[name] = (op.calls, seconds)
        errors = [abs(v - t) / max(abs(t), 1e-12) for v, t in zip((found.smallest.value, found.largest.value), truth, strict=True)]
        print(f"{name:18s} {op.calls:6d} {seconds:8.2f} {found.smallest.value:12.5g} {errors[0]:8.1e} {found.largest.value:12.5g} {errors[1]:8.1e}")
    (lz_n, lz_s), (pw_n, pw_s) = rows["lanczos"], rows["power iteration"]
    print(f"\nLanczos / power iteration: {lz_n / pw_n:.2f} of the Hessian-vector products, {lz_s / pw_s:.2f} of the seconds (target < 0.5)")


if __name__ == "__main__":
    main()
