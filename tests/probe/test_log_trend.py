"""Trend, stage and curve shape on synthetic curves with a known answer, noisy and seeded."""

import curves
import numpy as np
import pytest

from losshelp.probe.logs.shape import curve_shape, jump_after_decay, lr_decay_events, spikes
from losshelp.probe.logs.trend import series_trend, stage


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("curve", "recent", "whole"),
    [
        (curves.healthy, "decreasing", "decreasing"),
        (curves.flat, "flat", "flat"),
        (curves.rising, "rising", "rising"),
        (curves.oscillating, "oscillating", "oscillating"),
        (curves.plateau, "flat", None),
    ],
)
def test_trend_labels(curve, recent, whole, seed):
    trend = series_trend(curve(seed=seed))
    assert trend.recent == recent
    if whole:
        assert trend.whole == whole


def test_trend_of_step_level_noise_is_decreasing():
    """5000 per-step values with 30 % minibatch noise: binning keeps the decrease visible."""
    trend = series_trend(curves.healthy(n=5000, sigma=0.3))
    assert (trend.recent, trend.whole) == ("decreasing", "decreasing")


def test_nan_at_the_end():
    y = curves.healthy()
    y[-20:] = np.nan
    assert series_trend(y).recent == "nan"


def test_one_inf_in_the_recent_part_is_not_nan():
    y = curves.healthy()
    y[-30] = np.inf
    assert series_trend(y).recent == "decreasing"


def test_too_few_points():
    assert series_trend(np.array([2.3, 2.2, 2.1])) is None


def test_stage_first_epochs_vs_later():
    assert stage(series_trend(curves.flat())) == "first_epochs"
    assert stage(series_trend(curves.plateau())) == "later"
    assert stage(series_trend(curves.healthy())) is None


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    ("curve", "shape"),
    [
        (curves.healthy, "smooth"),
        (curves.plateau, "drop_then_plateau"),
        (curves.slow, "slow_throughout"),
        (curves.rise_first, "initial_rise"),
        (curves.flat, None),
    ],
)
def test_curve_shapes(curve, shape, seed):
    y = curve(seed=seed)
    assert curve_shape(y, series_trend(y), level_low=False, jump_at=None) == shape


def test_low_plateau_is_a_converged_smooth_run():
    y = curves.noisy(0.05 + 2.25 * np.exp(-20 * curves.t()), 0.02)
    assert curve_shape(y, series_trend(y), level_low=True, jump_at=None) == "smooth"


def test_jump_after_lr_decay():
    x = np.arange(200.0)
    lr = np.where(x < 100, 0.1, 0.01)
    y = curves.noisy(np.where(x < 100, 1.0 - 0.002 * x, 1.5), 0.02)
    events = lr_decay_events(x, lr)
    assert events == [100.0]
    assert jump_after_decay(x, y, events) == 100.0
    assert curve_shape(y, series_trend(y), level_low=False, jump_at=100.0) == "jump_after_lr_decay"


def test_loss_that_drops_after_lr_decay_is_no_jump():
    x = np.arange(200.0)
    y = curves.noisy(np.where(x < 100, 1.0, 0.5), 0.02)
    assert jump_after_decay(x, y, lr_decay_events(x, np.where(x < 100, 0.1, 0.01))) is None


def test_cosine_schedule_has_no_events_until_its_tail():
    x = np.arange(100.0)
    lr = 0.05 * (1 + np.cos(np.pi * x / 120)) / 2
    assert lr_decay_events(x, lr) == []


def test_spikes():
    y = curves.healthy(sigma=0.05)
    assert spikes(y) == 0
    y[120] *= 5
    y[150] *= 3
    assert spikes(y) == 2


# --- did the held-out loss ever improve (overfitting first improves, a mismatch never does) ---

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st

from losshelp.probe.logs import thresholds  # noqa: E402
from losshelp.probe.logs.level import improved  # noqa: E402

finite_losses = st.lists(st.floats(0.01, 10.0), min_size=1, max_size=40)


@given(st.floats(0.01, 10.0), finite_losses)
def test_a_held_out_loss_that_never_drops_below_its_first_value_did_not_improve(first, later):
    y = np.array([first, *[max(v, first * (1 - thresholds.VAL_IMPROVED_DROP) * 1.0001) for v in later]])
    assert improved(y) is False


@given(st.floats(0.01, 10.0), finite_losses, st.data())
def test_one_value_clearly_below_the_first_is_an_improvement(first, later, data):
    at = data.draw(st.integers(0, len(later) - 1))
    later[at] = first * (1 - thresholds.VAL_IMPROVED_DROP) * 0.999
    assert improved(np.array([first, *later])) is True


def test_improvement_ignores_non_finite_values_and_needs_two():
    assert improved(np.array([np.nan, 2.0, np.inf, 1.5])) is True
    assert improved(np.array([2.0, np.nan])) is None
    assert improved(np.array([])) is None


def test_the_log_probe_reports_it_for_validation_loss(tmp_path):
    from losshelp.probe.logs.probes import _improved
    from losshelp.probe.logs.read import read_log

    path = tmp_path / "log.csv"
    rows = [(e, 1.0 / (e + 1), 0.8 + 0.3 * e) for e in range(8)]  # training fits, validation only worsens
    path.write_text("epoch,train_loss,val_loss\n" + "\n".join(f"{e},{t},{v}" for e, t, v in rows))
    (finding,) = _improved(read_log(path))
    assert (finding.fact, finding.value, finding.verdict) == ("val_improved", "no", "abnormal")
