"""A time budget for the expensive probes (Hessian, LR range test): they ask it before each costly step
and stop early when it is spent, saying so, rather than let one probe take the whole run."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Budget:
    """`seconds` from the moment it is made, read on `clock` (a fake clock in tests)."""

    seconds: float
    clock: Callable[[], float] = time.perf_counter
    start: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def spent(self) -> float:
        return self.clock() - self.start

    def exhausted(self) -> bool:
        """True once the seconds are spent: the caller stops after the step in hand."""
        return self.spent() >= self.seconds

    def affords(self, step_seconds: float, wanted: int, floor: int) -> int:
        """How many steps of `step_seconds` fit in what is left: `wanted` at most, `floor` at least."""
        left = self.seconds - self.spent()
        fits = left / step_seconds if step_seconds > 0 else float("inf")
        return max(floor, int(min(wanted, fits)))
