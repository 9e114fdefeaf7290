"""A trainable parameter of the model that no optimizer group holds: it never changes."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class ParamNotOptimized(Check):
    name = "param_not_optimized"
    fact = "params_not_optimized"
    threshold = "any parameter with requires_grad in no optimizer group (checked at the first step)"
    source = "PyTorch optim: step() updates only the parameters passed to the optimizer"

    def check(self, state: StepState) -> Fire | None:
        if state.step != 0 or not state.optimized:
            return None
        self.measured = True
        missing = [state.names[pid] for pid in state.trainable if pid not in state.optimized]
        if missing:
            return Fire(missing[0], f"{len(missing)} of {len(state.trainable)} trainable tensors in no optimizer")
        return None
