"""Mixed precision: the GradScaler skips most steps, or its scale collapses below 1."""

from __future__ import annotations

from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.state import StepState
from losshelp.watch.thresholds import AMP_SCALE_FLOOR, AMP_SKIP_SHARE, AMP_WINDOW


class AmpSkipping(Check):
    name = "amp_skipping"
    phase = "loss"
    fact = "amp_steps_skipped"
    threshold = f"scale halved at > {AMP_SKIP_SHARE:.0%} of the last {AMP_WINDOW} steps, or scale < {AMP_SCALE_FLOOR:g}"
    source = "torch.amp.GradScaler defaults: backoff 0.5 per skipped step, growth every 2000 steps"

    def check(self, state: StepState) -> Fire | None:
        scales = list(state.scaler_scales)
        if len(scales) <= AMP_WINDOW:
            return None
        self.measured = True
        recent = scales[-AMP_WINDOW - 1 :]
        skipped = sum(1 for a, b in zip(recent, recent[1:], strict=False) if b < a)
        if scales[-1] < AMP_SCALE_FLOOR:
            return Fire("GradScaler", f"loss scale {scales[-1]:.3g}")
        if skipped > AMP_SKIP_SHARE * AMP_WINDOW:
            return Fire("GradScaler", f"{skipped} of the last {AMP_WINDOW} steps skipped (scale {scales[-1]:.3g})")
        return None
