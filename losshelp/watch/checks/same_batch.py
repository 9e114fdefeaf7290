"""The same input batch, by content, fed at several training steps in a row."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import REPEAT_STEPS


class SameBatch(Check):
    name = "same_batch"
    fact = "batches_repeat"
    threshold = f"an identical input fingerprint at {REPEAT_STEPS} sampled training forwards in a row"
    source = "source 001 #10 (a data reading bug acts like wrong data); healthy twins never repeat a batch"

    def check(self, state: StepState) -> Fire | None:
        prints = list(state.batch_fingerprints)
        if len(prints) < REPEAT_STEPS:
            return None
        self.measured = True
        if len(set(prints[-REPEAT_STEPS:])) == 1:
            return Fire("model input", f"{REPEAT_STEPS} identical batches in a row")
        return None
