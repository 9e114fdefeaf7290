"""The benchmark's plan: splits fixed by seed, the held-out family, scale, twins, the CI subset."""

from __future__ import annotations

from collections import Counter

from benchmarks.faultgen.faults import CAUSES, NOT_SHOWABLE
from benchmarks.faultgen.plan import HELD_OUT, plan, subset
from benchmarks.faultgen.run import interleaved


def test_splits_are_fixed_by_seed_and_disjoint():
    dev, test = plan("dev"), plan("test")
    assert [r.to_json() for r in dev] == [r.to_json() for r in plan("dev")]
    assert not {r.id for r in dev} & {r.id for r in test}
    assert {r.config["seed"] for r in dev if r.cause is None}.isdisjoint({r.config["seed"] for r in test if r.cause is None})


def test_the_held_out_family_is_only_in_test():
    assert HELD_OUT not in {r.config["family"] for r in plan("dev")}
    assert sum(r.config["family"] == HELD_OUT for r in plan("test")) >= 20


def test_scale_meets_the_issue():
    runs = plan("dev") + plan("test")
    per_cause = Counter(r.cause for r in runs)
    assert len(runs) >= 600 and per_cause[None] >= 150
    assert all(per_cause[c] >= 20 for c in CAUSES), per_cause
    assert not set(CAUSES) & set(NOT_SHOWABLE)


def test_every_fault_run_has_a_healthy_twin_of_its_split():
    for split in ("dev", "test"):
        runs = plan(split)
        healthy = {r.id: r for r in runs if r.cause is None}
        for r in runs:
            if r.cause is not None:
                twin = healthy[r.base]
                assert twin.config["seed"] == r.config["seed"] and twin.config["dataset"] == r.config["dataset"]


def test_interleaving_is_a_permutation_whose_prefixes_cover_every_cause():
    runs = plan("dev")
    order = interleaved(runs)
    assert sorted(r.id for r in order) == sorted(r.id for r in runs)
    assert {r.cause for r in order[: len(CAUSES) + 10]} == {None, *CAUSES}


def test_ci_subset_is_about_thirty_dev_runs_over_every_cause():
    runs = subset("ci")
    assert 25 <= len(runs) <= 35 and all(r.split == "dev" for r in runs)
    assert {r.cause for r in runs} == {None, *CAUSES}
