"""The probe contract: what a probe reads (`ProbeInputs`), what it is (`Probe`) and what it returns (`Finding`).

A loss log, a checkpoint, a model, its data and its loss are each given or not. A probe declares the
inputs it cannot do without in `needs`; the runner skips it when one of them is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Need = Literal["log", "checkpoint", "model", "data"]
Verdict = Literal["ok", "abnormal", "info", "error"]
FactValue = str | float
NEEDS: tuple[Need, ...] = ("log", "checkpoint", "model", "data")


@dataclass(frozen=True)
class Finding:
    """One measurement: the fact it answers (None for a detail that feeds no fact), its value,
    the threshold it was judged against, the verdict, and a one-line reason saying what was
    measured, against what, and why that threshold."""

    probe: str
    fact: str | None
    value: FactValue | None
    threshold: str
    verdict: Verdict
    reason: str
    inputs: Mapping[str, str] = field(default_factory=dict)
    """What the measurement used, in words: e.g. {"optimizer": "adadelta (checkpoint)",
    "lr": "1e-4 (log, last step)", "batches": "20 sampled of 100"}; empty when it needs no saying."""

    def to_json(self) -> dict[str, Any]:
        value = round(self.value, 6) if isinstance(self.value, float) else self.value
        out: dict[str, Any] = {
            "probe": self.probe,
            "fact": self.fact,
            "value": value,
            "threshold": self.threshold,
            "verdict": self.verdict,
            "reason": self.reason,
        }
        if self.inputs:
            out["inputs"] = dict(self.inputs)
        return out


@dataclass
class ProbeInputs:
    """Everything a probe may read; each field is None when the user did not give it.

    `log` is a `losshelp.probe.logs.LossLog`, `checkpoint` a `losshelp.probe.checkpoint.Checkpoint`;
    `model`, `data` and `loss` an nn.Module, an iterable of batches and a loss callable.
    `stated` holds the facts the user set with `--set`, already validated.
    """

    log: Any = None
    checkpoint: Any = None
    model: Any = None
    data: Any = None
    loss: Any = None
    device: str = "cpu"
    stated: Mapping[str, FactValue] = field(default_factory=dict)

    def has(self, need: Need) -> bool:
        """Whether the input a probe needs is present."""
        return getattr(self, need) is not None


ProbeFn = Callable[[ProbeInputs], list[Finding]]


@dataclass(frozen=True)
class Probe:
    """A named measurement. `facts` lists the facts it may emit (a test checks them against the
    KB); `precedence` settles two probes measuring the same fact: the higher one wins (direct
    measurements with data should outrank data-free guesses), ties go to the first registered."""

    name: str
    needs: frozenset[Need]
    facts: tuple[str, ...]
    run: ProbeFn
    doc: str = ""
    precedence: int = 0

    def ready(self, inputs: ProbeInputs) -> bool:
        """Whether every input this probe needs is present."""
        return all(inputs.has(need) for need in self.needs)
