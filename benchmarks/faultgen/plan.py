"""Which runs exist: the dev and test splits, fixed by seed before any tuning, and the CI subset.

The rule (also in the README): each split draws its own healthy bases from its own seed; every base
is a healthy run (its twin), and each fault run is a base of the same split with one injector
applied. Dev never contains the held-out family; test does. Nothing here reads a result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from benchmarks.faultgen.faults import CAUSES, INJECTORS
from benchmarks.faultgen.space import FAMILIES, sample_base

HELD_OUT = "rnn"
SPLITS: dict[str, dict[str, Any]] = {
    "dev": {"seed": 1, "bases": 84, "per_cause": 12, "families": tuple(f for f in FAMILIES if f != HELD_OUT)},
    "test": {"seed": 2, "bases": 70, "per_cause": 10, "families": FAMILIES},
}


@dataclass(frozen=True)
class RunSpec:
    """One run: its id, the knobs it trains with, and the label (cause None for a healthy run)."""

    id: str
    split: str
    config: dict[str, Any]
    cause: str | None
    mechanism: str
    severity: float
    base: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "split": self.split, "cause": self.cause, "mechanism": self.mechanism, "severity": self.severity,
                "base": self.base, "family": self.config["family"], "config": self.config}


def plan(split: str) -> list[RunSpec]:
    """Every run of `split`: the healthy bases first, then the faults, cause by cause."""
    setting = SPLITS[split]
    rng = random.Random(setting["seed"])
    families = setting["families"]
    bases = [sample_base(rng, families[i % len(families)], setting["seed"] * 10000 + i) for i in range(setting["bases"])]
    runs = [RunSpec(f"{split}-h{i:03d}", split, base, None, "healthy", 0.0, f"{split}-h{i:03d}") for i, base in enumerate(bases)]
    cursor = 0
    for cause in CAUSES:
        mechanisms = [i for i in INJECTORS if i.cause == cause and any(i.applies(b) for b in bases)]
        for k in range(setting["per_cause"]):
            injector = mechanisms[k % len(mechanisms)]
            for step in range(len(bases)):  # the next base this mechanism applies to
                index = (cursor + step) % len(bases)
                if injector.applies(bases[index]):
                    break
            else:
                continue
            cursor = index + 1
            severity = round(rng.random(), 2)
            base = bases[index]
            config = {**base, **injector.inject(base, severity), "seed": base["seed"]}
            runs.append(RunSpec(f"{split}-{cause}-{k:02d}", split, config, cause, injector.name, severity, f"{split}-h{index:03d}"))
    return runs


def subset(name: str) -> list[RunSpec]:
    """`ci`: from dev, the first six healthy runs and the first run of every cause (about 30)."""
    if name != "ci":
        raise ValueError(f"unknown subset '{name}' (valid: ci)")
    runs = plan("dev")
    healthy = [r for r in runs if r.cause is None][:6]
    first: dict[str, RunSpec] = {}
    for r in runs:
        if r.cause is not None:
            first.setdefault(r.cause, r)
    return healthy + list(first.values())
