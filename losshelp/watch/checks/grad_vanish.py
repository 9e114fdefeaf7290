"""Gradients so small that the weights cannot move: the RMS gradient below smdebug's threshold."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import VANISHING_RMS


class GradVanish(Check):
    name = "grad_vanish"
    fact = "grad_near_zero"
    threshold = f"RMS gradient over all parameters < {VANISHING_RMS:g}"
    source = "smdebug's VanishingGradient rule (mean |gradient| < 1e-7; the RMS bounds it from above)"

    def check(self, state: StepState) -> Fire | None:
        rms = state.measured.grad_rms
        if rms is None:
            return None
        self.measured = True
        if rms < VANISHING_RMS:
            return Fire("all parameters", f"RMS gradient {rms:.3g}")
        return None
