"""A small run of the backends' differential fuzz (benchmarks/engine_fuzz.py), batches in child processes."""

from __future__ import annotations

import random
import sys

import pytest

from benchmarks.engine_fuzz import KINDS, Generator, _edges, fuzz
from losshelp.engine import validate_facts
from losshelp.engine.backend import durable_available
from losshelp.engine.conditions import number_key
from losshelp.kb import default_kb

KB = default_kb()


@pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here: nothing to compare")
@pytest.mark.parametrize("seed", [1, 2])
def test_backends_agree_and_live(seed):
    tally = fuzz(n=140, batch=70, seed=seed)
    assert tally.sets == 140 and sum(tally.kinds.values()) == 140
    assert tally.aborts == 0
    assert tally.disagreements == []


def test_an_abort_is_counted_per_set():
    """A child that dies natively is seen by its status; every set of its batch is retried alone."""
    dies = [sys.executable, "-c", "import os; os.abort()"]
    tally = fuzz(n=6, batch=3, seed=0, argv=dies)
    assert tally.aborts == 6 and len(tally.aborted_sets) == 6


@pytest.mark.parametrize("seed", range(5))
def test_generated_sets_are_valid_and_cover_every_kind(seed):
    items = Generator(KB, seed).batch(70)
    assert {kind for kind, _ in items} == set(KINDS)
    for kind, facts in items:
        typed = validate_facts(facts, KB)  # raises on an invalid set
        assert kind != "empty" or facts == {}
        assert kind != "single" or len(facts) == 1
        assert set(typed) <= set(facts)


def test_edges_straddle_the_bound_in_key_units():
    for bound in [0.0, 1e-5, 0.01, 2.3, 4096.0]:
        keys = {number_key(x) - number_key(bound) for x in _edges(bound)}
        assert {-1, 0, 1} <= keys or bound == 0.0
        assert 0 in keys and 1 in keys
    assert all(x >= 0 for x in _edges(random.random() * 1e-12))
