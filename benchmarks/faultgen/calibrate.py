"""Measure the weights of the rules that probes and logs trigger, on the dev split's cached facts,
and rewrite losshelp/kb/data/evidence.yaml (priors and their source are kept as they are).

    python -m benchmarks.faultgen.calibrate [--root CACHE]

Per (rule, cause): over the dev runs the rule fired on, P(h|e) is the share whose true cause is h,
and P(h) the share of all scored dev runs whose cause is h. The measured weight is MYCIN's measure
of belief MB = (P(h|e) - P(h)) / (1 - P(h)) when the rule raises the odds of h, and minus the
measure of disbelief MD = (P(h) - P(h|e)) / P(h) when it lowers them; it is then shrunk toward the
hand-set weight as if the hand weight had been seen on SHRINK runs: w = (n MB + SHRINK w_hand) / (n + SHRINK).
Rules for one cause that fire together (phi correlation of their firing over the dev runs at least
GROUP_PHI) are one group: signs of one observation, counted once.
A cause no dev run can carry (faults.NOT_SHOWABLE) cannot be measured; left at its hand weight it
would outrank every measured cause on the same signs, so its weight is the hand weight times the
median ratio measured/hand of the same rule's measured causes, or of all rules' (`basis: rule_scale`).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

from benchmarks.faultgen.make import CACHE
from benchmarks.faultgen.run import ANSWER, final_losses
from benchmarks.faultgen.score import is_silent

EVIDENCE = Path(__file__).resolve().parents[2] / "losshelp" / "kb" / "data" / "evidence.yaml"
SHRINK = 10.0
"""Pseudo-runs behind the hand-set weight: a rule seen on 10 runs is half measured, half hand-set."""
GROUP_PHI = 0.7
"""Firing correlation from which two rules for one cause count as one observation."""
MIN_RUNS = 5
"""Rules that fired on fewer dev runs keep their hand-set weight and are not grouped: a share or a
correlation over a handful of runs says nothing."""


def measured_belief(p_given: float, p_prior: float) -> float:
    """MYCIN's MB(h, e) when e raises the probability of h, minus MD(h, e) when it lowers it."""
    if p_given >= p_prior:
        return (p_given - p_prior) / (1.0 - p_prior) if p_prior < 1.0 else 0.0
    return -(p_prior - p_given) / p_prior


def shrunk(measured: float, hand: float, support: float, k: float | None = None) -> float:
    """The measured weight pulled toward the hand-set one in proportion to how little it rests on."""
    k = SHRINK if k is None else k
    return (support * measured + k * hand) / (support + k)


def phi(a: Sequence[bool], b: Sequence[bool]) -> float:
    """The phi coefficient of two binary vectors (0 when either is constant)."""
    n11 = sum(x and y for x, y in zip(a, b, strict=True))
    n1_, n_1, n = sum(a), sum(b), len(a)
    denominator = math.sqrt(n1_ * (n - n1_) * n_1 * (n - n_1))
    return (n * n11 - n1_ * n_1) / denominator if denominator else 0.0


def correlated_groups(fired: dict[str, list[bool]], threshold: float = GROUP_PHI, min_runs: int = MIN_RUNS) -> list[list[str]]:
    """Connected components (two or more rules) of the graph 'phi of their firing >= threshold'."""
    rules = [r for r, v in fired.items() if sum(v) >= min_runs]
    parent = {r: r for r in rules}

    def root(r: str) -> str:
        while parent[r] != r:
            r = parent[r]
        return r

    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if phi(fired[a], fired[b]) >= threshold:
                parent[root(b)] = root(a)
    components: dict[str, list[str]] = defaultdict(list)
    for r in rules:
        components[root(r)].append(r)
    return [sorted(c) for c in components.values() if len(c) > 1]


def probed(root: Path) -> list[tuple[dict, dict, bool]]:
    """(label, cached record, silent) for every dev run probed without error, in folder order."""
    out = []
    for folder in sorted((root / "dev").iterdir()):
        if not (folder / ANSWER).exists():
            continue
        record = json.loads((folder / ANSWER).read_text())
        if record["rc"] != 0 or not record["answer"]:
            continue
        label = json.loads((folder / "run.json").read_text())
        twin = folder.parent / label["base"]
        silent = label["cause"] is not None and (twin / "log.csv").exists() and is_silent(final_losses(folder), final_losses(twin))
        out.append((label, record, silent))
    return out


def dev_runs(root: Path) -> list[tuple[str | None, dict]]:
    """(true cause, measured facts) for every probed, non-silent dev run."""
    return [(label["cause"], record["answer"]["facts"]) for label, record, silent in probed(root) if not silent]


