"""Statistics of the data as drawn: feature scale, label balance, label runs, duplicate samples, repeated
batches, NaN. Label and batch statistics cover every batch read; feature and sample statistics the kept ones."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from losshelp.probe.model.objective import Batch, first_tensor
from losshelp.probe.model.sampling import DrawnData, drawn
from losshelp.probe.model.sampling import labels as batch_labels
from losshelp.probe.model.thresholds import (
    BATCH_REPEAT_FRACTION,
    FEATURE_SCALE_LIMIT,
    FEATURE_SPREAD_LIMIT,
    IMBALANCE_MAX_CLASSES,
    IMBALANCE_RATIO,
    RUN_LENGTH_RATIO,
)


@dataclass(frozen=True)
class DataStats:
    """What the batches look like; fields are None where the data does not allow the measurement."""

    batch_size: int
    samples: int
    feature_mean: float | None
    feature_scale: float | None
    scale_spread: float | None
    normalized: bool | None
    class_counts: dict[int, int] | None
    imbalance: float | None
    balanced: bool | None
    run_ratio: float | None
    shuffled: bool | None
    duplicate_fraction: float | None
    conflicting_duplicates: int | None
    has_nan: bool
    repeat_fraction: float = 0.0
    restart_period: int | None = None
    balance_note: str = ""  # why `balanced` is None, when it is
    drawn: DrawnData | None = None

    @property
    def batches_repeat(self) -> bool:
        """Exact repeats of whole batches beyond what a restarting unshuffled epoch explains."""
        return self.repeat_fraction > BATCH_REPEAT_FRACTION and self.restart_period is None


def _features(batches: Sequence[Batch]) -> Tensor | None:
    """All samples' floating-point inputs as (samples, features); images keep one column per channel."""
    rows = []
    for batch in batches:
        x = first_tensor(batch.inputs)
        if x is None or not x.is_floating_point() or x.dim() == 0:
            return None
        x = x.detach().float().cpu()
        rows.append(x.movedim(1, -1).reshape(-1, x.shape[1]) if x.dim() > 2 else x.reshape(x.shape[0], -1))
    return torch.cat(rows) if rows else None


def _labels(data: DrawnData) -> list[Tensor] | None:
    """Class ids per batch read, one per sample (per-position targets such as a text's tokens are not
    classes to balance), else None."""
    if not data.labels or any(y is None for y in data.labels):
        return None
    return list(data.labels)


def repeats(digests: Sequence[bytes]) -> tuple[float, int | None]:
    """Share of batches that repeat an earlier one exactly, and the period P when every repeat restarts the
    data in the same order (batch i equals batch i - P from the first repeat on, P >= 2: an epoch ended)."""
    first: dict[bytes, int] = {}
    for i, key in enumerate(digests):
        first.setdefault(key, i)
    repeated = [i for i, key in enumerate(digests) if first[key] != i]
    if not repeated:
        return 0.0, None
    p = repeated[0]
    period = p if p >= 2 and all(digests[i] == digests[i - p] for i in range(p, len(digests))) else None
    return len(repeated) / len(digests), period


def run_ratio(labels: Tensor) -> float | None:
    """Mean run length of equal consecutive labels over what shuffled labels would give, 1 / (1 - sum p^2)."""
    if labels.numel() < 2:
        return None
    p = torch.bincount(labels).double() / labels.numel()
    collision = float((p * p).sum())
    if collision >= 1.0:
        return None
    runs = 1 + int((labels[1:] != labels[:-1]).sum())
    return (labels.numel() / runs) * (1.0 - collision)


def _duplicates(batches: Sequence[Batch], labels: list[Tensor] | None) -> tuple[float, int] | None:
    """Share of samples that repeat an earlier one exactly, and how many repeats carry another label."""
    seen: dict[bytes, int] = {}
    repeats = conflicts = total = 0
    for i, batch in enumerate(batches):
        x = first_tensor(batch.inputs)
        if x is None or x.dim() == 0:
            return None
        flat = x.detach().cpu().reshape(x.shape[0], -1).contiguous()
        for j, row in enumerate(flat):
            key = hashlib.blake2b(row.numpy().tobytes(), digest_size=16).digest()
            label = int(labels[i][j]) if labels is not None and j < labels[i].numel() else -1
            total += 1
            if key in seen:
                repeats += 1
                conflicts += seen[key] != label
            else:
                seen[key] = label
    return (repeats / total, conflicts) if total else None


def _balance(counts: dict[int, int], shuffled: bool | None, data: DrawnData) -> tuple[float, bool | None, str]:
    """Largest/smallest class count and whether that is balanced; None (with the reason) where the counts
    cannot say: a sorted data set read only in part, or a vocabulary rather than a few classes."""
    imbalance = max(counts.values()) / min(counts.values())
    if len(counts) > IMBALANCE_MAX_CLASSES:
        return imbalance, None, f"{len(counts)} classes: a vocabulary's long tail (Zipf) is its nature, not an imbalance to fix"
    if not data.exhausted and (shuffled is False or len(counts) == 1):
        return imbalance, None, f"labels sorted and only {data.seen} batches read ({data.stopped}): the counts are those of the first part"
    return imbalance, imbalance < IMBALANCE_RATIO and len(counts) > 1, ""


def data_stats(data: Iterable[Any]) -> DataStats:
    """Measure the data as drawn (`sampling.draw`; batches given as a list are taken whole): their order
    matters, since label runs cross batch boundaries."""
    data = drawn(data)
    batches = data.batches
    features, labels = _features(batches), _labels(data)
    mean = scale = spread = None
    normalized = None
    if features is not None and features.shape[0] > 1:
        finite = features[torch.isfinite(features).all(dim=1)]
        means, stds = finite.mean(dim=0), finite.std(dim=0)
        varying = stds[stds > 1e-8]
        mean, scale = float(means.abs().max()), float(stds.max())
        spread = float(varying.max() / varying.min()) if varying.numel() else 1.0
        normalized = max(mean, scale) <= FEATURE_SCALE_LIMIT and spread <= FEATURE_SPREAD_LIMIT
    counts = imbalance = balanced = ratio = shuffled = None
    note = "" if labels is not None else "no class labels (float targets, or one per position)"
    if labels is not None:
        joined = torch.cat(labels)
        counts = dict(sorted(Counter(joined.tolist()).items()))
        ratio = run_ratio(joined)
        shuffled = None if ratio is None else ratio < RUN_LENGTH_RATIO
        imbalance, balanced, note = _balance(counts, shuffled, data)
    kept_labels = [batch_labels(b) for b in batches]
    dup = _duplicates(batches, kept_labels if all(y is not None for y in kept_labels) else None)
    repeat, period = repeats(data.digests)
    samples = sum(b.size for b in batches)
    return DataStats(batches[0].size, samples, mean, scale, spread, normalized, counts, imbalance, balanced,
                     ratio, shuffled, dup[0] if dup else None, dup[1] if dup else None, data.nonfinite,
                     repeat, period, note, data)
