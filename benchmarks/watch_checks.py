"""Each live check on its injected bug: the iterations it needed to fire after the bug's first
effect (over seeds), and the alerts on the healthy twins (must be none). The loops are the tests'
own (tests/watch/watchloops.py). Run: python -m benchmarks.watch_checks
output: benchmarks/results/watch_checks.txt
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "watch"))

from watchloops import BUGS, ITERATIONS, TWINS, train  # noqa: E402

SEEDS = range(5)
RESULTS = Path(__file__).parent / "results" / "watch_checks.txt"


def main() -> None:
    torch.set_num_threads(1)
    lines = [
        f"losshelp.watch checks on injected bugs ({ITERATIONS} iterations, default sampling, seeds {SEEDS.start}-{SEEDS.stop - 1})",
        "iterations to fire = the iteration of the alert minus the bug's first iteration (target <= 20);",
        "in brackets the same with every check on every step (every=1): the lag sampling adds is the difference",
        "",
        f"{'injected bug':<24}{'check':<22}{'fired':>7}{'iterations to fire (per seed)':>34}{'[every=1]':>18}   also fired",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for bug, (check, onset) in BUGS.items():
            delays, eager, others = [], [], set()
            for seed in SEEDS:
                fired = train(bug, seed=seed, log_dir=f"{folder}/{bug}{seed}").fired
                delays.append(fired[check] - onset if check in fired else None)
                others |= set(fired) - {check}
                fired = train(bug, seed=seed, log_dir=f"{folder}/{bug}{seed}e", every=1).fired
                eager.append(fired[check] - onset if check in fired else None)
            hits = sum(d is not None for d in delays)
            shown, shown_eager = (" ".join("-" if d is None else str(d) for d in ds) for ds in (delays, eager))
            lines.append(f"{bug:<24}{check:<22}{hits:>4}/{len(delays)}{shown:>34}{'[' + shown_eager + ']':>18}   {', '.join(sorted(others)) or '-'}")
        lines += ["", f"healthy twins ({ITERATIONS} iterations each): alerts", ""]
        total = 0
        for twin in TWINS:
            counts = [len(train(None, twin, seed, log_dir=f"{folder}/{twin}{seed}").fired) for seed in SEEDS]
            total += sum(counts)
            lines.append(f"{twin:<24}{' '.join(map(str, counts))}")
        lines.append(f"\nhealthy runs with any alert: {total} of {len(TWINS) * len(SEEDS)}")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
