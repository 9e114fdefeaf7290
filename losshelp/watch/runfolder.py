"""The run folder: JSON lines of measurements and alerts (appended, line-buffered) and facts.json
(replaced atomically), and its reading back for `losshelp probe --run DIR`.

No torch here: reading a run folder must not need it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from losshelp.errors import InputError
from losshelp.probe.base import FactValue, Finding
from losshelp.readfile import read_text

EVENTS = "events.jsonl"
FACTS = "facts.json"


class RunWriter:
    """Appends one JSON object per line to events.jsonl and rewrites facts.json atomically."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._events = open(self.folder / EVENTS, "a", encoding="utf-8", buffering=1)
        except OSError as exc:
            raise InputError(f"cannot write the run folder {self.folder}: {exc.strerror or exc}") from exc

    def event(self, record: dict[str, Any]) -> None:
        """One line; line buffering puts it on disk (in the OS) before the call returns."""
        self._events.write(json.dumps(record, ensure_ascii=False, allow_nan=True) + "\n")

    def facts(self, payload: dict[str, Any]) -> None:
        """Replace facts.json by a temporary file and a rename: a reader never sees half a file."""
        fd, tmp = tempfile.mkstemp(prefix=".facts.", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, indent=1)
        os.replace(tmp, self.folder / FACTS)

    def close(self) -> None:
        self._events.close()


@dataclass(frozen=True)
class RunRecord:
    """What a run folder says: its facts, one finding per check that measured, and its alerts."""

    facts: dict[str, FactValue]
    findings: list[Finding]
    alerts: list[dict[str, Any]]
    steps: int
    closed: bool


def read_run(folder: str | os.PathLike) -> RunRecord:
    """The facts and findings a watched run left behind; InputError (one line) on a bad folder."""
    path = Path(folder) / FACTS
    if not Path(folder).is_dir():
        raise InputError(f"--run {folder}: no such folder")
    if not path.exists():
        raise InputError(f"--run {folder}: no {FACTS} (not a losshelp watch run folder)")
    text = read_text(path, "run folder facts file")  # a FIFO, a device or a huge file is said, never read
    try:
        payload = json.loads(text)
        findings = [_finding(f) for f in payload.get("findings", [])]
        return RunRecord(dict(payload["facts"]), findings, list(payload.get("alerts", [])), int(payload.get("steps", 0)), bool(payload.get("closed")))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise InputError(f"--run {folder}: {FACTS} is unreadable ({type(exc).__name__})") from None


def _finding(record: dict[str, Any]) -> Finding:
    return Finding(
        record["probe"], record.get("fact"), record.get("value"), record.get("threshold", ""),
        record["verdict"], record.get("reason", ""), {str(k): str(v) for k, v in record.get("inputs", {}).items()},
    )
