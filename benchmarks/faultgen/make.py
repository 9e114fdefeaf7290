"""Generate runs into the cache (git-ignored), skipping those already done, on two worker processes.

    python -m benchmarks.faultgen.make --split dev|test [--limit N]   # or --subset ci
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.faultgen.plan import RunSpec, plan, subset

CACHE = Path(__file__).resolve().parent / "cache"
WORKERS = 2


def folder_of(spec: RunSpec, root: Path = CACHE) -> Path:
    return root / spec.split / spec.id


def done(folder: Path) -> bool:
    return (folder / "run.json").exists()


def lower_priority(niceness: int = 10) -> None:
    """Workers run at `niceness` at least (the machine is shared), whatever the parent's."""
    os.nice(max(0, niceness - os.nice(0)))


def _make(args: tuple[RunSpec, Path]) -> tuple[str, float]:
    from benchmarks.faultgen.train import train

    spec, folder = args
    start = time.perf_counter()
    train(spec, folder)
    return spec.id, time.perf_counter() - start


def generate(specs: list[RunSpec], root: Path = CACHE, workers: int = WORKERS) -> list[Path]:
    """Train every run not yet done (in parallel); returns the folders of all `specs`."""
    todo = [(s, folder_of(s, root)) for s in specs if not done(folder_of(s, root))]
    if workers <= 1:
        for item in todo:
            _make(item)
    else:
        with ProcessPoolExecutor(workers, initializer=lower_priority) as pool:
            for i, (run_id, seconds) in enumerate(pool.map(_make, todo), 1):
                print(f"[{i}/{len(todo)}] {run_id} {seconds:.1f} s", flush=True)
    return [folder_of(s, root) for s in specs]


def selected(split: str | None, subset_name: str | None, limit: int | None) -> list[RunSpec]:
    specs = subset(subset_name) if subset_name else plan(split or "dev")
    return specs[:limit] if limit else specs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--subset", choices=("ci",))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    specs = selected(args.split, args.subset, args.limit)
    generate(specs)
    print(f"{len(specs)} runs in {CACHE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
