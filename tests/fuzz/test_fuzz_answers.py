"""Answer files (YAML and JSON, well-formed or not, with anchors and aliases) through `losshelp diagnose
--answers`: a diagnosis or one line, never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.kb import default_kb
from tests.fuzz.contract import assert_contract, run_main

FACTS = sorted(default_kb().symptoms)[:40] + ["lr", "batch_size", "train_loss", "not_a_fact", "", "学习率"]
# Floats up to 1e280, big integers, NaN and the smallest subnormal; the engine's number keys saturate beyond
# its range (engine/conditions.py, tested at the extremes in tests/engine/test_number_key.py).
NUMBERS = st.one_of(st.floats(min_value=-1e280, max_value=1e280), st.integers(-(10**30), 10**30), st.sampled_from([float("nan"), 5e-324]))
VALUES = st.one_of(NUMBERS, st.text(max_size=15), st.sampled_from(["yes", "no", "unknown", "flat", "nan", "sgd", "relu"]),
                   st.none(), st.booleans(), st.lists(st.integers(), max_size=2))


@st.composite
def answer_files(draw) -> str:
    answers = draw(st.dictionaries(st.sampled_from(FACTS), VALUES, max_size=6))
    form = draw(st.sampled_from(["yaml", "json", "mangled", "anchors"]))
    if form == "yaml":
        return yaml.safe_dump(answers, allow_unicode=True)
    if form == "json":
        return json.dumps(answers, ensure_ascii=False, allow_nan=True)
    if form == "anchors":
        width, depth = draw(st.integers(1, 10)), draw(st.integers(1, 8))
        levels = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]\n" for i in range(1, depth + 1))
        return "l0: &l0 [x]\n" + levels + draw(st.sampled_from(["", "lr: *l0\n", "self: &s [*s]\n"]))
    text = yaml.safe_dump(answers, allow_unicode=True)
    cut = draw(st.integers(0, len(text)))
    return text[:cut] + draw(st.text(alphabet="[]{}&*!|>:-,'\"#% \n\t\\", max_size=8)) + text[cut:]


@settings(settings.get_profile("fuzz"), max_examples=300)
@given(text=answer_files(), as_json=st.booleans())
def test_answer_files(text, as_json):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_text(text, encoding="utf-8")
        assert_contract(run_main("diagnose", "--answers", str(path), *(["--json"] if as_json else [])))


@settings(settings.get_profile("fuzz"), max_examples=100)
@given(raw=st.binary(max_size=300))
def test_answer_file_bytes(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.json"
        path.write_bytes(raw)
        assert_contract(run_main("diagnose", "--answers", str(path), "--json"))
