"""Where progress lives and how it is written: one JSON file per profile, replaced atomically.

The folder and the atomic write come from `losshelp.userdata`: a crash at any moment leaves
either the old file or the new one, never a mix. A file that cannot be read
is moved aside as `NAME.json.corrupt-<UTC time>` and reported, never overwritten.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from losshelp.quiz.progress import Progress, from_dict, to_dict
from losshelp.userdata import data_dir, write_atomic

DEFAULT_PROFILE = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


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


def load_progress(profile: str, root: Path | None = None, *, move_aside: bool = True) -> Loaded:
    """Read a profile; a missing file is a fresh start, a corrupt one is moved aside and reported.

    With `move_aside=False` a corrupt file is reported but left where it is: a screen that only
    shows the standing peeks this way, so the quiz itself still finds the file and tells the user.
    """
    path = profile_path(profile, root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Progress(profile))
    try:
        progress = from_dict(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        problem = str(exc)
    else:
        if progress.profile == profile:
            return Loaded(progress)
        problem = f"the file belongs to profile {progress.profile!r}"
    return Loaded(Progress(profile), _move_aside(path) if move_aside else None, problem)


def save_progress(progress: Progress, root: Path | None = None) -> Path:
    """Write a profile's progress atomically and return the file."""
    path = profile_path(progress.profile, root)
    text = json.dumps(to_dict(progress), ensure_ascii=False, indent=1)
    write_atomic(path, text.encode("utf-8"))
    return path
