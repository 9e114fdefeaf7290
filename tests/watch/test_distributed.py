"""Data parallel on CPU: 2 processes on the gloo backend. Each rank watches, rank 0 alone writes
the run folder and prints; replicas that drift apart (no DDP, ranks seeded differently) are caught
by the checksum comparison, DDP-synchronised replicas are not."""

from __future__ import annotations

import datetime
import os
import socket
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

import losshelp
from losshelp.watch.runfolder import read_run

pytestmark = [pytest.mark.torch, pytest.mark.slow]

WORLD = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank: int, folder: str, port: int) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=WORLD, timeout=datetime.timedelta(seconds=60))
    try:
        for ddp in (False, True):
            _train(rank, Path(folder) / ("ddp" if ddp else "drifting"), ddp)
    finally:
        dist.destroy_process_group()


def _train(rank: int, folder: Path, ddp: bool) -> None:
    folder.mkdir(exist_ok=True)
    torch.manual_seed(0 if ddp else rank)  # without DDP, each rank's own init: the replicas differ
    model: nn.Module = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    if ddp:
        model = nn.parallel.DistributedDataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    data = torch.Generator().manual_seed(100 + rank)
    with open(folder / f"stderr{rank}.txt", "w") as stream:
        with losshelp.watch(model, opt, log_dir=str(folder / "run"), every=2, stream=stream) as w:
            for _ in range(8):
                x = torch.randn(16, 8, generator=data)
                y = torch.randint(0, 2, (16,), generator=data)
                opt.zero_grad()
                loss = nn.functional.cross_entropy(model(x), y)
                loss.backward()
                opt.step()
                w.loss(loss)


def test_each_rank_watches_rank_zero_reports(tmp_path):
    mp.spawn(_worker, args=(str(tmp_path), _free_port()), nprocs=WORLD, join=True)
    for ddp in (False, True):
        folder = tmp_path / ("ddp" if ddp else "drifting")
        record = read_run(folder / "run")
        assert record.closed and record.steps == 8
        assert record.facts["replicas_differ"] == ("no" if ddp else "yes")
        assert (folder / "stderr1.txt").read_text() == ""  # rank 1 watches but prints nothing
        rank0 = (folder / "stderr0.txt").read_text()
        assert ("replicas hold different parameters" in rank0) is not ddp
        assert rank0.count("8 steps") == 1  # the summary, once, from rank 0
