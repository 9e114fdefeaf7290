"""Where progress lives and how it is written: one JSON file per profile, replaced atomically.

The folder and the atomic write come from `losshelp.userdata`: a crash at any moment leaves
either the old file or the new one, never a mix. A file that cannot be read
is moved aside as `NAME.json.corrupt-<UTC time>` and reported, never overwritten.
Several processes may practise on one profile (two quizzes, the app and the command line): each
save takes the profile's lock file and adds its new answers to the file as it is then.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from losshelp.errors import InputError
from losshelp.quiz.progress import Progress, from_dict, merge, to_dict
from losshelp.userdata import data_dir, remove_temporaries, write_atomic

DEFAULT_PROFILE = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Seconds to wait for another process's read-merge-write (milliseconds in practice).
LOCK_TIMEOUT = 30.0
# Per file, the progress this process last loaded or saved: what a save's changes are measured against.
_synced: dict[Path, Progress] = {}


def profile_path(profile: str, root: Path | None = None) -> Path:
    """The file of `profile`; a ValueError for a name that is not a plain file name."""
    if not _NAME.match(profile) or profile.endswith("."):
        raise ValueError(f"bad profile name {profile!r}: use letters, digits, '_', '-' or '.'")
    return (root or data_dir()) / f"{profile}.json"


@dataclass(frozen=True)
class Loaded:
    """A profile's progress as read, and where an unreadable file was moved (None when all was well)."""

    progress: Progress
    moved_aside: Path | None = None
    problem: str | None = None


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, target)
    return target


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the profile's lock file: one process at a time reads-merges-writes or moves a file aside.
    Temporary files left by a writer killed mid-write are removed here, where no writer can be active."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(path.with_name(f"{path.name}.lock"), timeout=LOCK_TIMEOUT):
            remove_temporaries(path)
            yield
    except Timeout:
        raise InputError(f"{path}: another losshelp process has held the progress lock for {LOCK_TIMEOUT:.0f} s; try again") from None


def _integer(text: str) -> int:
    """A JSON integer; one longer than any count is refused before Python's 4300-digit limit is reached."""
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"an integer with {len(text.lstrip('-'))} digits where a count belongs")
    return int(text)


def _read(path: Path) -> tuple[Progress | None, str | None]:
    """The file's progress (None when there is no file) or the reason it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    try:
        return from_dict(json.loads(raw.decode("utf-8"), parse_int=_integer)), None
    except (UnicodeDecodeError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        return None, str(exc).splitlines()[0][:200]
    except RecursionError:
        return None, "nested too deeply to be a progress file"


def _checked(path: Path, profile: str, move_aside: bool) -> Loaded:
    progress, problem = _read(path)
    if progress is not None and progress.profile != profile:
        progress, problem = None, f"the file belongs to profile {progress.profile!r}"
    if progress is not None:
        return Loaded(progress)
    if problem is None:
        return Loaded(Progress(profile))
    return Loaded(Progress(profile), _move_aside(path) if move_aside else None, problem)


def load_progress(profile: str, root: Path | None = None, *, move_aside: bool = True) -> Loaded:
    """Read a profile; a missing file is a fresh start, a corrupt one is moved aside and reported.

    With `move_aside=False` a corrupt file is reported but left where it is: a screen that only
    shows the standing peeks this way, so the quiz itself still finds the file and tells the user.
    A full load is also what later saves of this process merge against.
    """
    path = profile_path(profile, root)
    if not move_aside:
        return _checked(path, profile, move_aside=False)
    with _locked(path):
        loaded = _checked(path, profile, move_aside=True)
    _synced[path] = loaded.progress
    return loaded


def save_progress(progress: Progress, root: Path | None = None, *, since: Progress | None = None) -> Path:
    """Add what changed since `since` (by default: since this process last loaded or saved the profile)
    to the file as it is now, under the profile's lock, and write it atomically; return the file."""
    path = profile_path(progress.profile, root)
    with _locked(path):
        base = since if since is not None else _synced.get(path, Progress(progress.profile))
        latest = _checked(path, progress.profile, move_aside=True).progress
        merged = merge(latest, base, progress)
        write_atomic(path, json.dumps(to_dict(merged), ensure_ascii=False, indent=1).encode("utf-8"))
    _synced[path] = progress
    return path
