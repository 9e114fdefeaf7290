"""What the hooks observed during the current step, read by the checks (plain data, no torch calls).

The watcher's hooks fill it between two optimizer steps; sampled measurements (norms, ratios,
checksums) are filled only on sampled steps and are None otherwise.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sampled:
    """The expensive measurements of one sampled step; each None when not measured."""

    grad_names: list[str] = field(default_factory=list)
    grad_norms: list[float] | None = None
    grad_rms: float | None = None
    update_ratios: list[float] | None = None
    weight_names: list[str] = field(default_factory=list)
    weight_norms: list[float] | None = None
    replica_mismatch: str | None = None
    """The first parameter whose checksum differs between ranks (data parallel only)."""


@dataclass
class StepState:
    """Observations since the last optimizer step, plus the run-long history the checks need."""

    step: int = 0
    """Optimizer steps completed before the current one (the current step's index, from 0)."""
    sampled: bool = False
    names: dict[int, str] = field(default_factory=dict)
    """id(parameter) -> its qualified name in the watched model."""
    trainable: dict[int, Any] = field(default_factory=dict)
    """id -> parameter, for every parameter of the watched models that requires a gradient."""
    optimized: set[int] = field(default_factory=set)
    """ids of the parameters in some watched optimizer's groups."""
    grads_since_step: set[int] = field(default_factory=set)
    ever_grad: set[int] = field(default_factory=set)
    leaked_grad: str | None = None
    """A parameter whose .grad still held the previous step's gradient when a new backward began."""
    forward_training: bool | None = None
    """model.training at the last forward with gradients enabled."""
    mode_sensitive: str | None = None
    """The first Dropout or BatchNorm module of the watched models (None if it has none)."""
    batch_fingerprints: deque = field(default_factory=lambda: deque(maxlen=8))
    constant_label_run: int = 0
    bn_batch_of_one: str | None = None
    lrs: list[float] = field(default_factory=list)
    lr_peak: float = 0.0
    lr_zero_run: int = 0
    losses: list[tuple[int, Any]] = field(default_factory=list)
    """(step, detached loss tensor or float) not yet checked; flushed on sampled steps."""
    first_bad_loss: tuple[int, float] | None = None
    scaler_scales: deque = field(default_factory=lambda: deque(maxlen=64))
    grad_norm_baseline: list[float] = field(default_factory=list)
    measured: Sampled = field(default_factory=Sampled)
