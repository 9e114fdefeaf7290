"""torch.distributed helpers: which rank this process is, and comparing parameters across ranks."""

from __future__ import annotations

import os
from collections.abc import Sequence

import torch

from losshelp.watch.measure import checksums
from losshelp.watch.thresholds import REPLICA_RTOL


def _initialized() -> bool:
    return torch.distributed.is_available() and torch.distributed.is_initialized()


def rank() -> int:
    """This process's rank: the process group's, else torchrun's RANK variable, else 0."""
    if _initialized():
        return torch.distributed.get_rank()
    return int(os.environ.get("RANK", "0") or 0)


def world_size() -> int:
    """Processes in the default group (1 when there is none)."""
    return torch.distributed.get_world_size() if _initialized() else 1


def first_mismatch(names: Sequence[str], params: Sequence[torch.Tensor]) -> str | None:
    """The first parameter whose float64 sum differs across ranks (every rank must call this at
    the same step: two all-reduces of one number per parameter)."""
    if not params:
        return None
    sums = checksums(params)
    high, low = sums.clone(), sums.clone()
    torch.distributed.all_reduce(high, op=torch.distributed.ReduceOp.MAX)
    torch.distributed.all_reduce(low, op=torch.distributed.ReduceOp.MIN)
    scale = torch.maximum(high.abs(), low.abs()).clamp_min(1e-12)
    differs = ((high - low).abs() > REPLICA_RTOL * scale).nonzero().flatten().tolist()
    return names[differs[0]] if differs else None
