"""Score diagnoses against labels: pure functions from (label, JSON answer) pairs to figures and a table.

A faulty run hits at k when its cause is among the first k causes; a healthy run is right when no
cause is `likely`. A fault run that shows nothing (its final train and validation losses within
SILENT of its healthy twin's, and finite) is counted apart as silent: its label cannot be checked.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SILENT = 0.1
"""Relative distance of final losses under which a fault run trains like its healthy twin."""
BINS = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0001)
"""Score bins of the reliability table (edges; the last is closed)."""


@dataclass(frozen=True)
class Outcome:
    """One probed run: its label, family, the answer's ranked cause ids, scores and levels, seconds."""

    run: str
    cause: str | None
    family: str
    ranked: tuple[str, ...]
    scores: tuple[float, ...]
    levels: tuple[str, ...]
    verdict: str | None
    seconds: float
    silent: bool = False

    @property
    def likely(self) -> tuple[str, ...]:
        return tuple(c for c, lv in zip(self.ranked, self.levels, strict=True) if lv == "likely")

    def hit(self, k: int) -> bool:
        if self.cause is None:
            return not self.likely
        return self.cause in self.ranked[:k]


def outcome(label: dict, answer: dict, seconds: float, silent: bool = False) -> Outcome:
    causes = answer.get("causes", [])
    return Outcome(
        run=label["id"], cause=label["cause"], family=label["family"],
        ranked=tuple(c["id"] for c in causes), scores=tuple(float(c["score"]) for c in causes),
        levels=tuple(c["level"] for c in causes), verdict=answer.get("verdict"), seconds=seconds, silent=silent,
    )


def is_silent(fault_final: tuple[float, float], twin_final: tuple[float, float]) -> bool:
    """Whether a fault run ends where its healthy twin ends (train and validation loss within SILENT)."""
    if not all(math.isfinite(v) for v in (*fault_final, *twin_final)):
        return False
    return all(abs(a - b) <= SILENT * max(abs(b), 1e-3) for a, b in zip(fault_final, twin_final, strict=True))


def _share(hits: Iterable[bool]) -> tuple[int, int]:
    values = list(hits)
    return sum(values), len(values)


def _pct(hit: int, total: int) -> str:
    return f"{hit}/{total} ({hit / total:.0%})" if total else "-"


@dataclass(frozen=True)
class Figures:
    top1: tuple[int, int]
    top3: tuple[int, int]
    healthy_with_likely: tuple[int, int]
    likely_true: tuple[int, int]
    per_cause: dict[str, tuple[int, int, int]]
    """cause -> (top-1 hits, top-3 hits, runs)."""
    confusions: list[tuple[tuple[str, str], int]]
    reliability: list[tuple[float, float, int, int]]
    """(low, high, true causes, causes) per score bin, over the top-3 of every run."""
    seconds: float
    silent: int
    verdicts: dict[str, dict[str, int]]
    """'healthy runs' / 'fault runs' -> count of each verdict."""


def figures(outcomes: Sequence[Outcome]) -> Figures:
    """The benchmark's figures over `outcomes` (silent fault runs left out, and counted)."""
    scored = [o for o in outcomes if not o.silent]
    faulty = [o for o in scored if o.cause is not None]
    healthy = [o for o in scored if o.cause is None]
    per_cause: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    confusions: Counter[tuple[str, str]] = Counter()
    for o in faulty:
        row = per_cause[o.cause]
        row[0] += o.hit(1)
        row[1] += o.hit(3)
        row[2] += 1
        if not o.hit(1):
            confusions[(o.cause, o.ranked[0] if o.ranked else "(nothing)")] += 1
    likely_labels = [(o.cause == c) for o in scored for c in o.likely]
    bins = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = [(o.cause == c) for o in scored for c, s in zip(o.ranked[:3], o.scores[:3], strict=True) if low <= s < high]
        bins.append((low, min(high, 1.0), sum(inside), len(inside)))
    return Figures(
        top1=_share(o.hit(1) for o in faulty),
        top3=_share(o.hit(3) for o in faulty),
        healthy_with_likely=_share(bool(o.likely) for o in healthy),
        likely_true=_share(likely_labels),
        per_cause={c: tuple(v) for c, v in sorted(per_cause.items())},
        confusions=confusions.most_common(12),
        reliability=bins,
        seconds=sum(o.seconds for o in scored) / len(scored) if scored else 0.0,
        silent=len(outcomes) - len(scored),
        verdicts={"healthy runs": dict(Counter(o.verdict or "-" for o in healthy)), "fault runs": dict(Counter(o.verdict or "-" for o in faulty))},
    )


def table(title: str, f: Figures) -> str:
    """The figures as the text kept in benchmarks/results/."""
    lines = [
        f"## {title}",
        f"faulty runs: top-1 {_pct(*f.top1)}  top-3 {_pct(*f.top3)}",
        f"healthy runs with a likely cause: {_pct(*f.healthy_with_likely)}",
        f"likely labels that are true: {_pct(*f.likely_true)}",
        f"silent fault runs (train like their twin, not scored): {f.silent}",
        f"seconds per run (probe, one process each): {f.seconds:.1f}",
        *(f"verdicts on {kind}: " + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())) for kind, counts in f.verdicts.items()),
        "",
        f"{'cause':24s} {'top-1':>12s} {'top-3':>12s}",
    ]
    for cause, (h1, h3, n) in f.per_cause.items():
        lines.append(f"{cause:24s} {_pct(h1, n):>12s} {_pct(h3, n):>12s}")
    lines += ["", "most frequent confusions (true -> ranked first):"]
    lines += [f"  {true} -> {top}: {n}" for (true, top), n in f.confusions]
    lines += ["", "reliability (top-3 causes of every run): score bin, share that is the true cause"]
    lines += [f"  [{low:.2f}, {high:.2f})  {_pct(t, n):>14s}" for low, high, t, n in f.reliability]
    return "\n".join(lines)
