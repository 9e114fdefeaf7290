"""The probe framework: registry, selection, isolation of a failing probe, fact merging, and that
every fact a probe can emit is in the knowledge base with a valid value."""

import pytest
from factcheck import check_fact

from losshelp.kb import default_kb
from losshelp.probe import Finding, Probe, ProbeInputs, all_probes, run_probes, select
from losshelp.probe.facts import merge_facts


def test_every_declared_fact_is_a_kb_symptom():
    kb = default_kb()
    for probe in all_probes():
        for fact in probe.facts:
            assert fact in kb.symptoms, (probe.name, fact)


def test_probe_names_match_the_kb_where_the_kb_names_one():
    kb = default_kb()
    names = {p.name for p in all_probes()}
    for probe in all_probes():
        for fact in probe.facts:
            named = kb.symptoms[fact].probe
            assert named in names or named in ("activations",), (fact, named)


def test_check_fact():
    kb = default_kb()
    assert check_fact("train_loss", "flat", kb) is None
    assert check_fact("lr", 0.1, kb) is None
    assert "takes one of" in check_fact("train_loss", "sideways", kb)
    assert "unknown fact" in check_fact("nope", "yes", kb)
    assert "number" in check_fact("lr", "fast", kb)


def test_select_only_skip_and_unknown():
    names = [p.name for p in select(only=["log_trend", "log_level"])]
    assert names == ["log_trend", "log_level"]
    assert "log_spikes" not in [p.name for p in select(skip=["log_spikes"])]
    with pytest.raises(ValueError, match="unknown probe"):
        select(only=["no_such_probe"])


def _probe(name, fn, needs=("log",), precedence=0):
    return Probe(name, frozenset(needs), ("train_loss",), fn, precedence=precedence)


def test_failing_probe_reports_and_others_run():
    def broken(inputs):
        raise RuntimeError("boom\nsecond line")

    def fine(inputs):
        return [Finding("fine", "train_loss", "flat", "", "abnormal", "measured")]

    report = run_probes([_probe("broken", broken), _probe("fine", fine)], ProbeInputs(log=object()))
    assert report.errors == {"broken": "the probe failed: RuntimeError: boom"}
    assert report.facts == {"train_loss": "flat"}
    assert set(report.timings) == {"broken", "fine"}


def test_probe_without_its_input_is_skipped():
    report = run_probes([_probe("needs_model", lambda i: [], needs=("model",))], ProbeInputs(log=object()))
    assert report.skipped == {"needs_model": "needs model"} and not report.timings


def test_merge_precedence_and_stated_facts():
    low = _probe("low", None, precedence=-1)
    high = _probe("high", None, precedence=1)
    found = {
        "low": [Finding("low", "train_loss", "flat", "", "ok", "")],
        "high": [Finding("high", "train_loss", "rising", "", "ok", "")],
    }
    assert merge_facts([low, high], found, {}) == {"train_loss": "rising"}
    assert merge_facts([low, high], found, {"train_loss": "nan"}) == {"train_loss": "nan"}
