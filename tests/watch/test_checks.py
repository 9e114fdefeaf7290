"""Every live check fires on its injected bug within 20 iterations of the bug's first effect, and
stays quiet on healthy twins (several models, optimizers, precisions and seeds)."""

from __future__ import annotations

import pytest
from watchloops import BUGS, TWINS, train

from losshelp.watch.checks import ALL_CHECKS

pytestmark = pytest.mark.torch

WITHIN = 20


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_check_fires_on_its_bug(bug: str, tmp_path):
    check, onset = BUGS[bug]
    outcome = train(bug, log_dir=str(tmp_path))
    assert check in outcome.fired, (bug, outcome.fired)
    assert outcome.fired[check] - onset <= WITHIN, (bug, outcome.fired)


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("seed", range(3))
def test_healthy_twin_stays_quiet(twin: str, seed: int, tmp_path):
    outcome = train(None, twin, seed, log_dir=str(tmp_path))
    assert outcome.fired == {}, (twin, seed)


def test_every_check_but_the_distributed_one_has_an_injected_bug():
    injected = {check for check, _ in BUGS.values()}
    assert {c.name for c in ALL_CHECKS} - injected == {"replica_drift"}  # tests/watch/test_distributed.py


def test_bug_fires_at_the_right_layer(tmp_path):
    outcome = train("param_not_in_optimizer", log_dir=str(tmp_path))
    alert = next(a for a in outcome.watcher.alerts if a.check == "param_not_optimized")
    assert alert.where == "head.weight"
    outcome = train("detached_body", log_dir=str(tmp_path / "b"))
    alert = next(a for a in outcome.watcher.alerts if a.check == "param_never_grad")
    assert alert.where.startswith("body.")


def test_first_nan_is_reported_at_its_step(tmp_path):
    outcome = train("nan_input", log_dir=str(tmp_path))
    by_check = {a.check: a for a in outcome.watcher.alerts}
    assert by_check["nonfinite_loss"].measured.endswith(f"step {BUGS['nan_input'][1]}")
    assert by_check["nonfinite_grad"].step == BUGS["nan_input"][1]


@pytest.mark.parametrize("every", [1, 3, 10])
def test_sampling_interval_keeps_detection_within_target(every: int, tmp_path):
    for bug in ("nan_input", "lr_diverges", "same_batch"):
        check, onset = BUGS[bug]
        fired = train(bug, log_dir=str(tmp_path / f"{bug}{every}"), every=every).fired
        assert fired.get(check, 10**6) - onset <= WITHIN, (bug, every, fired)
