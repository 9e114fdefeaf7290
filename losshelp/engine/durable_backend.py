"""The durable-rules backend: the KB's rules compiled into one Rete ruleset, given as data.

durable-rules 2.0.28 keeps rulesets in a host registry (a name registers once), separates
sessions by each fact's `sid`, swallows exceptions raised in actions, and runs background
dispatch threads without locks (see the project's durable-rules notes). Hence: a host without
those threads (everything runs in the caller's thread), a unique ruleset name per engine, a
fresh sid per diagnosis whose state is deleted afterwards, and actions that catch and record
their own errors, which `fire` raises as EngineError.

Deleting a session's state frees two pointers of its action context, which the C library sets
only when an action runs for that session: a session where no rule fired frees uninitialised
memory and aborts the process (`munmap_chunk(): invalid pointer`). So every session opens with
a fact that a rule of its own matches, and its no-op action leaves the context clean to free.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from durable.engine import Host, MessageNotHandledException, MessageObservedException

from losshelp.engine.conditions import grouped, number_key
from losshelp.engine.firing import EngineError, Firing, canonical
from losshelp.engine.result import FactValue
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Condition, Rule

_names = itertools.count()
_sids = itertools.count()
_host: Host | None = None


class _CallerThreadHost(Host):
    """A host that starts no timer threads: actions run inside `assert_fact`, in the caller's thread."""

    def _run(self) -> None:
        return None


def host() -> Host:
    """The process's one durable-rules host, created on first use."""
    global _host
    if _host is None:
        _host = _CallerThreadHost()
    return _host


def fact_message(fact: str, value: FactValue) -> dict[str, Any]:
    """A fact as durable-rules sees it: words under `v`, numbers under `n` as `number_key` integers."""
    return {"f": fact, "n": number_key(value)} if isinstance(value, float) else {"f": fact, "v": value}


# The opening fact and its rule: names outside the KB's ids (lowercase letters, digits, _).
OPENING_FACT = "$session"
OPENING_RULE = "$open_session"

DURABLE_OPS = {"gt": "$gt", "ge": "$gte", "lt": "$lt", "le": "$lte"}


def _test(condition: Condition) -> dict[str, Any]:
    if condition.in_ is not None:
        return {"$or": [{"v": v} for v in condition.in_]}
    if condition.not_ is not None:
        return {"$neq": {"v": condition.not_}}
    if condition.is_ is not None:
        return {"v": condition.is_} if isinstance(condition.is_, str) else {"n": number_key(condition.is_)}
    comparison = condition.comparison
    assert comparison is not None, "a condition holds exactly one test, and is, in and not are handled above"
    op, bound = comparison
    return {DURABLE_OPS[op]: {"n": number_key(bound)}}


def compile_rule(rule: Rule) -> dict[str, Any]:
    """One rule as a durable-rules definition: one pattern per distinct fact (durable-rules joins
    the patterns of `all` over different facts), all tests on that fact under one `$and`."""
    patterns = [
        {f"c{i}": {"$and": [{"f": fact}, *[_test(c) for c in conditions]]}}
        for i, (fact, conditions) in enumerate(grouped(rule).items())
    ]
    return {"all": patterns}


def _open(c: Any) -> None:
    """The opening rule's action: running at all is its purpose (see the module's docstring)."""


@dataclass
class _Session:
    """What one diagnosis collects while its facts are asserted."""

    facts: Mapping[str, FactValue]
    firings: list[Firing] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class DurableBackend:
    """Forward chaining by durable-rules' Rete network; one ruleset per engine, one sid per `fire`."""

    name = "durable-rules"

    def __init__(self, kb: KnowledgeBase) -> None:
        self._order = {rule_id: i for i, rule_id in enumerate(kb.rules)}
        self._sessions: dict[str, _Session] = {}
        self.ruleset = f"losshelp_rules_{next(_names)}"
        definition = {}
        for rule in kb.rules.values():
            definition[rule.id] = compile_rule(rule)
            definition[rule.id]["run"] = self._action(rule)
        definition[OPENING_RULE] = {"all": [{"c0": {"f": OPENING_FACT}}], "run": _open}
        host().set_rulesets({self.ruleset: definition})

    def _action(self, rule: Rule) -> Callable[[Any], None]:
        derived = [fact_message(c.fact, c.value) for c in rule.then if c.fact is not None and c.value is not None]

        def run(c: Any) -> None:
            session = self._sessions.get(c.s["sid"])
            if session is None:
                return
            try:
                matched = [c._m[f"c{i}"] for i in range(len(c._m))]
                # numbers are never derived: their binding is the stated (or computed) value itself
                binding = tuple(sorted((m["f"], session.facts[m["f"]] if "n" in m else m["v"]) for m in matched))
                session.firings.append(Firing(rule.id, binding))
                for message in derived:
                    try:
                        c.assert_fact(dict(message))
                    except (MessageObservedException, MessageNotHandledException):
                        pass  # already known, or no rule tests it: both fine
            except Exception as exc:  # durable-rules would swallow it; record it instead
                session.errors.append(f"rule {rule.id}: {exc!r}")

        return run

    def fire(self, facts: Mapping[str, FactValue]) -> list[Firing]:
        sid = f"s{next(_sids)}"
        session = self._sessions[sid] = _Session(facts)
        host().assert_fact(self.ruleset, {"sid": sid, "f": OPENING_FACT})  # stores the sid's state
        try:
            for fact, value in facts.items():
                try:
                    host().assert_fact(self.ruleset, {"sid": sid, **fact_message(fact, value)})
                except (MessageObservedException, MessageNotHandledException):
                    pass  # a fact no rule tests is not stored: it can add nothing
        finally:
            del self._sessions[sid]
            host().delete_state(self.ruleset, sid)
        if session.errors:
            raise EngineError(session.errors[0])
        return canonical(session.firings, self._order)
