"""Cross-validate the calibration on the dev split: fit on one half of the bases, score the other.

    python -m benchmarks.faultgen.crossval [--root CACHE] [--folds 2]

This is how choices were compared while tuning (the test split is never read): a fault run and its
healthy twin share a base and always fall in the same fold, so no fold scores a run whose twin it
was fitted on. Figures go to benchmarks/results/faultgen_dev_cv.txt.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

from benchmarks.faultgen.calibrate import calibrate, probed
from benchmarks.faultgen.make import CACHE
from benchmarks.faultgen.run import RESULTS
from benchmarks.faultgen.score import Outcome, figures, outcome, table


def evidence_from(measured: dict, kept):
    """An in-memory evidence file: the KB's priors with the weights and groups just measured."""
    from losshelp.kb.models import EvidenceGroup, MeasuredWeight

    return kept.model_copy(update={"weights": [MeasuredWeight(**w) for w in measured["weights"]],
                                   "groups": [EvidenceGroup(**g) for g in measured["groups"]]})


def folds_by_base(bases: set[str], folds: int, seed: int = 0) -> dict[str, int]:
    """Each base's fold: bases shuffled by `seed`, then dealt round-robin (fold sizes differ by at most one)."""
    order = sorted(bases)
    random.Random(seed).shuffle(order)
    return {base: i % folds for i, base in enumerate(order)}


def cross_validate(runs: list[tuple[dict, dict, bool]], kb, folds: int = 2, seed: int = 0) -> list[Outcome]:
    """Outcomes of every run, each scored by weights fitted on the other folds."""
    from losshelp.engine.reasoner import Engine

    fold_of = folds_by_base({label["base"] for label, _, _ in runs}, folds, seed)
    outcomes = []
    for fold in range(folds):
        fitted_on = [(label["cause"], record["answer"]["facts"]) for label, record, silent in runs if fold_of[label["base"]] != fold and not silent]
        engine = Engine(replace(kb, evidence=evidence_from(calibrate(fitted_on, kb), kb.evidence)), "python", measured=True)
        for label, record, silent in runs:
            if fold_of[label["base"]] == fold:
                diagnosis = replace(engine.diagnose(record["answer"]["facts"]), findings=tuple(record["answer"]["findings"]))
                outcomes.append(outcome(label, diagnosis.to_json(), record["seconds"], silent))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=CACHE)
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS / "faultgen_dev_cv.txt")
    args = parser.parse_args(argv)
    from losshelp.kb import default_kb

    runs = probed(args.root)
    if not runs:
        print(f"no probed dev runs under {args.root}: run `python -m benchmarks.faultgen.run --split dev` first", file=sys.stderr)
        return 2
    text = table(f"dev split, {args.folds}-fold cross-validated calibration ({len(runs)} runs)", figures(cross_validate(runs, default_kb(), args.folds)))
    print(text)
    args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
