"""Probe every run of a split as a user would, cache each answer next to the run, and score.

    python -m benchmarks.faultgen.run --split dev|test [--limit N]   # generate, probe, score, write results
    python -m benchmarks.faultgen.run --subset ci                    # about 30 dev runs
    python -m benchmarks.faultgen.run --split dev --rescore          # engine only, on the cached facts (seconds)
    python -m benchmarks.faultgen.run --split dev --rescore --hand   # the same with the hand-set weights
    python -m benchmarks.faultgen.run --split dev --rescore --evidence FILE   # with a calibrated evidence file

Each probe is `losshelp probe CHECKPOINT --model model.py:build --data data.py:train_batches --loss L
--log log.csv --json` in a fresh process (its seconds include start-up). Runs and answers already in
the cache are not redone. Figures go to benchmarks/results/faultgen_{split}.txt.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from benchmarks.faultgen.make import CACHE, WORKERS, done, folder_of, lower_priority, selected
from benchmarks.faultgen.plan import HELD_OUT, RunSpec, plan
from benchmarks.faultgen.score import Outcome, figures, is_silent, outcome, table

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
ANSWER = "probe.json"


def probe_command(folder: Path, loss_flag: str) -> list[str]:
    loss = str(folder / loss_flag) if loss_flag.endswith(".py:loss_fn") else loss_flag
    return [sys.executable, "-m", "losshelp", "probe", str(folder / "checkpoint.pt"),
            "--model", f"{folder / 'model.py'}:build", "--data", f"{folder / 'data.py'}:train_batches",
            "--loss", loss, "--log", str(folder / "log.csv"), "--json", "--no-plot"]


def probe(folder: Path) -> dict:
    """Run the probe on one run (unless its answer is cached) and return the cached record."""
    cached = folder / ANSWER
    if cached.exists():
        return json.loads(cached.read_text())
    label = json.loads((folder / "run.json").read_text())
    start = time.perf_counter()
    one_core = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # the target is per run on one core
    done = subprocess.run(probe_command(folder, label["loss_flag"]), cwd=ROOT, capture_output=True, text=True, env=one_core)
    seconds = time.perf_counter() - start
    answer = json.loads(done.stdout) if done.returncode == 0 else {}
    record = {"seconds": round(seconds, 2), "rc": done.returncode, "stderr": done.stderr.strip()[-400:], "answer": answer}
    cached.write_text(json.dumps(record))
    return record


def final_losses(folder: Path) -> tuple[float, float]:
    """The last logged train and validation losses (NaN when the run blew up)."""
    with (folder / "log.csv").open() as f:
        last = list(csv.DictReader(f))[-1]
    return float(last["train_loss"]), float(last["val_loss"])


def silent(spec: RunSpec, root: Path) -> bool:
    if spec.cause is None:
        return False
    twin = root / spec.split / spec.base
    return is_silent(final_losses(folder_of(spec, root)), final_losses(twin))


def rescored(record: dict, engine) -> dict:
    """The answer recomputed by `engine` from the cached facts and findings (no probing)."""
    answer = record["answer"]
    if not answer:
        return answer
    diagnosis = engine.diagnose(answer["facts"])
    return replace(diagnosis, findings=tuple(answer["findings"])).to_json()


def _one(item: tuple[RunSpec, RunSpec | None, Path]) -> dict:
    """In a worker: train the run (and its healthy twin, for the silence check) unless cached, then
    probe the run unless its answer is cached."""
    from benchmarks.faultgen.train import train

    spec, twin, root = item
    for needed in (twin, spec):
        if needed is not None and not done(folder_of(needed, root)):
            train(needed, folder_of(needed, root))
    return probe(folder_of(spec, root))


def interleaved(specs: list[RunSpec]) -> list[RunSpec]:
    """The runs in round-robin order over the causes (healthy runs as one more cause), so that a
    prefix (`--limit`, or a run stopped early) covers every cause alike."""
    by_cause: dict[str | None, list[RunSpec]] = {}
    for spec in specs:
        by_cause.setdefault(spec.cause, []).append(spec)
    rounds = max(len(v) for v in by_cause.values()) if by_cause else 0
    out = []
    for k in range(rounds):
        for runs in by_cause.values():
            share = len(runs) / rounds  # the healthy runs are many: spread them evenly
            for j in range(int(k * share), int((k + 1) * share)):
                out.append(runs[j])
    return out


def collect(specs: list[RunSpec], root: Path, engine=None, workers: int = WORKERS) -> tuple[list[Outcome], int]:
    """Outcomes of `specs` (training and probing those not cached) and how many probes failed."""
    twins = {s.id: s for split in {spec.split for spec in specs} for s in plan(split) if s.cause is None}
    twins.update({s.id: s for s in specs if s.cause is None})
    items = [(spec, twins.get(spec.base) if spec.cause else None, root) for spec in specs]
    with ProcessPoolExecutor(workers, initializer=lower_priority) as pool:
        records = []
        for i, record in enumerate(pool.map(_one, items), 1):
            records.append(record)
            print(f"[{i}/{len(items)}] {items[i - 1][0].id} {record['seconds']:.1f} s rc {record['rc']}", file=sys.stderr, flush=True)
    outcomes, failed = [], 0
    for spec, record in zip(specs, records, strict=True):
        failed += record["rc"] != 0
        answer = rescored(record, engine) if engine is not None else record["answer"]
        label = json.loads((folder_of(spec, root) / "run.json").read_text())
        outcomes.append(outcome(label, answer, record["seconds"], silent(spec, root)))
    return outcomes, failed


def report(title: str, outcomes: list[Outcome], failed: int) -> str:
    parts = [f"# faultgen: {title}", f"runs: {len(outcomes)} ({sum(o.cause is None for o in outcomes)} healthy); probes that failed: {failed}", ""]
    parts.append(table("all runs", figures(outcomes)))
    held = [o for o in outcomes if o.family == HELD_OUT]
    if held:
        parts += ["", table(f"held-out family ({HELD_OUT})", figures(held)), "",
                  table("the other families", figures([o for o in outcomes if o.family != HELD_OUT]))]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--subset", choices=("ci",))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--rescore", action="store_true", help="re-run only the engine on the cached facts")
    parser.add_argument("--hand", action="store_true", help="with --rescore: the hand-set weights, no measured evidence")
    parser.add_argument("--evidence", type=Path, help="with --rescore: this evidence file in place of the KB's (e.g. one calibrate wrote)")
    parser.add_argument("--root", type=Path, default=CACHE, help="cache folder (default: benchmarks/faultgen/cache)")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/results/faultgen_SPLIT.txt)")
    args = parser.parse_args(argv)
    specs = interleaved(selected(args.split, args.subset, None))[: args.limit]
    if args.rescore:  # only the runs already probed
        specs = [s for s in specs if (folder_of(s, args.root) / ANSWER).exists()]
    engine = None
    if args.rescore:
        from losshelp.engine import Engine
        from losshelp.kb import default_kb
        from losshelp.kb.loader import load_evidence
        from losshelp.kb.models import Evidence

        evidence = Evidence() if args.hand else load_evidence(args.evidence) if args.evidence else default_kb().evidence
        engine = Engine(replace(default_kb(), evidence=evidence), "python", measured=True)
    start = time.perf_counter()
    outcomes, failed = collect(specs, args.root, engine)
    name = args.subset or args.split
    weights = "hand-set weights, no priors" if args.hand else f"evidence from {args.evidence.name}" if args.evidence else "the KB's evidence.yaml"
    mode = f"engine re-run on cached facts, {weights}" if args.rescore else "probed"
    text = report(f"{name} split ({mode})", outcomes, failed)
    print(text)
    print(f"wall seconds: {time.perf_counter() - start:.0f}")
    suffix = "_hand" if args.hand else "_calibrated" if args.evidence else ""
    out = args.out or (RESULTS / f"faultgen_{name}{suffix}.txt")
    out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
