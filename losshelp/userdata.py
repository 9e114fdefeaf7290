"""Where losshelp keeps a user's files, and how it writes them so that a crash loses nothing.

The folder is `platformdirs.user_data_dir("losshelp")`, or `$LOSSHELP_DATA_DIR` when set (tests
set it so that they never touch the real home). A write goes to a temporary file in the same
folder, is flushed and fsynced, then renamed over the old file and the folder fsynced.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV_DIR = "LOSSHELP_DATA_DIR"


def data_dir() -> Path:
    """The folder that holds quiz progress and saved diagnoses."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("losshelp"))


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; some platforms cannot open a folder, and there it is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
