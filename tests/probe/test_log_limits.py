"""Logs out of step order, with non-finite steps or values, deep JSON, huge integers, huge CSV fields and
other encodings: read in order and said so, or refused in one line; the terminal plot draws what it can."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.commands.probe_render import plot_curves
from losshelp.errors import InputError
from losshelp.present.curves import PLOT_LIMIT
from losshelp.probe.logs import read_log
from losshelp.probe.logs.series import LossLog, Series


@settings(max_examples=100, deadline=None)
@given(order=st.permutations(list(range(12))))
def test_rows_out_of_step_order_are_sorted_and_said_so(tmp_path_factory, order):
    path = tmp_path_factory.mktemp("log") / "log.csv"
    path.write_text("step,loss\n" + "".join(f"{s},{2.0 / (1 + s)}\n" for s in order))
    log = read_log(path)
    train = log.get("train")
    assert train.x.tolist() == list(range(12))
    assert np.allclose(train.y, [2.0 / (1 + s) for s in range(12)])  # each loss kept with its own step
    assert (log.notes == ["loss: rows were not in step order; sorted by step"]) == (order != sorted(order))


def test_rows_with_a_non_finite_step_are_left_out_and_said_so(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps({"step": s, "loss": 1.0}) + "\n" for s in (0, 1, 2)) + '{"step": NaN, "loss": 5}\n{"step": Infinity, "loss": 6}\n')
    log = read_log(path)
    assert log.get("train").x.tolist() == [0, 1, 2] and log.notes == ["loss: 2 row(s) with a non-finite step left out"]


@pytest.mark.parametrize(("content", "message"), [
    ('{"loss": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
    ('{"loss": 1}\n{"loss": ' + "[" * 100_000 + "]" * 100_000 + "}\n", ":2: JSON nested too deeply"),
    ("step,loss\n1," + "9" * 200_000 + "\n", "not a readable comma-separated table (field larger than field limit"),
])
def test_pathological_logs_are_one_line(tmp_path, content, message):
    path = tmp_path / "log.csv"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        read_log(path)
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("digits", [400, 5000])
def test_huge_integers_in_a_json_log_are_numbers(tmp_path, digits):
    path = tmp_path / "log.jsonl"
    path.write_text(f'{{"step": 0, "loss": 1}}\n{{"step": 1, "loss": {"7" * digits}}}\n{{"step": 2, "loss": 0.5}}\n')
    train = read_log(path).get("train")
    assert train.y[0] == 1 and np.isinf(train.y[1]) and train.y[2] == 0.5


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig", "gbk"])
def test_logs_in_other_encodings_read_as_text(tmp_path, codec):
    path = tmp_path / "log.csv"
    text = "step,loss,备注\n0,2.0,开始\n1,1.0,\n2,0.5,结束\n" if codec != "utf-16-le" else "step,loss\n0,2\n1,1\n"
    path.write_bytes(text.encode(codec))
    assert read_log(path).get("train").y.tolist()[:2] == [2.0, 1.0]


FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([1e300, -1e300, PLOT_LIMIT, -PLOT_LIMIT, 1 / PLOT_LIMIT, 0.0, 1e-310, 5e-324]))


@settings(max_examples=300, deadline=None)
@given(points=st.lists(st.tuples(FLOATS, FLOATS), min_size=1, max_size=30), val=st.booleans())
def test_the_plot_draws_the_finite_part_and_counts_what_it_left_out(points, val):
    x, y = (np.array(v, dtype=float) for v in zip(*points, strict=True))
    series = {"train": Series(x, y, "loss")}
    if val:
        series["val"] = Series(x, -y, "val_loss")
    canvas, notes = plot_curves(LossLog(series=series, x_name="step"), 80, "en", color=False)
    ok = np.ones(len(x), dtype=bool)
    for v in (x, y):
        ok &= np.isfinite(v) & (np.abs(v) <= PLOT_LIMIT) & ((v == 0) | (np.abs(v) >= 1 / PLOT_LIMIT))
    assert (canvas is None) == (not ok.any())
    expected = [] if ok.all() else [f"loss: {int((~ok).sum())} of {ok.size} values not plotted"]
    assert [n.split(" (")[0] for n in notes][: len(expected)] == expected
    assert len(notes) == (0 if ok.all() else 1 + val)
