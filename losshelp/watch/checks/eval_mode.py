"""Training steps taken while the model is in eval mode, with Dropout or BatchNorm inside."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class EvalMode(Check):
    name = "eval_mode"
    fact = "eval_mode_training"
    threshold = "model.training is False at the forward behind a step, with Dropout/BatchNorm present"
    source = "PyTorch nn.Module.train/eval: Dropout and BatchNorm behave differently in each mode"

    def check(self, state: StepState) -> Fire | None:
        if state.mode_sensitive is None or state.forward_training is None:
            return None
        self.measured = True
        if not state.forward_training:
            return Fire(state.mode_sensitive, "model.training=False during a training step")
        return None
