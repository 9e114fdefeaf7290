"""Gradients so small that the weights cannot move: mean |gradient| below smdebug's threshold."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import VANISHING_MEAN_ABS


class GradVanish(Check):
    name = "grad_vanish"
    fact = "grad_near_zero"
    threshold = f"mean |gradient| over all parameters < {VANISHING_MEAN_ABS:g}"
    source = "smdebug's VanishingGradient rule (default threshold 1e-7)"

    def check(self, state: StepState) -> Fire | None:
        mean_abs = state.measured.grad_mean_abs
        if mean_abs is None:
            return None
        self.measured = True
        if mean_abs < VANISHING_MEAN_ABS:
            return Fire("all parameters", f"mean |gradient| {mean_abs:.3g}")
        return None
