"""What the user's own loop did to the weights, from the checkpoint against a fresh build of their model
(`--model`'s factory) and the saved optimizer state: tensors that never moved, trainable tensors the
optimizer never held or never stepped, weights grown far past their initial scale. Tensors in, numbers
out; tensor methods only."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from losshelp.probe.checkpoint.thresholds import WEIGHT_GROWTH


@dataclass(frozen=True)
class Pair:
    """One parameter: its name, the fresh build's tensor, the checkpoint's, whether it requires a gradient."""

    name: str
    initial: Any
    trained: Any
    trainable: bool


def pairs(named_parameters: list[tuple[str, Any]], tensors: Mapping[str, Any]) -> list[Pair]:
    """The fresh model's parameters matched by name and shape with the checkpoint's tensors."""
    out = []
    for name, p in named_parameters:
        t = tensors.get(name)
        if t is not None and tuple(t.shape) == tuple(p.shape):
            out.append(Pair(name, p.detach().cpu(), t.detach().cpu(), bool(p.requires_grad)))
    return out


def never_moved(matched: list[Pair]) -> list[str]:
    """Trainable tensors equal, element for element, to the fresh build: their training changed nothing.
    (A factory that seeds itself gives the very same init; otherwise only constant inits can match.)"""
    return [p.name for p in matched if p.trainable and p.trained.numel() > 0 and bool(p.trained.to(p.initial.dtype).eq(p.initial).all())]


def growth(matched: list[Pair]) -> list[tuple[str, float]]:
    """RMS(trained) / RMS(fresh) of each weight matrix or kernel, largest first."""
    ratios = []
    for p in matched:
        if p.initial.dim() >= 2 and p.initial.is_floating_point():
            start = float(p.initial.double().pow(2).mean().sqrt())
            if start > 0:
                ratios.append((p.name, float(p.trained.double().pow(2).mean().sqrt()) / start))
    return sorted(ratios, key=lambda nr: nr[1], reverse=True)


def median_growth(ratios: list[tuple[str, float]]) -> float | None:
    return statistics.median(r for _, r in ratios) if ratios else None


def grown(ratios: list[tuple[str, float]]) -> bool:
    """The median weight tensor's RMS at WEIGHT_GROWTH times its fresh value or more."""
    median = median_growth(ratios)
    return median is not None and median >= WEIGHT_GROWTH


@dataclass(frozen=True)
class Coverage:
    """How the saved optimizer covers the model: tensors it was given, tensors with per-parameter state."""

    given: int
    with_state: int
    trainable: int
    frozen: int


def coverage(optimizer: Mapping[str, Any], trainable: int, frozen: int) -> Coverage:
    """Counts from `optimizer.state_dict()`: the params listed in its param_groups and those with state."""
    return Coverage(len(given_ids(optimizer)), len(stepped_ids(optimizer)), trainable, frozen)


def given_ids(optimizer: Mapping[str, Any]) -> list[Any]:
    """The parameter ids of the param_groups, in order: position i is the i-th tensor the optimizer was given."""
    groups = [g for g in optimizer.get("param_groups") or [] if isinstance(g, Mapping)]
    return [i for g in groups for i in g.get("params") or ()]


def stepped_ids(optimizer: Mapping[str, Any]) -> set[Any]:
    """Ids with per-parameter state: the tensors a stateful optimizer has stepped at least once."""
    state = optimizer.get("state") or {}
    return {i for i, entry in state.items() if isinstance(entry, Mapping) and entry}


def held_names(optimizer: Mapping[str, Any], names: list[str]) -> dict[str, bool] | None:
    """For an optimizer built over all the model's parameters in order (`names`), each name and whether it
    has state; None when the optimizer holds another number of tensors (a subset: no safe mapping)."""
    ids = given_ids(optimizer)
    if len(ids) != len(names):
        return None
    stepped = stepped_ids(optimizer)
    return {name: i in stepped for name, i in zip(names, ids, strict=True)}
