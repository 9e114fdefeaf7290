"""The first NaN or inf in a gradient, with the parameter it sits in."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire, first_nonfinite
from losshelp.watch.state import StepState


class NonfiniteGrad(Check):
    name = "nonfinite_grad"
    fact = "grads_nonfinite"
    threshold = "any gradient norm that is NaN or inf (sampled steps)"
    source = "source 001 #7 (exploding gradients end in NaN); smdebug's ExplodingTensor rule"

    def check(self, state: StepState) -> Fire | None:
        norms = state.measured.grad_norms
        if norms is None:
            return None
        self.measured = True
        return first_nonfinite(state.measured.grad_names, norms, "gradient")
