"""Curvature: source 004's saddle example, a quadratic with a known spectrum, Lanczos against power iteration."""

from __future__ import annotations

import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from torch import nn

from losshelp.probe.model import hessian
from losshelp.probe.model.objective import Objective, split_batch
from losshelp.probe.model.spectrum import lanczos_extremes, power_extremes, random_unit, slq_positive_share

pytestmark = pytest.mark.torch


class TwoWeights(nn.Module):
    """Source 004's example: y = w1 * w2 * x."""

    def __init__(self, w1: float = 0.0, w2: float = 0.0) -> None:
        super().__init__()
        self.w1, self.w2 = nn.Parameter(torch.tensor([w1])), nn.Parameter(torch.tensor([w2]))

    def forward(self, x):
        return self.w1 * self.w2 * x


class Quadratic(nn.Module):
    """Returns its own loss 0.5 * theta^T A theta + b^T theta, whose Hessian is A."""

    def __init__(self, a: torch.Tensor, b: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("a", a)
        self.register_buffer("b", b)
        self.theta = nn.Parameter(torch.zeros(a.shape[0], dtype=a.dtype))

    def forward(self, x):
        return {"loss": 0.5 * self.theta @ self.a @ self.theta + self.b @ self.theta}


def known_matrix(eigenvalues: torch.Tensor, seed: int = 0) -> torch.Tensor:
    q, _ = torch.linalg.qr(torch.randn(len(eigenvalues), len(eigenvalues), generator=torch.Generator().manual_seed(seed), dtype=torch.float64))
    return (q * eigenvalues) @ q.T


ONE = split_batch((torch.ones(1), torch.ones(1)))
MSE = Objective("mse", lambda out, y: ((out - y) ** 2).mean())


def test_source_004_saddle_example():
    """At w1 = w2 = 0 with x = y = 1: gradient zero, eigenvalues +2 and -2, a saddle; stepping along the
    negative eigenvalue's eigenvector lowers the loss."""
    report = hessian.curvature(TwoWeights(), ONE, MSE)
    assert report.grad_norm == 0 and report.critical
    assert report.smallest == pytest.approx(-2, abs=1e-5) and report.largest == pytest.approx(2, abs=1e-5)
    assert report.kind == "saddle_point" and report.minimum_ratio == 0.5
    assert report.escape.lowers_loss and report.escape.loss_after < report.loss


def test_source_004_minimum_and_non_critical_points():
    assert hessian.curvature(TwoWeights(1.0, 1.0), ONE, MSE).kind == "local_minimum"
    assert hessian.curvature(TwoWeights(0.5, 0.5), ONE, MSE).kind == "not_critical"


def test_quadratic_with_known_spectrum():
    eigenvalues = torch.cat([torch.linspace(-3, -1, 10), torch.linspace(0.5, 8, 30)]).double()
    model = Quadratic(known_matrix(eigenvalues), torch.zeros(40, dtype=torch.float64))
    report = hessian.curvature(model, split_batch(torch.zeros(1)), Objective("own", None))
    assert report.smallest == pytest.approx(-3, rel=1e-3) and report.largest == pytest.approx(8, rel=1e-3)
    assert report.kind == "saddle_point" and report.minimum_ratio == pytest.approx(0.75, abs=0.01)
    assert report.escape.lowers_loss


def test_slq_share_and_lanczos_cost_on_a_larger_spectrum():
    eigenvalues = torch.cat([torch.linspace(-2, -0.5, 100), torch.zeros(100), torch.linspace(0.5, 10, 300)]).double()
    a = known_matrix(eigenvalues)
    matvec = lambda v: a @ v  # noqa: E731
    shares = slq_positive_share(matvec, 500, "cpu", torch.float64, vectors=10, steps=30)
    assert shares.positive == pytest.approx(0.75, abs=0.1) and shares.flat < 0.2  # quadrature nodes smear a flat cluster
    start = random_unit(500, "cpu", torch.float64, torch.Generator().manual_seed(0))
    fast, slow = lanczos_extremes(matvec, start, tol=1e-6), power_extremes(matvec, start, tol=1e-6, max_iter=5000)
    assert fast.smallest.value == pytest.approx(-2, rel=1e-4) and fast.largest.value == pytest.approx(10, rel=1e-4)
    assert fast.matvecs < slow.matvecs / 2


def test_a_converged_runs_tiny_negative_eigenvalue_is_not_a_saddle():
    """-0.04 against a top eigenvalue of 50 is estimation noise and non-convexity at a minimum, not a saddle."""
    eigenvalues = torch.cat([torch.tensor([-0.04]), torch.linspace(0.5, 50, 39)]).double()
    model = Quadratic(known_matrix(eigenvalues), torch.zeros(40, dtype=torch.float64))
    report = hessian.curvature(model, split_batch(torch.zeros(1)), Objective("own", None))
    assert report.smallest == pytest.approx(-0.04, abs=1e-4) and report.largest == pytest.approx(50, rel=1e-4)
    assert report.critical and report.kind == "local_minimum" and report.escape is None


@given(largest=st.floats(0.1, 1e3), ratio=st.floats(0, 1))
def test_negative_curvature_is_judged_against_the_largest_eigenvalue(largest, ratio):
    assume(abs(ratio - hessian.NEGATIVE_CURVATURE) > 1e-9)  # the boundary itself is a matter of rounding
    critical, kind = hessian.classify(1.0, 0.0, -ratio * largest, largest, 0.95, 0.1)
    assert critical and kind == ("saddle_point" if ratio > hessian.NEGATIVE_CURVATURE else "local_minimum")
    assert hessian.classify(1.0, 0.0, -ratio * largest * 7, largest * 7, 0.95, 0.1)[1] == kind  # scale-free
