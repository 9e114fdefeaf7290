"""Simulated users of the diagnosis wizard: how many questions until the true cause is found.

For each cause of the KB, users answer as the knowledge base describes that cause (its profile:
for each question, the answer that the rules supporting the cause name most strongly (a band of a
number is named when its number passes the rule's tests), or, where they name none, the quiet
answer that raises no other cause), except that each answer is "unknown" with 10 % chance and a
wrong value with 10 %. The wizard (information gain) is compared with a fixed-order questionnaire
(the KB's symptom order) and with a greedy oracle that knows the true cause (not the slips) and asks
the question whose answer ranks it best: a reference for what knowing the cause is worth (not a
strict bound: an oracle that plans two questions ahead does better). Prints per cause and overall the median and p90 number of questions until
the true cause is in the top 3 and first, the share within 5 questions, the final accuracy, and how
the wizard's misses split by the users' slips (an unknown or wrong answer).

"any follow-up" is the wizard as it was before follow-ups had to concern a leading cause, "no
follow-up" as it was before follow-ups came first (the comparisons of benchmarks/results/wizard.txt),
on the same users.

    python -m benchmarks.wizard [--users N] [--max-questions N] [--seed S] [--pickers wizard,oracle]
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from losshelp.engine import answers
from losshelp.engine.facts import option_value
from losshelp.engine.questions import askable, next_question, shown
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb import default_kb

UNKNOWN_RATE = 0.1
WRONG_RATE = 0.1
TARGET_QUESTIONS = 5


def profile(engine: Engine, cause: str) -> dict[str, str]:
    """The answers of a user whose loss fails because of `cause`, as the KB's rules describe it: for
    each question, the answer most likely under the answer model (`losshelp.engine.answers`: the one
    the cause's rules name most strongly, else the quiet answer), its noise left to the simulation."""
    model = answers.answer_model(engine)
    return {fact: max(table[cause], key=table[cause].get) for fact, table in model.questions.items()}


@dataclass
class Outcome:
    """One simulated user: questions until top-3 and top-1 (None if never), the final top-1, and
    the numbers (from 1) of the questions the user slipped on (answered unknown or wrongly)."""

    to_top3: int | None
    to_top1: int | None
    final_top1: bool
    slips: tuple[int, ...] = ()

    @property
    def within_target(self) -> bool:
        return self.to_top3 is not None and self.to_top3 <= TARGET_QUESTIONS


Picker = Callable[[Engine, dict[str, FactValue], set[str]], str | None]
PickerFor = Callable[[str, dict[str, str]], Picker]
"""A picker for the users of one cause, given the cause and its profile (only the oracle looks)."""


def fixed_order_picker(engine: Engine, facts: dict[str, FactValue], skipped: set[str]) -> str | None:
    remaining = askable(engine, facts, skipped)
    return remaining[0].id if remaining else None


def oracle_picker(cause: str, given: dict[str, str]) -> Picker:
    """Asks the question whose profile answer puts `cause` highest in the diagnosis's ranking."""

    def pick(engine: Engine, facts: dict[str, FactValue], skipped: set[str]) -> str | None:
        def place(symptom) -> tuple[int, float]:
            after = {**facts, symptom.id: option_value(symptom, given[symptom.id])}
            return engine.ranking(after).index(cause), -engine.scores(after).get(cause, 0.0)

        remaining = askable(engine, facts, skipped)
        return min(remaining, key=place).id if remaining else None

    return pick


PICKERS: dict[str, PickerFor] = {
    "wizard": lambda cause, given: next_question,
    "any follow-up": lambda cause, given: partial(next_question, follow="any"),
    "no follow-up": lambda cause, given: partial(next_question, follow="none"),
    "fixed order": lambda cause, given: fixed_order_picker,
    "oracle": oracle_picker,
}


def simulate(engine: Engine, cause: str, given: dict[str, str], pick: Picker, rng: random.Random, max_questions: int) -> Outcome:
    facts: dict[str, FactValue] = {}
    skipped: set[str] = set()
    to_top3 = to_top1 = None
    ranking: list[str] = []
    slips: list[int] = []
    for asked in range(1, max_questions + 1):
        fact = pick(engine, facts, skipped)
        if fact is None:
            break
        symptom = engine.kb.symptoms[fact]
        roll = rng.random()
        if roll < UNKNOWN_RATE + WRONG_RATE:
            slips.append(asked)
        if roll < UNKNOWN_RATE:
            skipped.add(fact)
        elif roll < UNKNOWN_RATE + WRONG_RATE:
            facts[fact] = option_value(symptom, rng.choice([v for v in symptom.options if v != given[fact]]))
        else:
            facts[fact] = option_value(symptom, given[fact])
        ranking = engine.ranking(facts)
        if to_top3 is None and cause in shown(engine, facts):
            to_top3 = asked
        if to_top1 is None and ranking[0] == cause and engine.scores(facts).get(cause, 0.0) > 0:
            to_top1 = asked
    return Outcome(to_top3, to_top1, bool(ranking) and ranking[0] == cause, tuple(slips))


def _stats(values: list[int | None], cap: int) -> tuple[float, float]:
    filled = sorted(v if v is not None else cap + 1 for v in values)
    p90 = filled[min(len(filled) - 1, int(0.9 * len(filled)))]
    return statistics.median(filled), p90


def _fmt(x: float, cap: int) -> str:
    return f">{cap}" if x > cap else f"{x:g}"


def _misses(outcomes: list[Outcome]) -> str:
    """How the users not found within the target split by their slips in those first questions."""
    missed = [o for o in outcomes if not o.within_target]
    clean = sum(not any(q <= TARGET_QUESTIONS for q in o.slips) for o in missed)
    first = [o for o in outcomes if 1 in o.slips]
    first_missed = sum(not o.within_target for o in first)
    return (
        f"{len(missed)} of {len(outcomes)} users not in the top 3 within {TARGET_QUESTIONS} questions; "
        f"{clean} of them answered those questions without a slip; {len(first)} slipped on the first "
        f"question, {first_missed} of whom were missed"
    )


def run(users: int, max_questions: int, seed: int, pickers: list[str]) -> None:
    engine = Engine(default_kb(), "python")
    profiles = {cause: profile(engine, cause) for cause in engine.kb.causes}
    results: dict[str, dict[str, list[Outcome]]] = {name: {} for name in pickers}
    for name in pickers:
        picker_for = PICKERS[name]
        rng = random.Random(seed)  # every picker meets the same users: the same profiles and the same rolls
        for cause, given in profiles.items():
            pick = picker_for(cause, given)
            results[name][cause] = [simulate(engine, cause, given, pick, rng, max_questions) for _ in range(users)]
    header = (
        f"{'cause':24} | {'wizard top3 med/p90':>19} {'top1 med/p90':>12} {'acc':>5} | "
        f"{'fixed top3 med/p90':>18} {'top1 med/p90':>12} {'acc':>5} | oracle <={TARGET_QUESTIONS}"
    )
    print(header)
    print("-" * len(header))
    for cause in profiles:
        cells = []
        for name in ("wizard", "fixed order"):
            outcomes = results.get(name, {}).get(cause)
            if not outcomes:
                cells.append(f"{'-':>19} {'-':>12} {'-':>5}")
                continue
            t3 = _stats([o.to_top3 for o in outcomes], max_questions)
            t1 = _stats([o.to_top1 for o in outcomes], max_questions)
            acc = sum(o.final_top1 for o in outcomes) / len(outcomes)
            cells.append(f"{_fmt(t3[0], max_questions):>9}/{_fmt(t3[1], max_questions):<9} "
                         f"{_fmt(t1[0], max_questions):>5}/{_fmt(t1[1], max_questions):<6} {acc:5.0%}")
        oracle = sum(o.within_target for o in results["oracle"][cause]) / users if "oracle" in results else float("nan")
        print(f"{cause:24} | {cells[0]} | {cells[1]} | {oracle:8.0%}")
    print()
    for name in results:
        everyone = [o for outcomes in results[name].values() for o in outcomes]
        t3 = _stats([o.to_top3 for o in everyone], max_questions)
        t1 = _stats([o.to_top1 for o in everyone], max_questions)
        within = sum(o.within_target for o in everyone) / len(everyone)
        acc = sum(o.final_top1 for o in everyone) / len(everyone)
        print(
            f"{name:12} overall: top-3 median {_fmt(t3[0], max_questions)}, p90 {_fmt(t3[1], max_questions)}; "
            f"top-1 median {_fmt(t1[0], max_questions)}, p90 {_fmt(t1[1], max_questions)}; "
            f"top-3 within {TARGET_QUESTIONS} questions: {within:.0%}; final top-1 accuracy {acc:.0%} ({len(everyone)} users)"
        )
    print()
    if "wizard" in results:
        print("wizard misses: " + _misses([o for outcomes in results["wizard"].values() for o in outcomes]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users per cause (default: %(default)s)")
    parser.add_argument("--max-questions", type=int, default=15, help="questions before giving up (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pickers", default=",".join(PICKERS), help="which to compare, comma-separated (default: %(default)s)")
    args = parser.parse_args()
    pickers = [p.strip() for p in args.pickers.split(",") if p.strip()]
    unknown = sorted(set(pickers) - set(PICKERS))
    if unknown or not pickers:
        parser.error(f"unknown picker(s) {', '.join(unknown)}; choose from {', '.join(PICKERS)}")
    run(args.users, args.max_questions, args.seed, pickers)


if __name__ == "__main__":
    main()
