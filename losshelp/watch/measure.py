"""The tensor measurements the watcher takes: pure functions, tensors in, numbers out.

All run under torch.no_grad on detached tensors and read, never write, what they are given;
each moves one small vector to the host (one sync) however many tensors it measures.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import torch

FINGERPRINT_ELEMENTS = 4096
"""Elements of a batch that its fingerprint hashes (a stride through all of it)."""


@torch.no_grad()
def norms(tensors: Sequence[torch.Tensor]) -> list[float]:
    """The L2 norm of each tensor (NaN/inf kept: they are what the checks look for)."""
    if not tensors:
        return []
    return torch.stack([torch.linalg.vector_norm(t.detach().float()) for t in tensors]).tolist()


def gradient_stats(grads: Sequence[torch.Tensor]) -> tuple[list[float], float | None]:
    """Per-tensor L2 norms and the root-mean-square gradient over every element (None without any
    gradient), in one pass. RMS >= mean |g|: an RMS under smdebug's 1e-7 means its mean |g| is too."""
    if not grads:
        return [], None
    l2 = norms(grads)
    count = sum(g.numel() for g in grads)
    return l2, math.sqrt(sum(n * n for n in l2) / max(count, 1))


@torch.no_grad()
def update_norms(before: list[torch.Tensor], after: Sequence[torch.Tensor]) -> list[float]:
    """|after - before| per tensor, computed in place in `before` (which it uses up), so no memory
    beyond the copy the caller took."""
    if not before:
        return []
    return torch.stack([torch.linalg.vector_norm(b.sub_(a.detach()).float()) for b, a in zip(before, after, strict=True)]).tolist()


def fingerprint(batch: torch.Tensor) -> str:
    """A content hash of a batch from a strided sample of its elements (and its shape)."""
    flat = batch.detach().reshape(-1)
    stride = max(1, flat.numel() // FINGERPRINT_ELEMENTS)
    sample = flat[::stride][:FINGERPRINT_ELEMENTS].to("cpu", copy=True).contiguous()
    digest = hashlib.blake2b(sample.numpy().tobytes() if sample.dtype != torch.bfloat16 else sample.float().numpy().tobytes(), digest_size=12)
    digest.update(str(tuple(batch.shape)).encode())
    return digest.hexdigest()


@torch.no_grad()
def single_class(targets: torch.Tensor) -> bool:
    """Whether a batch of integer class targets (two or more) holds one class only."""
    if targets.dtype.is_floating_point or targets.is_complex() or targets.numel() < 2:
        return False
    flat = targets.detach().reshape(-1)
    return bool((flat == flat[0]).all())


@torch.no_grad()
def checksums(params: Sequence[torch.Tensor]) -> torch.Tensor:
    """One float64 sum per tensor, on the tensors' device: what ranks compare to find drift."""
    return torch.stack([p.detach().double().sum() for p in params])
