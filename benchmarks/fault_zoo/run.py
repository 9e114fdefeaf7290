"""Run `losshelp probe --json` on every fault-zoo run and score the diagnosis.

    python -m benchmarks.fault_zoo.run            # generate missing runs, probe all, print the table
    python -m benchmarks.fault_zoo.run --fresh    # regenerate every run first
    python -m benchmarks.fault_zoo.run CASE ...   # only these cases; --facts prints their facts

Prints expected vs top-3 causes, hit@1, hit@3, seconds per case, and the totals; a healthy control
scores when no cause is "likely".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.fault_zoo.cases import CASES, Case
from benchmarks.fault_zoo.make import RUNS, make

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def probe(case: Case, folder: Path) -> tuple[dict, float]:
    """The JSON of `losshelp probe` on one run, and its wall-clock seconds (a fresh process each)."""
    cmd = [sys.executable, "-m", "losshelp", "probe", str(folder / "checkpoint.pt"), "--log", str(folder / "log.csv"),
           "--model", f"{folder / 'model.py'}:build", "--data", f"{folder / 'data.py'}:train_batches", "--json", "--no-plot"]
    if case.flipped_loss:
        cmd += ["--loss", f"{folder / 'loss.py'}:loss_fn"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{case.name}: losshelp probe exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout), seconds


def score(case: Case, result: dict) -> tuple[list[str], bool, bool]:
    """Top-3 cause ids, hit@1, hit@3; a healthy run hits when no cause is likely."""
    causes = result.get("causes", [])
    top = [c["id"] for c in causes[:3]]
    if case.expected is None:
        clean = not any(c["level"] == "likely" for c in causes)
        return top, clean, clean
    return top, top[:1] == [case.expected], case.expected in top


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the runs first")
    parser.add_argument("--facts", action="store_true", help="print each case's measured facts and failed probes")
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.cases or c.name in args.cases]
    rows, total = [], time.perf_counter()
    print(f"{'case':20s} {'expected':22s} {'top-3':60s} @1 @3 {'s':>5s}")
    for case in chosen:
        folder = RUNS / case.name
        if args.fresh or not (folder / "checkpoint.pt").exists():
            make(case)
        result, seconds = probe(case, folder)
        top, hit1, hit3 = score(case, result)
        rows.append((case, hit1, hit3, seconds))
        likely = [c["id"] for c in result.get("causes", []) if c["level"] == "likely"]
        shown = ", ".join(top) if case.expected else f"likely: {', '.join(likely) or 'none'}"
        print(f"{case.name:20s} {case.expected or '(healthy)':22s} {shown:60s} {'+' if hit1 else '-':>2s} {'+' if hit3 else '-':>2s} {seconds:5.1f}")
        if args.facts:
            print("    facts:", json.dumps(result["facts"], ensure_ascii=False))
            errors = [f"{f['probe']}: {f['reason']}" for f in result["findings"] if f["verdict"] == "error"]
            if errors:
                print("    errors:", "; ".join(errors))
    faulty = [r for r in rows if r[0].expected]
    healthy = [r for r in rows if not r[0].expected]
    if faulty:
        print(f"\nfaulty runs: {len(faulty)}  hit@1 {sum(r[1] for r in faulty) / len(faulty):.0%}  hit@3 {sum(r[2] for r in faulty) / len(faulty):.0%}")
    if healthy:
        print(f"healthy runs: {len(healthy)}  without a likely cause: {sum(r[1] for r in healthy)}/{len(healthy)}")
    probing = sum(r[3] for r in rows)
    print(f"seconds: {probing:.1f} probing, {time.perf_counter() - total:.1f} in all ({probing / max(len(rows), 1):.1f} per case)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
