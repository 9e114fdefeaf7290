"""The data read as a whole, within a budget: class-sorted data reads as unshuffled (not as imbalanced), a
loader repeating one batch is measured and counts as a loading bug, and a vocabulary is not an imbalance."""

from __future__ import annotations

import itertools

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.engine.api import diagnose
from losshelp.probe.base import ProbeInputs
from losshelp.probe.model import setup_probes, signal_probes
from losshelp.probe.model.data_stats import data_stats
from losshelp.probe.model.loading import load_data
from losshelp.probe.model.sampling import draw

pytestmark = pytest.mark.torch
UNTIMED = float("inf")  # these tests read a known number of batches, whatever the machine's speed

SORTED_LOADER = '''
import torch

def loader(classes={classes}, per_class={per_class}, size=32):
    g = torch.Generator().manual_seed(0)
    for label in range(classes):  # a data set sorted by class, read without shuffling
        for _ in range(per_class):
            yield torch.randn(size, 6, generator=g), torch.full((size,), label)
'''


def facts(findings) -> dict:
    return {f.fact: f.value for f in findings if f.fact}


def sorted_batches(classes: int, per_class: int, size: int = 32):
    g = torch.Generator().manual_seed(classes * 100 + per_class)
    return ((torch.randn(size, 6, generator=g), torch.full((size,), label)) for label in range(classes) for _ in range(per_class))


def test_class_sorted_data_over_20_batches_is_unshuffled_not_imbalanced(tmp_path):
    (tmp_path / "data.py").write_text(SORTED_LOADER.format(classes=2, per_class=10))
    data = load_data(f"{tmp_path / 'data.py'}:loader")
    assert data.seen == 20 and data.exhausted and len(data) == 8
    assert {int(b.targets[0]) for b in data} == {0, 1}  # the kept batches span the data, not its head
    found = signal_probes.data_stats(ProbeInputs(data=data))
    assert facts(found)["labels_balanced"] == "yes" and facts(found)["data_shuffled"] == "no"
    assert all(f.inputs["batches"] == "20 read (end of data), 8 kept" for f in found)
    setup = setup_probes.model_setup(ProbeInputs(model=torch.nn.Linear(6, 2), data=data, loss="cross_entropy"))
    assert setup[0].inputs["batches"] == "20 read (end of data), 8 kept"


@settings(max_examples=10, deadline=None)
@given(classes=st.integers(2, 5), per_class=st.integers(9, 30))
def test_sorted_data_is_never_read_as_imbalanced(classes, per_class):
    stats = data_stats(draw(sorted_batches(classes, per_class), seconds=UNTIMED))
    assert stats.shuffled is False and stats.balanced is True
    assert stats.class_counts == {c: 32 * per_class for c in range(classes)}


def test_a_sorted_data_set_read_only_in_part_leaves_balance_unjudged():
    stats = data_stats(draw(sorted_batches(3, 30), limit=40, seconds=UNTIMED))
    assert stats.drawn.stopped == "batch limit" and stats.drawn.seen == 40
    assert stats.shuffled is False and stats.balanced is None and "sorted" in stats.balance_note


def test_a_loader_repeating_one_batch_counts_as_a_loading_bug():
    one = (torch.randn(32, 6), torch.randint(0, 4, (32,)))
    stats = data_stats(draw(itertools.repeat(one, 8), seconds=UNTIMED))
    assert stats.repeat_fraction == 7 / 8 and stats.restart_period is None and stats.batches_repeat
    found = facts(signal_probes.data_stats(ProbeInputs(data=draw(itertools.repeat(one, 8)))))
    assert found["batches_repeat"] == "yes" and found["data_has_nan"] == "no"
    cause = next(c for c in diagnose(found).causes if c.id == "data_loading_bug")
    assert cause.score > 0.5 and cause.level == "likely"


@pytest.mark.parametrize("seed", range(3))
def test_fresh_and_restarting_unshuffled_epochs_are_not_repeats(seed):
    g = torch.Generator().manual_seed(seed)
    epoch = [(torch.randn(16, 6, generator=g), torch.randint(0, 4, (16,), generator=g)) for _ in range(5)]
    assert data_stats(draw(epoch)).repeat_fraction == 0.0
    restarting = data_stats(draw(itertools.islice(itertools.cycle(epoch), 23), seconds=UNTIMED))
    assert restarting.restart_period == 5 and restarting.repeat_fraction == 18 / 23 and not restarting.batches_repeat


def test_the_draw_is_bounded_by_batches_and_by_time():
    endless = itertools.repeat((torch.zeros(4, 2), torch.zeros(4).long()))
    by_count = draw(endless, limit=50, seconds=UNTIMED)
    assert by_count.seen == 50 and by_count.stopped == "batch limit" and len(by_count) == 8
    ticks = itertools.count(0.0, 0.5)  # a clock that advances half a second per reading
    by_time = draw(endless, seconds=2.0, clock=lambda: next(ticks))
    assert by_time.stopped == "time limit" and by_time.seen == 4


@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 60), keep=st.integers(1, 10), seed=st.integers(0, 1000))
def test_the_reservoir_keeps_batches_in_data_order(n, keep, seed):
    batches = [(torch.full((2, 1), float(i)), torch.zeros(2).long()) for i in range(n)]
    kept = draw(batches, keep=keep, seed=seed, seconds=UNTIMED)
    order = [int(b.inputs[0, 0]) for b in kept]
    assert len(order) == min(n, keep) and order == sorted(set(order)) and kept.seen == n


def test_language_model_tokens_are_not_a_class_imbalance():
    zipf = torch.distributions.Categorical(probs=1 / torch.arange(1, 1001).float())
    tokens = [(torch.randint(0, 1000, (16, 35)), zipf.sample((16, 35))) for _ in range(6)]
    assert data_stats(tokens).balanced is None and data_stats(tokens).class_counts is None
    words = [(torch.randn(64, 8), zipf.sample((64,))) for _ in range(6)]
    stats = data_stats(words)
    assert stats.balanced is None and stats.imbalance > 10 and "vocabulary" in stats.balance_note
    assert "labels_balanced" not in facts(signal_probes.data_stats(ProbeInputs(data=words)))


def test_an_empty_tensor_with_zero_stride_has_a_digest():
    """Found by the data-file fuzzer: a saved empty float tensor can come back with stride 0."""
    from losshelp.probe.model.objective import Batch
    from losshelp.probe.model.sampling import digest

    empty = torch.empty(0).as_strided((0,), (0,))
    assert digest(Batch(empty, None)) == digest(Batch(torch.empty(0), None))
    assert digest(Batch(empty, None)) != digest(Batch(torch.empty(0, 2), None))