def calibrate(runs: list[tuple[str | None, dict]], kb) -> dict:
    """The measured part of the evidence file from labelled dev runs (facts as the probe reported them)."""
    from dataclasses import replace

    from losshelp.engine.reasoner import Engine
    from losshelp.kb.models import Evidence

    engine = Engine(replace(kb, evidence=Evidence()), "python")
    n = len(runs)
    base_rate = {c: sum(label == c for label, _ in runs) / n for c in kb.causes}
    fired: dict[tuple[str, str], list[bool]] = defaultdict(lambda: [False] * n)
    hand: dict[tuple[str, str], float] = {}
    for i, (_, facts) in enumerate(runs):
        for firing in engine.run(facts).firings:
            for conclusion in kb.rules[firing.rule].then:
                if conclusion.cause is not None:
                    fired[(firing.rule, conclusion.cause)][i] = True
                    hand[(firing.rule, conclusion.cause)] = conclusion.weight or 0.0
    weights = []
    for (rule, cause), hits in sorted(fired.items()):
        runs_fired = sum(hits)
        if runs_fired < MIN_RUNS:
            continue
        p_given = sum(h and runs[i][0] == cause for i, h in enumerate(hits)) / runs_fired
        p_prior = base_rate.get(cause, 0.0)
        if p_prior == 0.0:
            continue  # a cause no dev run carries: nothing to measure against
        weight = shrunk(measured_belief(p_given, p_prior), hand[(rule, cause)], runs_fired)
        weights.append({"rule": rule, "cause": cause, "weight": round(weight, 3), "hand": hand[(rule, cause)], "runs": runs_fired,
                        "p_cause_given_rule": round(p_given, 3), "p_cause": round(p_prior, 3)})
    weights += scaled_unmeasurable(weights, fired, hand, base_rate)
    measured = {(w["rule"], w["cause"]) for w in weights}
    groups = []
    for cause in sorted({c for _, c in measured}):
        vectors = {rule: fired[(rule, cause)] for rule, c in sorted(measured) if c == cause}
        for j, rules in enumerate(correlated_groups(vectors)):
            groups.append({"id": f"{cause}_signs_{j + 1}", "cause": cause, "rules": rules})
    return {"weights": weights, "groups": groups, "dev_runs": n}


def scaled_unmeasurable(weights: list[dict], fired: dict, hand: dict, base_rate: dict) -> list[dict]:
    """Weights for the (rule, cause) pairs whose cause no dev run carries: the hand weight times the
    median measured/hand ratio of the rule's supporting conclusions that were measured (of all
    rules' where the rule has fewer than two: one ratio says little), never above the hand weight."""
    ratios: dict[str, list[float]] = defaultdict(list)
    for w in weights:
        if w["hand"] > 0:
            ratios[w["rule"]].append(max(w["weight"], 0.0) / w["hand"])
    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    overall = [r for rs in ratios.values() for r in rs]
    out = []
    for (rule, cause), hits in sorted(fired.items()):
        if base_rate.get(cause, 0.0) > 0.0 or hand[(rule, cause)] <= 0 or not overall or sum(hits) < MIN_RUNS:
            continue
        scale = min(median(ratios[rule] if len(ratios.get(rule, [])) >= 2 else overall), 1.0)
        out.append({"rule": rule, "cause": cause, "weight": round(hand[(rule, cause)] * scale, 3), "hand": hand[(rule, cause)],
                    "runs": sum(hits), "p_cause_given_rule": 0.0, "basis": "rule_scale", "p_cause": 0.0})
    return out


def write(measured: dict, path: Path = EVIDENCE) -> None:
    """Write an evidence file: the method, the priors of the KB's evidence file, the measured weights and groups."""
    kept = yaml.safe_load(EVIDENCE.read_text()) if EVIDENCE.exists() else {}
    document = {
        "method": f"Measured on {measured['dev_runs']} runs of the faultgen dev split (benchmarks/faultgen/calibrate.py): MYCIN's MB (or -MD)"
                  f" of each rule for its cause, shrunk toward the hand-set weight over {SHRINK:g} pseudo-runs; rules whose firing"
                  f" correlates (phi >= {GROUP_PHI}) are grouped; rules that fired on fewer than {MIN_RUNS} runs keep their hand weight.",
        "prior_source": kept.get("prior_source", ""),
        "prior_weight": kept.get("prior_weight", 0.0),
        "priors": kept.get("priors", []),
        "groups": measured["groups"],
        "weights": measured["weights"],
    }
    header = "# Written by `python -m benchmarks.faultgen.calibrate`; priors are kept from losshelp/kb/data/evidence.yaml.\n"
    path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=200))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=CACHE)
    parser.add_argument("--out", type=Path, default=EVIDENCE)
    args = parser.parse_args(argv)
    from losshelp.kb import default_kb

    runs = dev_runs(args.root)
    if not runs:
        print(f"no probed dev runs under {args.root}: run `python -m benchmarks.faultgen.run --split dev` first", file=sys.stderr)
        return 2
    measured = calibrate(runs, default_kb())
    write(measured, args.out)
    print(f"{len(measured['weights'])} measured weights, {len(measured['groups'])} groups, from {measured['dev_runs']} dev runs -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
