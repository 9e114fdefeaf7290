"""Reading loss logs: formats, column names, Lightning's rows with gaps, and one-line errors."""

import json

import numpy as np
import pytest

from losshelp.errors import InputError
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.logs import read_log
from losshelp.probe.logs.columns import role_of


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("loss", "train"), ("train_loss", "train"), ("Training Loss", "train"), ("Loss/train", "train"),
        ("train_loss_step", "train"), ("train_loss_epoch", "train"), ("val_loss", "val"), ("valid_loss", "val"),
        ("validation_loss", "val"), ("eval_loss", "val"), ("val_loss_epoch", "val"), ("test_loss", "test"),
        ("lr", "lr"), ("learning_rate", "lr"), ("lr-Adam", "lr"), ("step", "step"), ("global_step", "step"),
        ("epoch", "epoch"), ("accuracy", None), ("val_acc", None),
    ],
)
def test_column_roles(name, role):
    assert role_of(name) == role


def test_csv(tmp_path):
    p = tmp_path / "log.csv"
    p.write_text("epoch,train_loss,val_loss,lr\n" + "".join(f"{i},{2 - i / 10},{2.1 - i / 20},0.01\n" for i in range(10)))
    log = read_log(p)
    assert set(log.series) == {"train", "val", "lr"}
    assert log.x_name == "epoch" and log.epochs == 10
    assert np.allclose(log.get("train").y[:2], [2.0, 1.9])


def test_tsv_and_whitespace(tmp_path):
    for sep, name in (("\t", "log.tsv"), ("  ", "log.txt")):
        p = tmp_path / name
        p.write_text(f"step{sep}loss\n" + "".join(f"{i}{sep}{1 / (i + 1)}\n" for i in range(8)))
        assert read_log(p).get("train").y.size == 8


def test_headerless_single_column(tmp_path):
    p = tmp_path / "losses.txt"
    p.write_text("2.3\n2.1\n1.9\n1.8\n1.7\n")
    assert read_log(p).get("train").y.tolist() == [2.3, 2.1, 1.9, 1.8, 1.7]


def test_json_lines_and_trainer_state(tmp_path):
    rows = [{"step": i, "loss": 2 - i / 10, "learning_rate": 1e-3} for i in range(6)] + [{"step": 5, "eval_loss": 1.9}]
    p = tmp_path / "log.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows))
    log = read_log(p)
    assert log.get("train").y.size == 6 and log.get("val").y.tolist() == [1.9]
    q = tmp_path / "trainer_state.json"
    q.write_text(json.dumps({"log_history": rows}))
    assert read_log(q).get("lr").y.size == 6


def test_lightning_metrics_rows_with_gaps(tmp_path):
    lines = ["epoch,step,train_loss_step,train_loss_epoch,val_loss"]
    for e in range(4):
        lines += [f"{e},{e * 10 + s},{2 - e / 4 - s / 100},," for s in range(0, 10, 2)]
        lines += [f"{e},{e * 10 + 9},,,{2.1 - e / 5}", f"{e},{e * 10 + 9},,{2 - e / 4},"]
    p = tmp_path / "metrics.csv"
    p.write_text("\n".join(lines) + "\n")
    log = read_log(p)
    assert log.get("train").column == "train_loss_step" and log.get("train").y.size == 20
    assert log.get("val").y.size == 4 and log.get("val").x.tolist() == [9, 19, 29, 39]
    assert log.epochs == 4


def test_nan_values_are_kept(tmp_path):
    p = tmp_path / "log.csv"
    p.write_text("step,loss\n0,2.3\n1,nan\n2,inf\n")
    y = read_log(p).get("train").y
    assert np.isnan(y[1]) and np.isinf(y[2])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"step,accuracy\n0,0.5\n", "no loss column"),
        (b'{"loss": 1}\n{"loss": \n', "not valid JSON"),
        (b"\nepoch,loss\n0,1.0\n1,abc\n", "bad.csv:4: loss: expected a number, got 'abc'"),
        (b'{"loss": 1.0}\n{"loss": "high"}\n', "bad.csv:2: loss: expected a number, got 'high'"),
        (b'[{"loss": 1.0}, {"eval_loss": "x"}]', "bad.csv:record 2: eval_loss: expected a number"),
    ],
)
def test_bad_logs_give_one_line(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_log(p)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_tensorboard_without_tbparse(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_tbparse(name, *args, **kwargs):
        if name == "tbparse":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tbparse)
    p = tmp_path / "events.out.tfevents.123.host"
    p.write_bytes(b"x")
    with pytest.raises(ProbeInputError, match=r"tbparse: pip install 'losshelp\[tensorboard\]'"):
        read_log(p)


def test_text_outside_the_loss_columns_is_ignored_and_empty_cells_are_gaps(tmp_path):
    p = tmp_path / "notes.csv"
    p.write_text("epoch,loss,note\n0,1.0,warm-up\n1,,\n2,0.5,done\n")
    train = read_log(p).get("train")
    assert train.y.tolist() == [1.0, 0.5] and train.x.tolist() == [0.0, 2.0]
