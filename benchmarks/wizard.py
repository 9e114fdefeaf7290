"""Simulated users of the diagnosis wizard: how many questions until the true cause is found.

For each cause of the KB, users answer as the knowledge base describes that cause (its profile:
for each question, the answer that the rules supporting the cause name most strongly (a band of a
number is named when its number passes the rule's tests), or, where they name none, the quiet
answer that raises no other cause), except that each answer is "unknown" with 10 % chance and a
wrong value with 10 %. The wizard (information gain) is compared with a fixed-order questionnaire
(the KB's symptom order). Prints per cause and overall the median and p90 number of questions
until the true cause is in the top 3 and first, the share within 5 questions, and the final accuracy.

    python -m benchmarks.wizard [--users N] [--max-questions N] [--seed S]   (from the repository root)
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from losshelp.engine import answers
from losshelp.engine.facts import option_value
from losshelp.engine.questions import askable, next_question
from losshelp.engine.reasoner import Engine
from losshelp.engine.result import FactValue
from losshelp.kb import default_kb

UNKNOWN_RATE = 0.1
WRONG_RATE = 0.1
TARGET_QUESTIONS = 5


def profile(engine: Engine, cause: str) -> dict[str, str]:
    """The answers of a user whose loss fails because of `cause`, as the KB's rules describe it:
    the answer the cause's supporting rules name most strongly, else the quiet answer (the answer
    model's own reading of the KB, `losshelp.engine.answers`, with its noise left to the simulation)."""
    support = answers.support(engine.kb, cause)
    out: dict[str, str] = {}
    for symptom in askable(engine, {}, set()):
        named = {v: w for v, w in support.get(symptom.id, {}).items() if v in symptom.options}
        out[symptom.id] = max(named, key=named.get) if named else answers.quiet_answer(engine, symptom, cause)
    return out


@dataclass
class Outcome:
    """One simulated user: questions until top-3 and top-1 (None if never), and the final top-1."""

    to_top3: int | None
    to_top1: int | None
    final_top1: bool


Picker = Callable[[Engine, dict[str, FactValue], set[str]], str | None]


def wizard_picker(engine: Engine, facts: dict[str, FactValue], skipped: set[str]) -> str | None:
    return next_question(engine, facts, skipped)


def fixed_order_picker(engine: Engine, facts: dict[str, FactValue], skipped: set[str]) -> str | None:
    remaining = askable(engine, facts, skipped)
    return remaining[0].id if remaining else None


def simulate(engine: Engine, cause: str, given: dict[str, str], pick: Picker, rng: random.Random, max_questions: int) -> Outcome:
    facts: dict[str, FactValue] = {}
    skipped: set[str] = set()
    to_top3 = to_top1 = None
    ranking: list[str] = []
    for asked in range(1, max_questions + 1):
        fact = pick(engine, facts, skipped)
        if fact is None:
            break
        symptom = engine.kb.symptoms[fact]
        roll = rng.random()
        if roll < UNKNOWN_RATE:
            skipped.add(fact)
        elif roll < UNKNOWN_RATE + WRONG_RATE:
            facts[fact] = option_value(symptom, rng.choice([v for v in symptom.options if v != given[fact]]))
        else:
            facts[fact] = option_value(symptom, given[fact])
        scores = engine.scores(facts)
        ranking = engine.ranking(facts)
        if to_top3 is None and cause in ranking[:3] and scores.get(cause, 0.0) > 0:
            to_top3 = asked
        if to_top1 is None and ranking[0] == cause and scores.get(cause, 0.0) > 0:
            to_top1 = asked
    return Outcome(to_top3, to_top1, bool(ranking) and ranking[0] == cause)


def _stats(values: list[int | None], cap: int) -> tuple[float, float]:
    filled = sorted(v if v is not None else cap + 1 for v in values)
    p90 = filled[min(len(filled) - 1, int(0.9 * len(filled)))]
    return statistics.median(filled), p90


def _fmt(x: float, cap: int) -> str:
    return f">{cap}" if x > cap else f"{x:g}"


def run(users: int, max_questions: int, seed: int) -> None:
    engine = Engine(default_kb(), "python")
    profiles = {cause: profile(engine, cause) for cause in engine.kb.causes}
    results: dict[str, dict[str, list[Outcome]]] = {"wizard": {}, "fixed order": {}}
    for name, pick in (("wizard", wizard_picker), ("fixed order", fixed_order_picker)):
        rng = random.Random(seed)
        for cause, given in profiles.items():
            results[name][cause] = [simulate(engine, cause, given, pick, rng, max_questions) for _ in range(users)]
    header = f"{'cause':24} | {'wizard top3 med/p90':>19} {'top1 med/p90':>12} {'acc':>5} | {'fixed top3 med/p90':>18} {'top1 med/p90':>12} {'acc':>5}"
    print(header)
    print("-" * len(header))
    for cause in profiles:
        cells = []
        for name in results:
            outcomes = results[name][cause]
            t3 = _stats([o.to_top3 for o in outcomes], max_questions)
            t1 = _stats([o.to_top1 for o in outcomes], max_questions)
            acc = sum(o.final_top1 for o in outcomes) / len(outcomes)
            cells.append(f"{_fmt(t3[0], max_questions):>9}/{_fmt(t3[1], max_questions):<9} {_fmt(t1[0], max_questions):>5}/{_fmt(t1[1], max_questions):<6} {acc:5.0%}")
        print(f"{cause:24} | {cells[0]} | {cells[1]}")
    print()
    for name in results:
        everyone = [o for outcomes in results[name].values() for o in outcomes]
        t3 = _stats([o.to_top3 for o in everyone], max_questions)
        t1 = _stats([o.to_top1 for o in everyone], max_questions)
        within = sum(o.to_top3 is not None and o.to_top3 <= TARGET_QUESTIONS for o in everyone) / len(everyone)
        acc = sum(o.final_top1 for o in everyone) / len(everyone)
        print(
            f"{name:12} overall: top-3 median {_fmt(t3[0], max_questions)}, p90 {_fmt(t3[1], max_questions)}; "
            f"top-1 median {_fmt(t1[0], max_questions)}, p90 {_fmt(t1[1], max_questions)}; "
            f"top-3 within {TARGET_QUESTIONS} questions: {within:.0%}; final top-1 accuracy {acc:.0%} ({len(everyone)} users)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users per cause (default: %(default)s)")
    parser.add_argument("--max-questions", type=int, default=15, help="questions before giving up (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    run(args.users, args.max_questions, args.seed)


if __name__ == "__main__":
    main()
