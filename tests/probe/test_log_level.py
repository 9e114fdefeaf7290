"""Loss level, chance level, train/val gap and LR schedule on arrays with a known answer."""

import math

import numpy as np

from losshelp.probe.logs import level


def test_final_value_is_robust_to_one_bad_batch():
    y = np.array([2.0, 1.5, 1.0, 1.0, 1.0, 5.0, 1.0, 1.0])
    assert level.final_value(y) == 1.0


def test_level_against_a_reference():
    assert level.level(2.2, math.log(10)) == "high"
    assert level.level(0.3, math.log(10)) == "low"
    assert level.level(1.0, math.log(10)) is None


def test_chance_level():
    assert level.at_chance(2.30, 10) and level.at_chance(0.70, 2)
    assert not level.at_chance(1.5, 10) and not level.at_chance(2.9, 10)


def test_gap():
    assert level.gap_large(train_final=0.05, other_final=0.9, train_start=2.3)
    assert not level.gap_large(train_final=0.30, other_final=0.35, train_start=2.3)
    assert not level.gap_large(train_final=0.001, other_final=0.004, train_start=2.3)


def test_lr_schedule():
    warm_cos = np.concatenate([np.linspace(1e-4, 1e-3, 10), 1e-3 * (1 + np.cos(np.linspace(0, np.pi, 90))) / 2 + 1e-6])
    assert level.lr_schedule(warm_cos)[:2] == (True, True)
    decays, warms, peak = level.lr_schedule(np.full(50, 0.1))
    assert (decays, warms, peak) == (False, False, 0.1)
    assert level.lr_schedule(np.array([np.nan])) is None
