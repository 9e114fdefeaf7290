"""The total gradient norm grows by orders of magnitude over its start."""

from __future__ import annotations

import math
import statistics

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import BASELINE_SAMPLES, EXPLODING_GROWTH


class GradExplode(Check):
    name = "grad_explode"
    fact = "grad_flow"
    fires = "exploding"
    quiet = None
    threshold = f"total gradient norm > {EXPLODING_GROWTH:g} x its median over the first {BASELINE_SAMPLES} samples"
    source = "benchmarks/watch_checks.py: healthy twins stay within 0.1x-3x of their start; source 001 #7"

    def check(self, state: StepState) -> Fire | None:
        norms = state.measured.grad_norms
        if norms is None:
            return None
        total = math.sqrt(sum(n * n for n in norms))
        if not math.isfinite(total):
            return None  # nonfinite_grad's finding
        baseline = state.grad_norm_baseline
        if len(baseline) < BASELINE_SAMPLES:
            baseline.append(total)
            return None
        self.measured = True
        start = statistics.median(baseline)
        if start > 0 and total > EXPLODING_GROWTH * start:
            return Fire("all parameters", f"gradient norm {total:.3g}, {total / start:.0f}x its start {start:.3g}")
        return None
