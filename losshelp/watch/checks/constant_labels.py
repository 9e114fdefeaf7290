"""Every target in a batch is the same class, batch after batch: the data is sorted by label."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import CONSTANT_LABEL_STEPS


class ConstantLabels(Check):
    name = "constant_labels"
    fact = "data_shuffled"
    fires = "no"
    quiet = None
    threshold = f"one class only in each of {CONSTANT_LABEL_STEPS} sampled batches in a row"
    source = "source 001 #10 / source 003 (batches should mix classes: shuffle every epoch)"

    def check(self, state: StepState) -> Fire | None:
        if state.constant_label_run < CONSTANT_LABEL_STEPS:
            return None
        self.measured = True
        return Fire("targets", f"{state.constant_label_run} single-class batches in a row")
