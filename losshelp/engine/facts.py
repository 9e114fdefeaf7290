"""Facts in: check stated facts against the symptom vocabulary and compute the derived numbers.

`validate_facts` is what every front end (answer files, `--set`, probes, the terminal app) calls
before the engine, so a wrong fact or value fails in one line that lists the valid ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import SupportsFloat, SupportsIndex

from losshelp.engine.result import FactValue
from losshelp.errors import InputError
from losshelp.kb.loader import KnowledgeBase
from losshelp.kb.models import Symptom

UNKNOWN = "unknown"

INF = math.inf
NUMBER_DOMAINS: dict[str, tuple[float, float]] = {
    "lr": (0.0, INF), "weight_decay": (0.0, INF), "dropout": (0.0, 1.0), "batch_size": (1.0, INF),
    "epochs": (0.0, INF), "num_classes": (1.0, INF), "depth": (0.0, INF), "grad_ratio": (0.0, INF),
    "update_ratio": (0.0, INF), "dead_relu_fraction": (0.0, 1.0), "saturated_fraction": (0.0, 1.0),
    "minimum_ratio": (0.0, 1.0),
}
"""What each number can be at all, by its definition (a rate, a count, a fraction), lower and upper
bound inclusive; a number fact not listed takes any finite value (a loss may be negative)."""

NONFINITE_MEANS: dict[str, dict[str, str]] = {"loss_value": {"train_loss": "nan"}}
"""What a measured NaN/inf number says instead of itself: a training loss that is NaN or inf is the
`train_loss=nan` symptom. Other non-finite measurements state nothing."""


class FactError(InputError, ValueError):
    """A stated fact that the knowledge base does not know, or a value it does not accept; one line."""


def shown(raw: object) -> str:
    """A value as a message quotes it; a long integer by its digit count, a long text cut short."""
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) > 10**30:
        return f"an integer of about {int(abs(raw).bit_length() * math.log10(2)) + 1} digits"
    if isinstance(raw, str) and len(raw) > 40:
        return f"{raw[:20]!r}... ({len(raw)} characters)"
    return repr(raw)[:60]


def _within(fact: str) -> str:
    low, high = NUMBER_DOMAINS.get(fact, (-INF, INF))
    if high == INF:
        return f"a finite number >= {low:g}" if low > -INF else "a finite number"
    return f"a number from {low:g} to {high:g}"


def _to_float(raw: object) -> float:
    """`raw` as a float; integers beyond float range become +-inf (ValueError/TypeError for non-numbers)."""
    if isinstance(raw, int):
        try:
            return float(raw)
        except OverflowError:
            return INF if raw > 0 else -INF
    if isinstance(raw, (str, SupportsFloat, SupportsIndex)):
        return float(raw)
    raise TypeError(f"not a number: {type(raw).__name__}")


def check_number(fact: str, value: float) -> str | None:
    """None when `value` is a finite number in `fact`'s domain, else what it should be."""
    low, high = NUMBER_DOMAINS.get(fact, (-INF, INF))
    return None if math.isfinite(value) and low <= value <= high else _within(fact)


def _parse_number(symptom: Symptom, raw: object, source: str) -> float:
    """A number, or one of the symptom's band names (the number it stands for), as the wizard offers them."""
    fact = symptom.id
    takes = f"{_within(fact)} or one of {', '.join(symptom.bands)}" if symptom.bands else _within(fact)
    if isinstance(raw, bool):
        raise FactError(f"'{fact}' takes {takes}, got {str(raw).lower()!r}{source}")
    if isinstance(raw, str) and raw.strip().lower() in symptom.bands:
        return symptom.bands[raw.strip().lower()]
    try:
        value = _to_float(raw)
    except (TypeError, ValueError):
        raise FactError(f"'{fact}' takes {takes}, got {shown(raw)}{source}") from None
    if check_number(fact, value):
        raise FactError(f"'{fact}' takes {takes}, got {shown(raw)}{source}")
    return value


def measured(fact: str, value: FactValue, source: str) -> dict[str, FactValue]:
    """The facts a measured `fact = value` states: itself when in range; what a NaN/inf means
    (`NONFINITE_MEANS`), else nothing; FactError naming `source` for a finite number out of range."""
    if isinstance(value, str) or isinstance(value, bool):
        return {fact: value}
    number = _to_float(value)
    if not math.isfinite(number):
        return dict(NONFINITE_MEANS.get(fact, {}))
    if wanted := check_number(fact, number):
        raise FactError(f"{source} gives {fact} = {number:g}, but '{fact}' takes {wanted}")
    return {fact: number}


def _parse_word(fact: str, raw: object, allowed: list[str], source: str) -> str:
    # YAML reads yes/no as booleans; accept them as the words they were meant to be.
    word = ("yes" if raw else "no") if isinstance(raw, bool) else shown(raw) if isinstance(raw, int) else str(raw).strip().lower()
    if word not in allowed:
        raise FactError(f"'{fact}' takes one of {', '.join(allowed)} (or unknown), got {shown(raw)}{source}")
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


def validate_facts(
    raw: Mapping[str, object] | Iterable[str], kb: KnowledgeBase, source: str | Mapping[str, str] | None = None
) -> dict[str, FactValue]:
    """Parse `raw` (a mapping, or `FACT=VALUE` strings; strings such as "0.1" for number facts) into
    typed facts; "unknown" values are dropped. Numbers must be finite and within their domain
    (`NUMBER_DOMAINS`).

    Raises FactError naming the bad fact or value, where it came from (`source`: one name such as
    "--set", or one per fact), and the valid ones.
    """
    facts: dict[str, FactValue] = {}
    pairs = raw if isinstance(raw, Mapping) else parse_pairs(raw)
    for fact, value in pairs.items():
        symptom = symptom_for(kb, str(fact))
        if value is None or (isinstance(value, str) and value.strip().lower() == UNKNOWN):
            continue
        origin = source.get(str(fact)) if isinstance(source, Mapping) else source
        where = f" (from {origin})" if origin else ""
        if symptom.kind == "number":
            facts[symptom.id] = _parse_number(symptom, value, where)
        else:
            facts[symptom.id] = _parse_word(symptom.id, value, symptom.answers, where)
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
