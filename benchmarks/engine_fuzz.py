"""Differential fuzz of the two engine backends over random valid fact sets.

Each batch is diagnosed in a child process, so a native abort inside durable-rules is seen by the
child's exit status and counted instead of ending the run; the two backends' firings, causes,
scores, levels and derived facts are compared set by set.

    python -m benchmarks.engine_fuzz [--n N] [--batch B] [--seed S]   (target: 0 aborts, 0 disagreements)

Fact sets (kinds): `band` (every number at one of its bands), `edge` (a rule's numeric bound, just
below, on or just above it, in units of the engine's number key), `rule` (the facts that make a
rule fire, one of them changed or dropped), `unknown` (random facts, some answered "unknown"),
`single` (one fact), `empty`, `random` (random facts, numbers spread over their domain: a
fraction over 0..1, a rate or count log-uniform over 1e-9..1e9).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from losshelp.engine.conditions import NUMBER_SCALE
from losshelp.engine.facts import NUMBER_DOMAINS, UNKNOWN, check_number
from losshelp.kb import default_kb
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Symptom

RESULTS = Path(__file__).parent / "results" / "engine_fuzz.txt"
CHILD = [sys.executable, "-m", "benchmarks.engine_fuzz", "--child"]
KINDS = ("band", "edge", "rule", "unknown", "single", "empty", "random")
FRESH_ENGINE_EVERY = 2
"""A child builds a new durable-rules engine every this many sets: the abort hit an engine's first
diagnosis, so many first diagnoses are tried, not only one per child."""

FactSet = dict[str, object]


def _random_number(fact: str, rng: random.Random) -> float:
    """A number in `fact`'s domain: its ends now and then, else spread over it (log-uniform above 0)."""
    low, high = NUMBER_DOMAINS.get(fact, (-math.inf, math.inf))
    if math.isfinite(high):
        return rng.choice([low, high]) if rng.random() < 0.1 else rng.uniform(low, high)
    if math.isfinite(low) and rng.random() < 0.05:
        return low
    spread = 10 ** rng.uniform(-9, 9)
    return max(low, spread) if math.isfinite(low) else spread * rng.choice([1, 1, 1, -1])


def _random_value(symptom: Symptom, rng: random.Random) -> object:
    if symptom.kind != "number":
        return rng.choice(symptom.answers)
    if symptom.bands and rng.random() < 0.5:
        return rng.choice(list(symptom.bands))
    return _random_number(symptom.id, rng)


def _in_domain(facts: FactSet) -> FactSet:
    """`facts` without numbers outside their domain (an edge of a computed fact may invert to one)."""
    return {k: v for k, v in facts.items() if not isinstance(v, float) or check_number(k, v) is None}


def _edges(bound: float) -> list[float]:
    """`bound` and its neighbours one and a half number-key steps away, and a relative hair's breadth."""
    step = 1 / NUMBER_SCALE
    near = [bound + k * step for k in (-1.5, -1, -0.5, 0, 0.5, 1, 1.5)] + [bound * (1 + d) for d in (-1e-9, 1e-9)]
    return [x for x in near if x >= 0]


def _numeric_bounds(kb: KnowledgeBase) -> list[tuple[str, float]]:
    """(fact, bound) for every numeric test of every rule, computed facts included."""
    out = []
    for rule in kb.rules.values():
        for c in rule.when:
            for bound in (c.gt, c.ge, c.lt, c.le, c.is_):
                if isinstance(bound, float):
                    out.append((c.fact, bound))
    return out


def _state(kb: KnowledgeBase, fact: str, value: float, rng: random.Random) -> FactSet:
    """Stated numbers that give number fact `fact` the value `value`, computed facts inverted
    (ln C from C; a ratio from a random divisor, itself stated the same way)."""
    if fact in kb.symptoms:
        return {fact: value}
    item = kb.computed[fact]
    if item.op == "ln":
        return _state(kb, item.args[0], math.exp(min(value, 700.0)), rng)
    divisor = rng.choice([0.5, 2.0, 2.3, 4.6])
    return {**_state(kb, item.args[0], value * divisor, rng), **_state(kb, item.args[1], divisor, rng)}


