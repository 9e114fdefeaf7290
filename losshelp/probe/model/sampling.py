"""Drawing batches from the user's data as a whole, within a budget: every batch read leaves its labels,
a content hash and a NaN check behind, and a uniform reservoir of a few batches is kept for the model.

The first few batches of a loader say little about the data set: sorted data shows one class, and a
loader that hands back the same batch looks like any other. Reading further (up to a batch and a time
limit) and keeping only what each batch needs for the statistics keeps the cost bounded.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import torch
from torch import Tensor

from losshelp.probe.model.objective import Batch, split_batch
from losshelp.probe.model.thresholds import DRAW_BATCHES, DRAW_SECONDS, KEEP_BATCHES


@dataclass(frozen=True)
class DrawnData(Sequence[Batch]):
    """Batches drawn from the data: `batches` (the reservoir, in data order) is what the model probes
    measure; `labels`, `digests` and `nonfinite` cover every batch read, in the order read."""

    batches: tuple[Batch, ...]
    labels: tuple[Tensor | None, ...]
    digests: tuple[bytes, ...]
    nonfinite: bool
    seen: int
    stopped: str  # end of data | batch limit | time limit

    @property
    def exhausted(self) -> bool:
        """The whole data set was read."""
        return self.stopped == "end of data"

    def describe(self) -> str:
        """`N batches read (STOPPED), K kept`: what every data finding used."""
        return f"{self.seen} read ({self.stopped}), {len(self.batches)} kept"

    def __len__(self) -> int:
        return len(self.batches)

    @overload
    def __getitem__(self, index: int) -> Batch: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Batch, ...]: ...
    def __getitem__(self, index):
        return self.batches[index]

    def __iter__(self) -> Iterator[Batch]:
        return iter(self.batches)


def _tensors(value: Any) -> Iterator[Tensor]:
    if isinstance(value, Tensor):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _tensors(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _tensors(v)


def digest(batch: Batch) -> bytes:
    """A content hash of every tensor in the batch (inputs and targets): equal batches hash equal."""
    h = hashlib.blake2b(digest_size=16)
    for t in (*_tensors(batch.inputs), *_tensors(batch.targets)):
        h.update(str((t.dtype, tuple(t.shape))).encode())
        if t.numel():  # an empty tensor is its dtype and shape (its stride may be 0, which no byte view takes)
            h.update(t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes())
    return h.digest()


def labels(batch: Batch) -> Tensor | None:
    """Class ids of the batch when the targets are integers (or 0/1 floats), one per sample; else None
    (per-position targets, such as a text's next tokens, are a sequence, not one class per sample)."""
    y = batch.targets
    if not isinstance(y, Tensor) or (y.is_floating_point() and not bool(((y == 0) | (y == 1)).all())):
        return None
    if y.numel() != batch.size:
        return None
    return y.detach().reshape(-1).long().cpu()


def nonfinite(batch: Batch) -> bool:
    """Any NaN or inf in a floating-point tensor of the batch."""
    return any(t.is_floating_point() and not bool(torch.isfinite(t).all()) for t in (*_tensors(batch.inputs), *_tensors(batch.targets)))


def draw(source: Iterable[Any], keep: int = KEEP_BATCHES, limit: int = DRAW_BATCHES, seconds: float = DRAW_SECONDS,
         seed: int = 0, clock=time.perf_counter) -> DrawnData:
    """Read batches until the data ends, `limit` batches are read or `seconds` have passed (at least one
    batch is read; reaching the limit reads one more to tell it from the end); keep a uniform reservoir
    of `keep` of them (Vitter's algorithm R, seeded) in data order."""
    rng = random.Random(seed)
    start = clock()
    kept: list[tuple[int, Batch]] = []
    ys: list[Tensor | None] = []
    keys: list[bytes] = []
    bad = False
    stopped = "end of data"
    for i, raw in enumerate(source):
        if i >= limit:
            stopped = "batch limit"
            break
        batch = split_batch(raw)
        ys.append(labels(batch))
        keys.append(digest(batch))
        bad = bad or nonfinite(batch)
        if len(kept) < keep:
            kept.append((i, batch))
        elif (j := rng.randrange(i + 1)) < keep:
            kept[j] = (i, batch)
        if clock() - start >= seconds:
            stopped = "time limit"
            break
    batches = tuple(b for _, b in sorted(kept, key=lambda item: item[0]))
    return DrawnData(batches, tuple(ys), tuple(keys), bad, len(keys), stopped)


def drawn(data: Iterable[Any]) -> DrawnData:
    """`data` as drawn batches: as it is when it already is; batches given in code are kept whole."""
    if isinstance(data, DrawnData):
        return data
    items = list(data)
    return draw(items, keep=len(items), limit=len(items), seconds=float("inf"))
