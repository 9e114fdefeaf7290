"""The first NaN or inf in a weight after an update, with the parameter it sits in."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire, first_nonfinite
from losshelp.watch.state import StepState


class NonfiniteWeight(Check):
    name = "nonfinite_weight"
    phase = "after_step"
    fact = "weights_nonfinite"
    threshold = "any weight norm that is NaN or inf after step() (sampled steps)"
    source = "source 001 #7; smdebug's ExplodingTensor rule"

    def check(self, state: StepState) -> Fire | None:
        norms = state.measured.weight_norms
        if norms is None:
            return None
        self.measured = True
        return first_nonfinite(state.measured.weight_names, norms, "weight")
