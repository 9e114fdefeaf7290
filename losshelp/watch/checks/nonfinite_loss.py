"""The first NaN or inf in the training loss."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class NonfiniteLoss(Check):
    name = "nonfinite_loss"
    phase = "loss"
    fact = "train_loss"
    fires = "nan"
    quiet = None
    threshold = "any loss value that is NaN or inf"
    source = "source 001 #7 (loss becomes NaN); smdebug's ExplodingTensor rule"

    def check(self, state: StepState) -> Fire | None:
        self.measured = True
        if state.first_bad_loss is not None:
            step, value = state.first_bad_loss
            return Fire("loss", f"loss {value} at step {step}")
        return None
