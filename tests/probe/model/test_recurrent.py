"""Recurrent models: gradient norms cover the LSTM/GRU matrices, and recurrent weights grown large enough
to amplify the state at every step count toward exploding gradients."""

from __future__ import annotations

import pytest
import torch
from tinynets import TinyLM, token_batches
from torch import nn

from losshelp.engine.api import diagnose
from losshelp.probe.base import ProbeInputs
from losshelp.probe.model import gradients, signal_probes
from losshelp.probe.model.objective import make_objective
from losshelp.probe.model.recurrent import recurrent_gains
from losshelp.probe.model.thresholds import RECURRENT_GAIN_LIMIT

pytestmark = pytest.mark.torch


def small_lm() -> TinyLM:
    return TinyLM(vocab=200, embed=16, hidden=32)


def test_gradient_norms_cover_the_lstm_matrices():
    model, batches = small_lm(), token_batches(1, vocab=200)
    report = gradients.gradient_norms(model, batches[0], make_objective("cross_entropy", model, batches[0]))
    assert [layer.name for layer in report.layers] == ["embed", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "decoder"]
    assert all(layer.grad_norm > 0 for layer in report.layers)


@pytest.mark.parametrize("kind", [nn.LSTM, nn.GRU, nn.RNN])
@pytest.mark.parametrize("hidden", [16, 64, 256])
def test_default_init_stays_under_the_gain_limit(kind, hidden):
    torch.manual_seed(hidden)
    gains = recurrent_gains(kind(8, hidden, num_layers=2, bidirectional=True).state_dict())
    assert [g.name for g in gains] == ["weight_hh_l0", "weight_hh_l0_reverse", "weight_hh_l1", "weight_hh_l1_reverse"]
    assert all(0.8 < g.gain < RECURRENT_GAIN_LIMIT / 2 and 0.9 < g.scale_ratio < 1.1 for g in gains)


@pytest.mark.parametrize("seed", range(3))
def test_an_lstm_with_exploding_recurrent_weights_counts_toward_exploding_gradients(seed):
    torch.manual_seed(seed)
    model, batches = small_lm(), token_batches(2, vocab=200, seed=seed)
    with torch.no_grad():
        model.lstm.weight_hh_l0.mul_(17.6)
    inputs = ProbeInputs(model=model, data=batches, loss="cross_entropy")
    found = {f.fact: f for f in signal_probes.recurrent_weights(inputs)}
    assert found["recurrent_weights_large"].value == "yes" and "lstm.weight_hh_l0" in found["recurrent_weights_large"].reason
    grads = {f.fact: f for f in signal_probes.grad_norms(inputs)}
    assert "lstm.weight_hh_l0" in grads["grad_ratio"].reason
    cause = next(c for c in diagnose({"recurrent_weights_large": "yes"}).causes if c.id == "exploding_gradient")
    assert cause.score >= 0.7 and cause.level == "likely"
    healthy = signal_probes.recurrent_weights(ProbeInputs(model=small_lm(), data=batches, loss="cross_entropy"))
    assert healthy[0].value == "no"


def test_a_checkpoint_alone_shows_the_exploding_recurrent_weights():
    from losshelp.probe.checkpoint.load import Checkpoint

    model = small_lm()
    healthy = signal_probes.checkpoint_recurrent_weights(ProbeInputs(checkpoint=Checkpoint(tensors=dict(model.state_dict()))))
    with torch.no_grad():
        model.lstm.weight_hh_l0.mul_(17.6)
    grown = signal_probes.checkpoint_recurrent_weights(ProbeInputs(checkpoint=Checkpoint(tensors=dict(model.state_dict()))))
    assert healthy[0].value == "no" and grown[0].value == "yes" and "lstm.weight_hh_l0: spectral norm" in grown[0].reason
