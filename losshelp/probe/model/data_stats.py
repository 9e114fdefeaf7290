"""Statistics of the batches themselves: feature scale, label balance, label runs, duplicates, NaN."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from losshelp.probe.model.objective import Batch, first_tensor
from losshelp.probe.model.thresholds import FEATURE_SCALE_LIMIT, FEATURE_SPREAD_LIMIT, IMBALANCE_RATIO, RUN_LENGTH_RATIO


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


def _labels(batches: Sequence[Batch]) -> list[Tensor] | None:
    """Class ids per batch when the targets are integers (or 0/1 floats), else None."""
    out = []
    for batch in batches:
        y = batch.targets
        if y is None or (y.is_floating_point() and not bool(((y == 0) | (y == 1)).all())):
            return None
        out.append(y.detach().reshape(-1).long().cpu())
    return out


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


def _has_nan(batches: Sequence[Batch]) -> bool:
    def bad(value) -> bool:
        if isinstance(value, Tensor):
            return value.is_floating_point() and not bool(torch.isfinite(value).all())
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
        return any(bad(v) for v in items)
    return any(bad(b.inputs) or bad(b.targets) for b in batches)


def data_stats(batches: Sequence[Batch]) -> DataStats:
    """Measure the batches as given (their order matters: label runs cross batch boundaries)."""
    features, labels = _features(batches), _labels(batches)
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
    if labels is not None:
        joined = torch.cat(labels)
        counts = dict(sorted(Counter(joined.tolist()).items()))
        imbalance = max(counts.values()) / min(counts.values())
        balanced = imbalance < IMBALANCE_RATIO and len(counts) > 1
        ratio = run_ratio(joined)
        shuffled = None if ratio is None else ratio < RUN_LENGTH_RATIO
    dup = _duplicates(batches, labels)
    samples = sum(b.size for b in batches)
    return DataStats(batches[0].size, samples, mean, scale, spread, normalized, counts, imbalance, balanced,
                     ratio, shuffled, dup[0] if dup else None, dup[1] if dup else None, _has_nan(batches))
