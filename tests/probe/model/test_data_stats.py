"""Data statistics on batches built to show one problem each."""

from __future__ import annotations

import pytest
import torch
from tinynets import blobs

from losshelp.probe.model.data_stats import data_stats, run_ratio
from losshelp.probe.model.objective import split_batch

pytestmark = pytest.mark.torch


def batches_of(x, y, size=32):
    return [split_batch((x[i : i + size], y[i : i + size])) for i in range(0, len(x), size)]


def test_clean_blobs_look_fine():
    stats = data_stats(blobs())
    assert stats.shuffled and stats.balanced and not stats.has_nan and stats.duplicate_fraction == 0
    assert stats.batch_size == 32 and stats.samples == 128


def test_labels_sorted_across_batches_are_unshuffled():
    x, y = torch.randn(256, 4), torch.arange(4).repeat_interleave(64)
    stats = data_stats(batches_of(x, y))
    assert stats.shuffled is False and stats.run_ratio > 10
    assert run_ratio(y[torch.randperm(256)]) < 2


def test_raw_pixel_scale_is_not_normalised_and_standardised_is():
    x = torch.randint(0, 256, (128, 3, 4, 4)).float()
    y = torch.randint(0, 3, (128,))
    assert data_stats(batches_of(x, y)).normalized is False
    assert data_stats(batches_of((x - x.mean()) / x.std(), y)).normalized is True
    mixed = torch.randn(128, 3) * torch.tensor([1.0, 1.0, 500.0])
    assert data_stats(batches_of(mixed, y)).normalized is False


def test_imbalance_duplicates_and_nan():
    y = torch.cat([torch.zeros(120), torch.ones(8)]).long()[torch.randperm(128)]
    x = torch.randn(128, 4)
    x[64:96] = x[:32]
    x[100, 2] = float("nan")
    stats = data_stats(batches_of(x, y))
    assert stats.balanced is False and stats.imbalance == 15
    assert stats.duplicate_fraction == 0.25 and stats.has_nan
