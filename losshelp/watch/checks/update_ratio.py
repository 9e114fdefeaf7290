"""|update| / |weight| per step out of smdebug's band; its median is the `update_ratio` fact."""

from __future__ import annotations

import statistics

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import UPDATE_RATIO_LARGE, UPDATE_RATIO_SMALL


class UpdateRatio(Check):
    name = "update_ratio"
    phase = "after_step"
    fact = "update_ratio"
    fires = None
    quiet = None
    threshold = f"median over parameters outside [{UPDATE_RATIO_SMALL:g}, {UPDATE_RATIO_LARGE:g}]"
    source = "smdebug's WeightUpdateRatio rule (defaults 1e-8 and 10)"

    def check(self, state: StepState) -> Fire | None:
        ratios = state.measured.update_ratios
        if not ratios:
            return None
        self.measured = True
        median = statistics.median(ratios)
        self.last_value = median
        if not UPDATE_RATIO_SMALL <= median <= UPDATE_RATIO_LARGE:
            return Fire("all parameters", f"median |update|/|weight| {median:.3g}", median)
        return None
