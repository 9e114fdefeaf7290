"""Read a loss log file into a `LossLog`: CSV, TSV, whitespace tables, JSON lines, a JSON list,
HuggingFace `trainer_state.json`, Lightning `metrics.csv` (rows with gaps) and TensorBoard events.

Every problem is a `ProbeInputError` with one line; the file is only ever opened for reading.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from losshelp.probe.errors import ProbeInputError
from losshelp.probe.logs.columns import normalise, role_of
from losshelp.probe.logs.series import LOSS_ROLES, ROLES, LossLog, Series
from losshelp.readfile import read_text

Row = dict[str, float | None]
MAX_LOG_BYTES = 512 * 1024 * 1024


def read_log(path: str | Path) -> LossLog:
    """The series of a log file (or a TensorBoard run directory), sorted by x."""
    p = Path(path)
    if "tfevents" in p.name or p.is_dir():
        from losshelp.probe.logs.tensorboard import read_events

        columns, rows = read_events(p)
    else:
        columns, rows = parse_text(p, read_text(p, "loss log", MAX_LOG_BYTES))
    return assemble(columns, rows, str(p))


def parse_text(p: Path, text: str) -> tuple[list[str], list[Row]]:
    """Columns in first-seen order and rows of numbers (None where a cell is empty or not a number)."""
    stripped = text.lstrip()
    if not stripped:
        raise ProbeInputError(f"{p}: the log is empty")
    if stripped[0] in "[{":
        return _parse_json(p, text)  # the whole text, so that line numbers count the leading blank lines
    return _parse_table(p, text)


def _number(cell: object) -> float | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    try:
        return float(str(cell).strip())
    except ValueError:
        return None


def _row(p: Path, where: str, cells: Iterable[tuple[str, object]]) -> Row:
    """Numbers by column; an empty cell is a gap (Lightning logs have many), but text in a loss,
    lr, step or epoch column is an error that names the place."""
    row: Row = {}
    for name, cell in cells:
        value = _number(cell)
        if value is None and cell is not None and str(cell).strip() and role_of(name) is not None:
            raise ProbeInputError(f"{p}:{where}: {name}: expected a number, got {str(cell).strip()[:30]!r}")
        row[name] = value
    return row


def _json(p: Path, text: str, where: str) -> object:
    """One JSON value; integers read as floats (so 5000 digits are a number, not Python's digit-limit error)
    and nesting too deep for the parser is one line."""
    try:
        return json.loads(text, parse_int=float)
    except RecursionError:
        raise ProbeInputError(f"{p}{where}: JSON nested too deeply to be a loss log") from None


def _parse_json(p: Path, text: str) -> tuple[list[str], list[Row]]:
    try:
        doc = _json(p, text, "")
        records = doc.get("log_history", [doc]) if isinstance(doc, dict) else doc
        places = [f"record {i}" for i in range(1, len(records) + 1)] if isinstance(records, list) else []
    except json.JSONDecodeError:
        records, places = [], []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append(_json(p, line, f":{n}"))
                except json.JSONDecodeError as exc:
                    raise ProbeInputError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
                places.append(str(n))
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ProbeInputError(f"{p}: JSON log must be objects, one per line or in a list")
    columns: dict[str, None] = {}
    rows = []
    for place, record in zip(places, records, strict=True):
        columns.update(dict.fromkeys(record))
        rows.append(_row(p, place, record.items()))
    return list(columns), rows


_DELIMITED = {"\t": "tab-separated", ",": "comma-separated", ";": "semicolon-separated", None: "whitespace-separated"}


def _parse_table(p: Path, text: str) -> tuple[list[str], list[Row]]:
    first = next(line for line in text.splitlines() if line.strip())
    delimiter = "\t" if "\t" in first else "," if "," in first else ";" if ";" in first else None
    lines = text.splitlines()
    try:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter)) if delimiter else [ln.split() for ln in lines]
    except csv.Error as exc:  # a field over csv's limit (131,072 characters), a NUL byte
        raise ProbeInputError(f"{p}: not a readable {_DELIMITED[delimiter]} table ({exc})") from None
    numbered = [(n, r) for n, r in enumerate(table, 1) if any(c.strip() for c in r)]
    if not numbered:
        raise ProbeInputError(f"{p}: the log has only separators, no column names or values")
    header = [c.strip() for c in numbered[0][1]]
    if all(_number(c) is not None for c in header):
        names = ["loss"] if len(header) == 1 else ["step", "loss"] if len(header) == 2 else []
        if not names:
            raise ProbeInputError(f"{p}: a table without a header row needs 1 column (loss) or 2 (step, loss)")
        header, body = names, numbered
    else:
        body = numbered[1:]
    if len(set(header)) != len(header):
        raise ProbeInputError(f"{p}: duplicate column names in the header")
    rows = [_row(p, str(n), zip(header, r, strict=False)) for n, r in body]
    return header, rows


def _column_for(role: str, columns: list[str], rows: list[Row]) -> str | None:
    """The column of a role with the most values (Lightning: `_step` vs `_epoch` variants)."""
    candidates = [c for c in columns if role_of(c) == role]
    counts = {c: sum(r.get(c) is not None for r in rows) for c in candidates}
    best = max(candidates, key=lambda c: counts[c], default=None)
    return best if best is not None and counts[best] > 0 else None


def _epochs(values: list[float]) -> int | float | None:
    if not values:
        return None
    top = max(values)
    whole = all(float(v).is_integer() for v in values)
    return int(top) + 1 if whole and min(values) == 0 else (int(top) if whole else round(top, 2))


def _in_x_order(series: Series, log: LossLog) -> Series:
    """The series with rows of a non-finite x left out and the rest sorted by x (stable, so repeated steps
    keep their file order); each change is noted on `log` so the report can say it."""
    finite = np.isfinite(series.x)
    if not finite.all():
        log.notes.append(f"{series.column}: {int((~finite).sum())} row(s) with a non-finite {log.x_name} left out")
    x, y = series.x[finite], series.y[finite]
    if np.any(np.diff(x) < 0):
        order = np.argsort(x, kind="stable")
        x, y = x[order], y[order]
        log.notes.append(f"{series.column}: rows were not in {log.x_name} order; sorted by {log.x_name}")
    return Series(x=x, y=y, column=series.column)


def assemble(columns: list[str], rows: list[Row], path: str) -> LossLog:
    """Series per role from rows with gaps: each series keeps the rows where its column has a value."""
    roles = {role: _column_for(role, columns, rows) for role in (*ROLES, "step", "epoch")}
    if not any(roles[r] for r in LOSS_ROLES):
        shown = ", ".join(columns[:12]) or "none"
        raise ProbeInputError(
            f"{path}: no loss column found (columns: {shown}); name it loss, train_loss, val_loss or test_loss"
        )
    x_col = roles["step"] or roles["epoch"]
    log = LossLog(x_name=normalise(x_col) if x_col else "row", path=path)
    for role in ROLES:
        col = roles[role]
        if col is None:
            continue
        idx = [i for i, r in enumerate(rows) if r.get(col) is not None]
        xs = [rows[i].get(x_col) if x_col else None for i in idx]
        x = np.array(idx if any(v is None for v in xs) else xs, dtype=float)
        y = np.array([rows[i][col] for i in idx], dtype=float)
        log.series[role] = _in_x_order(Series(x=x, y=y, column=col), log)
    epoch_col = roles["epoch"]
    if epoch_col:
        log.epochs = _epochs([v for r in rows if (v := r.get(epoch_col)) is not None and math.isfinite(v)])
    return log
