"""The probe registry: probes register themselves by decorator; the CLI selects with --only/--skip.

Probe modules are imported only when the registry is first read, so `losshelp --help` stays light.
A new module of probes is named in `BUILTIN_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence

from losshelp.probe.base import Need, Probe, ProbeFn

# Modules whose import registers probes, in the order their probes should run and be shown.
BUILTIN_MODULES: tuple[str, ...] = (
    "losshelp.probe.checkpoint.probes",
    "losshelp.probe.logs.probes",
    "losshelp.probe.model.setup_probes",
    "losshelp.probe.model.signal_probes",
    "losshelp.probe.model.experiment_probes",
)

_REGISTRY: dict[str, Probe] = {}


def register(
    name: str, needs: Iterable[Need], facts: Sequence[str], precedence: int = 0
):
    """Decorator: register `fn(inputs) -> list[Finding]` as the probe `name`."""

    def wrap(fn: ProbeFn) -> ProbeFn:
        if name in _REGISTRY and _REGISTRY[name].run is not fn:
            raise ValueError(f"probe {name!r} is registered twice")
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        _REGISTRY[name] = Probe(name, frozenset(needs), tuple(facts), fn, doc, precedence)
        return fn

    return wrap


def all_probes() -> list[Probe]:
    """Every registered probe, importing the built-in probe modules on first use."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    return list(_REGISTRY.values())


def select(only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Probe]:
    """The probes to run: all, or those named in `only`, minus those in `skip`.

    Raises ValueError (one line, listing the known names) for a name that is not a probe.
    """
    probes = all_probes()
    known = {p.name for p in probes}
    unknown = sorted((set(only) | set(skip)) - known)
    if unknown:
        raise ValueError(f"unknown probe(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [p for p in probes if (not only or p.name in only) and p.name not in skip]
