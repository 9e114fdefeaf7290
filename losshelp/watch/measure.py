"""The tensor measurements the watcher takes: pure functions, tensors in, numbers out.

All run under torch.no_grad on detached tensors and read, never write, what they are given;
each moves one small vector to the host (one sync) however many tensors it measures.
"""

from __future__ import annotations

import hashlib
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


@torch.no_grad()
def gradient_stats(grads: Sequence[torch.Tensor]) -> tuple[list[float], float | None]:
    """Per-tensor L2 norms and the mean |g| over every element (smdebug's vanishing measure);
    None for the mean when there is no gradient at all."""
    if not grads:
        return [], None
    l2 = torch.stack([torch.linalg.vector_norm(g.detach().float()) for g in grads])
    l1 = torch.stack([g.detach().float().abs().sum() for g in grads]).sum()
    count = sum(g.numel() for g in grads)
    values = torch.cat([l2, (l1 / max(count, 1)).reshape(1)]).tolist()
    return values[:-1], values[-1]


@torch.no_grad()
def update_ratios(before: Sequence[torch.Tensor], after: Sequence[torch.Tensor]) -> list[float]:
    """|after - before| / |before| per tensor (tensors whose norm is 0 are left out)."""
    if not before:
        return []
    pairs = torch.stack(
        [torch.stack([torch.linalg.vector_norm((a.detach() - b).float()), torch.linalg.vector_norm(b.float())]) for b, a in zip(before, after)]
    ).tolist()
    return [delta / size for delta, size in pairs if size > 0]


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
