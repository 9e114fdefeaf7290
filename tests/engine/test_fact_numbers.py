"""Numbers at the boundary: every number from any source is finite, within its fact's domain, or one
FactError line naming where it came from; a measured NaN/inf becomes the fact it means."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.cli import main
from losshelp.engine import FactError, diagnose, validate_facts
from losshelp.engine.backend import durable_available
from losshelp.engine.facts import NUMBER_DOMAINS, measured
from losshelp.kb import default_kb
from losshelp.probe.base import Finding, Probe
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.facts import merge_facts

KB = default_kb()
NUMBER_FACTS = [s.id for s in KB.symptoms.values() if s.kind == "number"]
BACKENDS = ["python"] + (["durable-rules"] if durable_available() else [])

HUGE_INTS = st.integers(min_value=10**399, max_value=10**5000).flatmap(lambda n: st.sampled_from([n, -n]))
RAW_NUMBERS = st.one_of(
    st.floats(),  # NaN, +-inf, +-1.8e308 and everything between
    st.integers(),
    HUGE_INTS,
    st.sampled_from([1e300, -1e300, 1.8e296, 1e-300, -0.0, 0.0, 1.0, 2.3]),
    st.floats().map(repr),  # the same, as --set gives them: "nan", "inf", "1e+300"
    st.sampled_from(["1e400", "-1e400", "1" * 5000, "NaN", "-inf", " 0.5 "]),
)


def in_domain(fact: str, value: float) -> bool:
    low, high = NUMBER_DOMAINS.get(fact, (-math.inf, math.inf))
    return math.isfinite(value) and low <= value <= high


@settings(max_examples=300, deadline=None)
@given(fact=st.sampled_from(NUMBER_FACTS), raw=RAW_NUMBERS, source=st.sampled_from(["--set", "the answer file a.yaml"]))
def test_every_number_is_a_fact_or_one_line(fact, raw, source):
    try:
        facts = validate_facts({fact: raw}, KB, source)
    except FactError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 400
        assert message.endswith(f"(from {source})") and f"'{fact}'" in message
        return
    assert in_domain(fact, facts[fact]) and isinstance(facts[fact], float)


@settings(max_examples=60, deadline=None)
@given(facts=st.dictionaries(st.sampled_from(NUMBER_FACTS), RAW_NUMBERS, min_size=1, max_size=6))
def test_diagnosis_on_any_numbers_is_a_result_or_fact_error(facts):
    for backend in BACKENDS:
        try:
            result = diagnose(facts, KB, backend=backend)
        except FactError:
            continue
        assert all(-1.0 <= c.score <= 1.0 for c in result.causes)


@pytest.mark.parametrize("fact", ["lr", "batch_size", "epochs", "num_classes", "weight_decay", "depth"])
@pytest.mark.parametrize("value", ["-1", "-1e-9", -3, "-1e300"])
def test_negative_counts_and_rates_are_refused(fact, value):
    with pytest.raises(FactError, match=f"'{fact}' takes a finite number >= "):
        validate_facts({fact: value}, KB, "--set")


@pytest.mark.parametrize(("raw", "said"), [("9" * 5000, "'99999999999999999999'... (5000 characters)"), (-(10**5000), "an integer of about 5001 digits")],
                         ids=["5000-character text", "5001-digit integer"])
def test_huge_values_are_described_not_printed(raw, said):
    with pytest.raises(FactError) as caught:
        validate_facts({"lr": raw}, KB, "--set")
    assert str(caught.value) == f"'lr' takes a finite number >= 0, got {said} (from --set)"


def test_absurd_but_real_numbers_are_kept_on_both_backends():
    for backend in BACKENDS:
        result = diagnose({"lr": "1e300", "loss_value": 1e308, "num_classes": 10**300, "depth": 1e300}, KB, backend=backend)
        assert result.facts["lr"] == 1e300


@settings(max_examples=200, deadline=None)
@given(fact=st.sampled_from(NUMBER_FACTS), value=st.one_of(st.floats(), HUGE_INTS))
def test_measured_numbers(fact, value):
    try:
        out = measured(fact, value, "the log (log_level)")
    except FactError as exc:
        assert str(exc).startswith("the log (log_level) gives") and isinstance(value, float)
        assert math.isfinite(value) and not in_domain(fact, value)
        return
    number = value if isinstance(value, float) else float(value) if abs(value) < 10**308 else math.inf if value > 0 else -math.inf
    if math.isfinite(number):
        assert out == {fact: number}
    else:
        assert out == ({"train_loss": "nan"} if fact == "loss_value" else {})
        assert validate_facts(out, KB) == out


def _probe(name: str, needs: str) -> Probe:
    return Probe(name, frozenset([needs]), ("loss_value", "train_loss", "epochs"), lambda inputs: [])


@pytest.mark.parametrize("loss", [math.nan, math.inf, -math.inf, 10**400])
def test_a_nan_training_loss_is_the_nan_symptom(loss):
    trend, level = _probe("log_trend", "log"), _probe("log_level", "log")
    found = {
        "log_trend": [Finding("log_trend", "train_loss", "decreasing", "", "ok", "")],
        "log_level": [Finding("log_level", "loss_value", loss, "", "info", "")],
    }
    facts = merge_facts([trend, level], found, {})
    assert facts == {"train_loss": "nan"}
    assert merge_facts([trend, level], found, {"train_loss": "flat"}) == {"train_loss": "flat"}
    for backend in BACKENDS:
        assert diagnose(facts, KB, backend=backend).facts == {"train_loss": "nan"}


def test_a_measured_number_out_of_range_names_its_input():
    found = {"log_trend": [Finding("log_trend", "epochs", -4.0, "", "info", "")]}
    with pytest.raises(ProbeInputError, match=r"^the log \(log_trend\) gives epochs = -4, but 'epochs' takes a finite number >= 0$"):
        merge_facts([_probe("log_trend", "log")], found, {})
    found = {"checkpoint_shapes": [Finding("checkpoint_shapes", "num_classes", 0.0, "", "info", "")]}
    with pytest.raises(ProbeInputError, match=r"^the checkpoint \(checkpoint_shapes\)"):
        merge_facts([_probe("checkpoint_shapes", "checkpoint")], found, {})


@pytest.mark.parametrize(
    ("argv", "named"),
    [(["--set", "lr=-0.1"], "(from --set)"), (["--set", "dropout=1.5"], "(from --set)"), (["--set", "epochs=inf"], "(from --set)")],
)
def test_cli_refuses_in_one_line_naming_the_source(capsys, argv, named):
    assert main(["diagnose", "--json", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.endswith(named)


def test_cli_names_the_answer_file(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text("batch_size: -32\ntrain_loss: flat\n", encoding="utf-8")
    assert main(["diagnose", "--json", "--answers", str(path), "--set", "lr=0.1"]) == 2
    assert capsys.readouterr().err.strip().endswith(f"(from the answer file {path})")


def test_cli_takes_lr_1e300(capsys):
    assert main(["diagnose", "--json", "--set", "lr=1e300"]) == 0
    assert '"lr": 1e+300' in capsys.readouterr().out
