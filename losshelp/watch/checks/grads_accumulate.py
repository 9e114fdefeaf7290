"""Gradients pile up across steps: a new backward found last step's gradient still in .grad."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class GradsAccumulate(Check):
    name = "grads_accumulate"
    fact = "grads_accumulate"
    threshold = "any non-zero .grad at the first backward after step() (one step)"
    source = "PyTorch autograd: backward() adds into .grad until zero_grad() clears it; TrainCheck's invariant style"

    def check(self, state: StepState) -> Fire | None:
        if state.step == 0:
            return None
        self.measured = True
        if state.leaked_grad is not None:
            return Fire(state.leaked_grad, "previous gradient still in .grad")
        return None
