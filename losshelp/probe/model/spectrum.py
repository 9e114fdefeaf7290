"""Eigenvalues of a symmetric operator known only through matrix-vector products (Hessian-vector products).

Three methods, each a function: plain power iteration (PyHessian's method, and its shifted form for the
smallest eigenvalue), Lanczos with full reorthogonalisation (both extremes from one Krylov space), and
stochastic Lanczos quadrature (the spectral density, for the share of positive eigenvalues).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

MatVec = Callable[[Tensor], Tensor]


@dataclass(frozen=True)
class Eigen:
    """An eigenvalue estimate, its unit eigenvector (or Ritz vector), and the matrix-vector products spent."""

    value: float
    vector: Tensor
    matvecs: int


@dataclass(frozen=True)
class Extremes:
    """The smallest and largest eigenvalues with their vectors, and the products spent on both."""

    smallest: Eigen
    largest: Eigen
    matvecs: int


def random_unit(n: int, device, dtype=torch.float32, generator: torch.Generator | None = None) -> Tensor:
    """A Gaussian vector scaled to unit norm: the start vector of every method here (a +-1 vector can be
    an eigenvector itself, as in source 004's two-weight example)."""
    v = torch.randn(n, generator=generator, dtype=torch.float64).to(device=device, dtype=dtype)
    return v / v.norm()


def converged(residual: float, scale: float, tol: float) -> bool:
    """The stopping rule all methods share: the eigen-residual |A v - lambda v| below `tol` x the spectral scale."""
    return residual <= tol * max(scale, 1e-12)


def power_iteration(matvec: MatVec, start: Tensor, tol: float = 1e-3, max_iter: int = 500, shift: float = 0.0,
                    scale: float | None = None) -> Eigen:
    """Dominant eigenvalue of (A - shift I) by repeated products, plus `shift` back: with shift = the largest
    eigenvalue it finds the smallest one (PyHessian's method). `scale` is the spectral scale for the residual."""
    v = start / start.norm()
    value = 0.0
    for i in range(1, max_iter + 1):
        w = matvec(v) - shift * v
        value = float(torch.dot(w, v))
        if converged(float((w - value * v).norm()), scale if scale is not None else abs(value), tol):
            return Eigen(value + shift, v, i)
        norm = w.norm()
        if norm == 0:
            return Eigen(shift, v, i)
        v = w / norm
    return Eigen(value + shift, v, max_iter)


def power_extremes(matvec: MatVec, start: Tensor, tol: float = 1e-3, max_iter: int = 500) -> Extremes:
    """Largest-magnitude eigenvalue by power iteration, then the other end by the shifted iteration."""
    first = power_iteration(matvec, start, tol, max_iter)
    second = power_iteration(matvec, start, tol, max_iter, shift=first.value, scale=abs(first.value))
    low, high = sorted((first, second), key=lambda e: e.value)
    return Extremes(low, high, first.matvecs + second.matvecs)


@dataclass(frozen=True)
class Krylov:
    """A Lanczos run: the tridiagonal matrix's eigenvalues (ascending) and eigenvectors, the basis, products."""

    ritz_values: Tensor
    ritz_weights: Tensor  # eigenvectors of T, columns; first row squared = quadrature weights
    basis: Tensor  # (steps, n)
    matvecs: int
    stopped: bool = False  # `stop` ended the run before convergence

    def ritz_vector(self, index: int) -> Tensor:
        vector = self.ritz_weights[:, index].to(self.basis.dtype) @ self.basis
        return vector / vector.norm()


def _tridiagonal_eigh(alphas: list[float], betas: list[float]) -> tuple[Tensor, Tensor]:
    k = len(alphas)
    t = torch.diag(torch.tensor(alphas, dtype=torch.float64))
    if k > 1:
        off = torch.tensor(betas[: k - 1], dtype=torch.float64)
        t += torch.diag(off, 1) + torch.diag(off, -1)
    return torch.linalg.eigh(t)


# Products a budget-stopped run still takes: three give a spread of Ritz values on both sides.
MIN_STEPS = 3


def lanczos(matvec: MatVec, start: Tensor, steps: int, tol: float | None = None, stop: Callable[[], bool] | None = None) -> Krylov:
    """Lanczos with full reorthogonalisation; with `tol`, stop once both extreme Ritz pairs have converged
    (residual beta_j |s_last| below tol x the largest Ritz magnitude); with `stop`, also once it says so
    (after MIN_STEPS products: the Ritz values then bound the extremes from inside). The basis is
    preallocated, so each step costs one product and two passes over the basis so far."""
    steps = min(steps, start.numel())
    basis = torch.empty(steps, start.numel(), dtype=start.dtype, device=start.device)
    basis[0] = start / start.norm()
    alphas: list[float] = []
    betas: list[float] = []
    stopped = False
    w = matvec(basis[0])
    for j in range(steps):
        alphas.append(float(torch.dot(w, basis[j])))
        q = basis[: j + 1]
        w = w - q.T @ (q @ w)
        w = w - q.T @ (q @ w)  # twice is enough (Kahan): keeps the basis orthogonal in float32
        beta = float(w.norm())
        if j == steps - 1 or beta <= 1e-10 * max(abs(alphas[-1]), 1.0):
            break
        if tol is not None:
            values, vectors = _tridiagonal_eigh(alphas, betas)
            scale = float(values.abs().max())
            if all(converged(beta * abs(float(vectors[-1, i])), scale, tol) for i in (0, -1)):
                break
        if stop is not None and j + 1 >= MIN_STEPS and stop():
            stopped = True
            break
        betas.append(beta)
        basis[j + 1] = w / beta
        w = matvec(basis[j + 1]) - beta * basis[j]
    values, vectors = _tridiagonal_eigh(alphas, betas)
    return Krylov(values, vectors, basis[: len(alphas)], len(alphas), stopped)


def lanczos_extremes(matvec: MatVec, start: Tensor, tol: float = 1e-3, max_steps: int = 100) -> Extremes:
    """Smallest and largest eigenvalues (with Ritz vectors) from one Krylov space."""
    run = lanczos(matvec, start, max_steps, tol)
    low = Eigen(float(run.ritz_values[0]), run.ritz_vector(0), run.matvecs)
    high = Eigen(float(run.ritz_values[-1]), run.ritz_vector(-1), run.matvecs)
    return Extremes(low, high, run.matvecs)


@dataclass(frozen=True)
class SpectrumShares:
    """Shares of the spectrum: positive among the non-flat eigenvalues (source 004's minimum ratio), and flat."""

    positive: float | None
    flat: float
    matvecs: int
    samples: int = 1
    stopped: bool = False  # a budget ended a sample early or left samples out


def slq_positive_share(matvec: MatVec, n: int, device, dtype=torch.float32, vectors: int = 3, steps: int = 20,
                       flat: float = 1e-3, seed: int = 0, first: Krylov | None = None, stop: Callable[[], bool] | None = None) -> SpectrumShares:
    """Share of the spectrum's mass above zero by stochastic Lanczos quadrature (Ubaru et al. 2017), among
    eigenvalues beyond `flat` x the largest magnitude (flat directions are neither); reuses `first` as a sample,
    and counts its Ritz values exactly when it spans the whole space. With `stop`, no further sample starts
    once it says so (and a sample under way ends early), so fewer samples may be averaged."""
    if first is not None and first.matvecs == n:  # the Krylov space is the whole space: count exactly
        values = first.ritz_values
        scale = float(values.abs().max())
        positive, negative = int((values > flat * scale).sum()), int((values < -flat * scale).sum())
        return SpectrumShares(positive / (positive + negative) if positive + negative else None, 1 - (positive + negative) / n, 0, 1)
    generator = torch.Generator().manual_seed(seed)
    runs = [first] if first is not None else []
    while len(runs) < vectors and not (runs and stop is not None and stop()):
        runs.append(lanczos(matvec, random_unit(n, device, dtype, generator), steps, stop=stop))
    scale = max(float(r.ritz_values.abs().max()) for r in runs)
    positive = negative = 0.0
    for run in runs:
        weights = run.ritz_weights[0] ** 2
        positive += float(weights[run.ritz_values > flat * scale].sum())
        negative += float(weights[run.ritz_values < -flat * scale].sum())
    spent = sum(r.matvecs for r in runs) - (first.matvecs if first is not None else 0)
    total = positive + negative
    stopped = len(runs) < vectors or any(r.stopped for r in runs)
    return SpectrumShares(positive / total if total > 0 else None, 1 - total / len(runs), spent, len(runs), stopped)
