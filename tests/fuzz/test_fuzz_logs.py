"""Loss logs (CSV, TSV, semicolons, whitespace, JSON lines, JSON lists, HuggingFace state, raw bytes) through
`losshelp probe --log`: a report or one line, never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.contract import assert_contract, run_main

COLUMNS = ["step", "epoch", "loss", "train_loss", "val_loss", "eval_loss", "test_loss", "lr", "accuracy", "", "loss ", "Step", "备注"]
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([1e300, -1e300, 5e-324, 0.0, -0.0]),
)
CELLS = st.one_of(NUMBERS, st.text(max_size=12), st.none(), st.booleans())


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell != cell:
        return "nan"
    return "" if cell is None else str(cell)


@st.composite
def tables(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1), max_size=25))
    delimiter = draw(st.sampled_from([",", "\t", ";", " "]))
    lines = [delimiter.join(header), *(delimiter.join(_cell_text(c) for c in row) for row in rows)]
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gbk"])), errors="replace")


@st.composite
def json_logs(draw) -> bytes:
    keys = st.sampled_from(COLUMNS)
    values = st.recursive(st.one_of(CELLS, NUMBERS), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=6)
    records = draw(st.lists(st.dictionaries(keys, values, max_size=5), max_size=20))
    layout = draw(st.sampled_from(["lines", "list", "trainer_state", "scalar"]))
    dump = lambda v: json.dumps(v, allow_nan=True, default=str)  # noqa: E731
    if layout == "lines":
        return "\n".join(dump(r) for r in records).encode()
    if layout == "list":
        return dump(records).encode()
    if layout == "trainer_state":
        return dump({"log_history": records, "global_step": len(records)}).encode()
    return dump(draw(values)).encode()


def _probe_log(raw: bytes, name: str, *extra: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        assert_contract(run_main("probe", "--log", str(path), *extra))


@settings(settings.get_profile("fuzz"), max_examples=200)
@given(raw=tables(), extra=st.sampled_from([("--json",), ("--no-plot",), ()]))
def test_tables(raw, extra):
    _probe_log(raw, "metrics.csv", *extra)


@settings(settings.get_profile("fuzz"), max_examples=150)
@given(raw=json_logs(), extra=st.sampled_from([("--json",), ()]))
def test_json_logs(raw, extra):
    _probe_log(raw, "log.jsonl", *extra)


@settings(settings.get_profile("fuzz"), max_examples=150)
@given(raw=st.binary(max_size=400), name=st.sampled_from(["log.csv", "log.jsonl", "log.txt"]))
def test_raw_bytes(raw, name):
    _probe_log(raw, name, "--json")
