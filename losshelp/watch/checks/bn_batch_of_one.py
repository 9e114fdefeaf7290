"""A BatchNorm layer normalising over a batch of one sample in training mode."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState


class BnBatchOfOne(Check):
    name = "bn_batch_of_one"
    fact = "bn_batch_of_one"
    threshold = "a BatchNorm input with batch dimension 1 in training mode"
    source = "source 000 (batch size too small); PyTorch BatchNorm: batch statistics from one sample"

    def check(self, state: StepState) -> Fire | None:
        if state.mode_sensitive is None:
            return None
        self.measured = True
        if state.bn_batch_of_one is not None:
            return Fire(state.bn_batch_of_one, "batch of 1")
        return None