class Generator:
    """Random valid fact sets of every kind, from one seed."""

    def __init__(self, kb: KnowledgeBase, seed: int) -> None:
        from tests.engine.factgen import facts_for

        self.kb = kb
        self.rng = random.Random(seed)
        self.symptoms = list(kb.symptoms.values())
        self.bounds = _numeric_bounds(kb)
        self.rule_facts = [f for f in (facts_for(kb, r) for r in kb.rules.values()) if f]

    def _random_facts(self, k: int) -> FactSet:
        return {s.id: _random_value(s, self.rng) for s in self.rng.sample(self.symptoms, k)}

    def make(self, kind: str) -> FactSet:
        rng = self.rng
        if kind == "band":
            chosen = rng.sample(self.symptoms, rng.randint(1, len(self.symptoms)))
            return {s.id: rng.choice(list(s.bands)) if s.bands else _random_value(s, rng) for s in chosen}
        if kind == "edge":
            fact, bound = rng.choice(self.bounds)
            facts = self._random_facts(rng.randint(0, 6))
            facts.update(_state(self.kb, fact, rng.choice(_edges(bound)), rng))
            return facts
        if kind == "rule":
            facts = dict(rng.choice(self.rule_facts))
            victim = rng.choice(list(facts))
            if rng.random() < 0.5:
                del facts[victim]
            elif victim in self.kb.symptoms:
                facts[victim] = _random_value(self.kb.symptoms[victim], rng)
            return facts
        if kind == "unknown":
            facts = self._random_facts(rng.randint(1, 12))
            return {k: UNKNOWN if rng.random() < 0.4 else v for k, v in facts.items()}
        if kind == "single":
            return self._random_facts(1)
        if kind == "empty":
            return {}
        return self._random_facts(rng.randint(2, len(self.symptoms)))

    def batch(self, n: int) -> list[tuple[str, FactSet]]:
        kinds = [KINDS[i % len(KINDS)] for i in range(n)]
        return [(kind, _in_domain(self.make(kind))) for kind in kinds]


def compare(facts: FactSet, python, durable) -> str | None:
    """None when both engines agree on `facts`, else what differs."""
    from losshelp.engine import validate_facts

    typed = validate_facts(facts, python.kb)
    if python.run(typed).firings != durable.run(typed).firings:
        return "firings"
    a, b = python.diagnose(typed), durable.diagnose(typed)
    if a.to_json() != b.to_json():
        return "diagnosis"
    if a.derived != b.derived:
        return "derived"
    return None


def child_main() -> int:
    """Read a JSON list of fact sets on stdin; print one JSON line per disagreement or error."""
    from losshelp.engine.reasoner import Engine

    kb = default_kb()
    python = Engine(kb, "python")
    durable = None
    for i, facts in enumerate(json.load(sys.stdin)):
        if i % FRESH_ENGINE_EVERY == 0:
            durable = Engine(kb, "durable-rules")
        try:
            differs = compare(facts, python, durable)
        except Exception as exc:  # counted, not fatal: the parent reports it
            differs = f"error: {exc!r}"
        if differs:
            print(json.dumps({"index": i, "facts": facts, "differs": differs}), flush=True)
    return 0


@dataclass
class Tally:
    """What a fuzz run saw."""

    sets: int = 0
    aborts: int = 0
    aborted_sets: list[FactSet] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)


def run_child(sets: Sequence[FactSet], argv: Sequence[str] = CHILD) -> tuple[int, list[dict]]:
    """Diagnose `sets` in one child process: its exit status and the disagreements it printed."""
    proc = subprocess.run(list(argv), input=json.dumps(list(sets)), capture_output=True, text=True, timeout=600)
    found = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, found


def fuzz(n: int, batch: int, seed: int, argv: Sequence[str] = CHILD, progress: Callable[[Tally], None] | None = None) -> Tally:
    """`n` fact sets in batches of `batch`, each batch in its own child; a batch that dies is rerun
    one set per child, so every set that aborts is counted."""
    generator = Generator(default_kb(), seed)
    tally = Tally()
    while tally.sets < n:
        items = generator.batch(min(batch, n - tally.sets))
        sets = [facts for _, facts in items]
        status, found = run_child(sets, argv)
        if status != 0:
            for facts in sets:
                alone, found_alone = run_child([facts], argv)
                if alone != 0:
                    tally.aborts += 1
                    tally.aborted_sets.append(facts)
                tally.disagreements += found_alone
        else:
            tally.disagreements += found
        tally.sets += len(sets)
        tally.kinds.update(kind for kind, _ in items)
        if progress:
            progress(tally)
    return tally


def report(tally: Tally, seed: int, seconds: float) -> str:
    kinds = ", ".join(f"{k} {tally.kinds[k]}" for k in KINDS)
    lines = [
        f"engine differential fuzz: {tally.sets} fact sets (seed {seed}), each batch in a child process, "
        f"a new durable-rules engine every {FRESH_ENGINE_EVERY} sets",
        f"kinds: {kinds}",
        f"native aborts: {tally.aborts}",
        f"disagreements (firings, causes/scores/levels, derived facts) or errors: {len(tally.disagreements)}",
        f"wall time: {seconds:.0f} s",
    ]
    lines += [f"  aborted: {json.dumps(f)}" for f in tally.aborted_sets[:10]]
    lines += [f"  differs: {json.dumps(d)}" for d in tally.disagreements[:10]]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main()
    start = time.perf_counter()
    tally = fuzz(args.n, args.batch, args.seed,
                 progress=lambda t: print(f"{t.sets} sets, {t.aborts} aborts, {len(t.disagreements)} disagreements", file=sys.stderr))
    text = report(tally, args.seed, time.perf_counter() - start)
    print(text, end="")
    if args.n >= 20_000:
        RESULTS.write_text(text, encoding="utf-8")
    return 0 if tally.aborts == 0 and not tally.disagreements else 1


if __name__ == "__main__":
    sys.exit(main())
