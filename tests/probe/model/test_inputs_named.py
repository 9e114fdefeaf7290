"""Every fact these probes state names the inputs it used (batches, layers, iterations, stopping)."""

from __future__ import annotations

import pytest
from tinynets import TinyLM, blobs, mlp, token_batches

from losshelp.probe.base import ProbeInputs
from losshelp.probe.model import experiment_probes, signal_probes

pytestmark = pytest.mark.torch

PROBES = (signal_probes.activations, signal_probes.grad_norms, signal_probes.grad_flow_check, signal_probes.data_stats, experiment_probes.hessian,
          experiment_probes.lr_range_test, signal_probes.recurrent_weights)


@pytest.mark.parametrize("case", ["mlp", "lm"])
def test_each_fact_names_its_inputs(case):
    model, data = (mlp([8, 16, 4]), blobs()) if case == "mlp" else (TinyLM(vocab=60, embed=8, hidden=8), token_batches(3, vocab=60))
    inputs = ProbeInputs(model=model, data=data, loss="cross_entropy", stated={"lr": 0.01})
    findings = [f for probe in PROBES for f in probe(inputs) if f.fact]
    assert findings and all(f.inputs and all(isinstance(v, str) and v for v in f.inputs.values()) for f in findings), [f for f in findings if not f.inputs]
    assert all("batches" in f.inputs for f in findings if f.probe != "recurrent_weights")
