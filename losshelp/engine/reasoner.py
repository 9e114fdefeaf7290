"""The engine: facts in, ranked causes with why-chains, fixes and notices out, on either backend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from losshelp.engine.backend import make_backend
from losshelp.engine.evidence import Certainty, EvidenceTable, level
from losshelp.engine.facts import computed_numbers
from losshelp.engine.firing import Firing
from losshelp.engine.result import Diagnosis, FactValue, Notice, RankedCause, Reason
from losshelp.kb.loader import KnowledgeBase

CONTRADICTION = "contradiction"
"""Rules that conclude this intermediate fact report answers that cannot all be true."""


@dataclass(frozen=True)
class Run:
    """One pass of the rules over a fact set: what fired, on which facts."""

    facts: dict[str, FactValue]
    computed: dict[str, float]
    firings: list[Firing]


class Engine:
    """Rules compiled once from the KB; `run`, `scores` and `diagnose` are then cheap and independent."""

    def __init__(self, kb: KnowledgeBase, backend: str | None = None, measured: bool = False) -> None:
        """`measured`: the facts come from probes, so the weights measured on the dev split apply."""
        self.kb = kb
        self.backend = make_backend(kb, backend)
        self._order = {cause: i for i, cause in enumerate(kb.causes)}
        self.evidence = EvidenceTable.of(kb.evidence, kb.rules.values(), measured)
        # One cache per engine (a cache on the method would be shared by every engine and keep each alive).
        self._certainties = lru_cache(maxsize=8192)(self._certainties_of)

    def run(self, facts: Mapping[str, FactValue]) -> Run:
        # Whole numbers as floats, as `validate_facts` gives them: both backends then compare alike.
        facts = {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in facts.items()}
        computed = computed_numbers(facts, self.kb)
        return Run(dict(facts), computed, self.backend.fire({**facts, **computed}))

    def certainties(self, run: Run) -> dict[str, Certainty]:
        """Combined certainty per cause that some rule spoke about (measured weights, groups and
        priors from the KB's evidence file; the hand-set weights where it has none)."""
        weights: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for firing in run.firings:
            for conclusion in self.kb.rules[firing.rule].then:
                if conclusion.cause is not None:
                    weight = self.evidence.weight(firing.rule, conclusion.cause, conclusion.weight or 0.0)
                    weights[conclusion.cause].append((firing.rule, weight))
        return {cause: self.evidence.certainty(cause, ws) for cause, ws in weights.items()}

    def scores(self, facts: Mapping[str, FactValue]) -> dict[str, float]:
        """Score per cause with evidence; causes without evidence are absent (score 0)."""
        return {cause: c.score for cause, c in self._certainties(frozenset(facts.items()))}

    def ranking(self, facts: Mapping[str, FactValue]) -> list[str]:
        """Every cause of the KB in the order a diagnosis lists them: score, then strength of
        support, then KB order (causes without evidence score 0). The wizard's picker and its
        benchmark rank by this too, so what they count as shown is what the user sees."""
        known = dict(self._certainties(frozenset(facts.items())))
        return sorted(self.kb.causes, key=lambda c: self._rank_key(c, known.get(c)))

    def _rank_key(self, cause: str, certainty: Certainty | None) -> tuple[float, float, int]:
        score, support = (certainty.score, certainty.support) if certainty else (0.0, 0.0)
        return (-score, -support, self._order.get(cause, len(self._order)))

    def _certainties_of(self, facts: frozenset[tuple[str, FactValue]]) -> tuple[tuple[str, Certainty], ...]:
        """Memoised: the question picker asks the same what-ifs again and again."""
        return tuple(self.certainties(self.run(dict(facts))).items())

    def diagnose(self, facts: Mapping[str, FactValue]) -> Diagnosis:
        """Ranked causes (score, then strength of support, then KB order), reasons, fixes, notices."""
        run = self.run(facts)
        certainties = self.certainties(run)
        reasons = _reasons(self.kb, run.firings, self.evidence)
        ranked = sorted(certainties, key=lambda c: self._rank_key(c, certainties[c]))
        causes = tuple(
            RankedCause(
                id=cause,
                score=certainties[cause].score,
                level=level(round(certainties[cause].score, 9)),
                because=tuple(sorted(reasons.get(cause, ()), key=lambda r: -abs(r.weight))),
                fixes=tuple(self.kb.causes[cause].fixes) if cause in self.kb.causes else (),
            )
            for cause in ranked
        )
        return Diagnosis(
            facts=run.facts,
            causes=causes,
            derived=_derived(self.kb, run.firings),
            notices=_notices(self.kb, run.firings, certainties),
            computed=run.computed,
        )


def _derived(kb: KnowledgeBase, firings: list[Firing]) -> dict[str, str]:
    values: dict[str, set[str]] = defaultdict(set)
    for firing in firings:
        for conclusion in kb.rules[firing.rule].then:
            if conclusion.fact is not None:
                values[conclusion.fact].add(str(conclusion.value))
    return {fact: ", ".join(sorted(vs)) for fact, vs in values.items()}


def _reasons(kb: KnowledgeBase, firings: list[Firing], evidence: EvidenceTable) -> dict[str, list[Reason]]:
    """Per cause, the rules that weighed on it with the weight the score used (measured or hand-set),
    each with the chain that derived its inputs."""
    producers: dict[tuple[str, str], list[Firing]] = defaultdict(list)
    for firing in firings:
        for conclusion in kb.rules[firing.rule].then:
            if conclusion.fact is not None:
                producers[(conclusion.fact, str(conclusion.value))].append(firing)

    def chain(firing: Firing, seen: frozenset[str]) -> tuple[Reason, ...]:
        out = []
        for fact, value in firing.bindings:
            for producer in producers.get((fact, str(value)), []):
                if producer.rule not in seen:
                    out.append(reason(producer, 0.0, seen | {producer.rule}))
        return tuple(out)

    def reason(firing: Firing, weight: float, seen: frozenset[str]) -> Reason:
        return Reason(firing.rule, dict(firing.bindings), weight, chain(firing, seen))

    out: dict[str, list[Reason]] = defaultdict(list)
    for firing in firings:
        for conclusion in kb.rules[firing.rule].then:
            if conclusion.cause is not None:
                weight = evidence.weight(firing.rule, conclusion.cause, conclusion.weight or 0.0)
                out[conclusion.cause].append(reason(firing, weight, frozenset({firing.rule})))
    return out


def _notices(kb: KnowledgeBase, firings: list[Firing], certainties: dict[str, Certainty]) -> tuple[Notice, ...]:
    notices = [Notice(rule=f.rule) for f in firings if any(c.fact == CONTRADICTION for c in kb.rules[f.rule].then)]
    notices += [Notice(cause=cause) for cause, certainty in certainties.items() if certainty.conflicting]
    return tuple(notices)
