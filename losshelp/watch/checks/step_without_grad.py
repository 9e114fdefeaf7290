"""optimizer.step() with no new gradient since the previous step (or gradients cleared just before it)."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class StepWithoutGrad(Check):
    name = "step_without_grad"
    fact = "step_without_grad"
    threshold = "no gradient reached the optimizer's parameters since its last step, or all .grad None at step()"
    source = "PyTorch optim: step() uses .grad as it is; TrainCheck's invariant style (one step suffices)"

    def __init__(self) -> None:
        super().__init__()
        self.reason: str | None = None
        """Set by the watcher before each step: why this step has no fresh gradient, or None."""

    def check(self, state: StepState) -> Fire | None:
        self.measured = True
        if self.reason is not None:
            return Fire("optimizer", self.reason)
        return None
