"""Data parallel: a parameter whose checksum differs between ranks (replicas drifted apart)."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import REPLICA_RTOL


class ReplicaDrift(Check):
    name = "replica_drift"
    phase = "after_step"
    fact = "replicas_differ"
    threshold = f"float64 parameter sums differ across ranks by > {REPLICA_RTOL:g} relative (sampled steps)"
    source = "PyTorch DistributedDataParallel keeps replicas bitwise equal: any drift is a bug"

    def __init__(self) -> None:
        super().__init__()
        self.compared = False
        """Set by the watcher when it compared the ranks at this step."""

    def check(self, state: StepState) -> Fire | None:
        if not self.compared:
            return None
        self.measured = True
        if state.measured.replica_mismatch is not None:
            return Fire(state.measured.replica_mismatch, "parameter checksum differs between ranks")
        return None
