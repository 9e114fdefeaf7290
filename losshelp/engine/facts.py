"""Facts in: check stated facts against the symptom vocabulary and compute the derived numbers.

`validate_facts` is what every front end (answer files, `--set`, probes, the terminal app) calls
before the engine, so a wrong fact or value fails in one line that lists the valid ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from losshelp.engine.result import FactValue
from losshelp.errors import InputError
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Symptom

UNKNOWN = "unknown"


class FactError(InputError, ValueError):
    """A stated fact that the knowledge base does not know, or a value it does not accept; one line."""


def _parse_number(symptom: Symptom, raw: object) -> float:
    """A number, or one of the symptom's band names (the number it stands for), as the wizard offers them."""
    fact = symptom.id
    takes = f"a number or one of {', '.join(symptom.bands)}" if symptom.bands else "a number"
    if isinstance(raw, bool):
        raise FactError(f"'{fact}' takes {takes}, got {str(raw).lower()!r}")
    if isinstance(raw, str) and raw.strip().lower() in symptom.bands:
        return option_value(symptom, raw.strip().lower())  # type: ignore[return-value]
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FactError(f"'{fact}' takes {takes}, got {raw!r}") from None
    if not math.isfinite(value):
        raise FactError(f"'{fact}' takes a finite number, got {raw!r}")
    return value


def _parse_word(fact: str, raw: object, allowed: list[str]) -> str:
    # YAML reads yes/no as booleans; accept them as the words they were meant to be.
    word = ("yes" if raw else "no") if isinstance(raw, bool) else str(raw).strip().lower()
    if word not in allowed:
        raise FactError(f"'{fact}' takes one of {', '.join(allowed)} (or unknown), got {raw!r}")
    return word


def parse_pairs(items: Iterable[str]) -> dict[str, str]:
    """`FACT=VALUE` strings (as given to `--set`) as a mapping; FactError on an item without `=`."""
    out = {}
    for item in items:
        fact, sep, value = item.partition("=")
        if not sep or not fact.strip():
            raise FactError(f"expected FACT=VALUE, got {item!r}")
        out[fact.strip()] = value.strip()
    return out


def symptom_for(kb: KnowledgeBase, fact: str) -> Symptom:
    """The symptom called `fact`; FactError listing the known facts when there is none."""
    symptom = kb.symptoms.get(fact)
    if symptom is None:
        raise FactError(f"unknown fact '{fact}'; known facts: {', '.join(kb.symptoms)}")
    return symptom


def validate_facts(raw: Mapping[str, object] | Iterable[str], kb: KnowledgeBase) -> dict[str, FactValue]:
    """Parse `raw` (a mapping, or `FACT=VALUE` strings; strings such as "0.1" for number facts) into
    typed facts; "unknown" values are dropped.

    Raises FactError naming the bad fact or value and listing the valid ones.
    """
    facts: dict[str, FactValue] = {}
    pairs = raw if isinstance(raw, Mapping) else parse_pairs(raw)
    for fact, value in pairs.items():
        symptom = symptom_for(kb, str(fact))
        if value is None or (isinstance(value, str) and value.strip().lower() == UNKNOWN):
            continue
        if symptom.kind == "number":
            facts[symptom.id] = _parse_number(symptom, value)
        else:
            facts[symptom.id] = _parse_word(symptom.id, value, symptom.answers)
    return facts


def option_value(symptom: Symptom, option: str) -> FactValue:
    """The fact value that picking `option` states: a band's number, or the option itself."""
    return float(symptom.bands[option]) if option in symptom.bands else option


def _apply(op: str, args: list[float]) -> float | None:
    """One computed number, or None where it is undefined (ln of 1 class or less, division by 0)."""
    if op == "ln":
        return math.log(args[0]) if args[0] > 1 else None
    return args[0] / args[1] if args[1] != 0 else None


def computed_numbers(facts: Mapping[str, FactValue], kb: KnowledgeBase) -> dict[str, float]:
    """The KB's computed numbers (e.g. chance-level loss ln C) whose inputs are all known, in KB order."""
    known: dict[str, float] = {k: v for k, v in facts.items() if isinstance(v, float)}
    out: dict[str, float] = {}
    for item in kb.computed.values():
        if all(arg in known for arg in item.args):
            value = _apply(item.op, [known[a] for a in item.args])
            if value is not None:
                known[item.id] = out[item.id] = value
    return out
