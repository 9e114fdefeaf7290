"""An optimized parameter that got no gradient in the first steps: it is cut off from the loss."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import NEVER_GRAD_STEPS


class ParamNeverGrad(Check):
    name = "param_never_grad"
    fact = "params_without_grad"
    threshold = f"no gradient in the first {NEVER_GRAD_STEPS} optimizer steps"
    source = "source 001 #7 (gradients that do not flow); healthy twins: every parameter has one at step 1"

    def check(self, state: StepState) -> Fire | None:
        if state.step != NEVER_GRAD_STEPS - 1:
            return None
        self.measured = True
        never = [state.names[pid] for pid in state.optimized if pid not in state.ever_grad and pid in state.names]
        if never:
            return Fire(never[0], f"{len(never)} optimized tensors never got a gradient")
        return None
