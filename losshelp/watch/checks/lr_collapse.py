"""A learning rate of 0, or one that falls to a tiny share of its peak within the first steps."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import LR_COLLAPSE_FRACTION, LR_COLLAPSE_WITHIN, LR_ZERO_STEPS


class LrCollapse(Check):
    name = "lr_collapse"
    fact = "lr_collapsed"
    threshold = f"lr 0 at {LR_ZERO_STEPS} steps in a row, or <= {LR_COLLAPSE_FRACTION:g} x its peak within {LR_COLLAPSE_WITHIN} steps"
    source = "PyTorch lr_scheduler docs (step per epoch); a cosine schedule reaches 1 % of its peak only at 94 % of its length"

    def check(self, state: StepState) -> Fire | None:
        if not state.lrs:
            return None
        self.measured = True
        now = max(state.lrs)
        if state.lr_zero_run >= LR_ZERO_STEPS:
            return Fire("optimizer lr", "lr = 0")
        if state.step < LR_COLLAPSE_WITHIN and state.lr_peak > 0 and now <= LR_COLLAPSE_FRACTION * state.lr_peak:
            return Fire("optimizer lr", f"lr {now:.3g} from a peak of {state.lr_peak:.3g} by step {state.step}")
        return None
