"""Where losshelp keeps a user's files, and how it writes them so that a crash loses nothing.

The folder is `platformdirs.user_data_dir("losshelp")`, or `$LOSSHELP_DATA_DIR` when set (tests
set it so that they never touch the real home). A write goes to a temporary file in the same
folder, is flushed and fsynced, then renamed over the old file and the folder fsynced. Saved
diagnoses are Markdown files under `diagnoses/`, named by the time of saving.
"""

from __future__ import annotations

import glob
import os
import tempfile
from datetime import datetime
from pathlib import Path

ENV_DIR = "LOSSHELP_DATA_DIR"
DIAGNOSES = "diagnoses"


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


def remove_temporaries(path: Path) -> int:
    """Delete the temporary files `write_atomic` leaves beside `path` when its writer is killed; the
    caller makes sure no writer of `path` is running (it holds the file's lock). Returns how many."""
    removed = 0
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def _stamp() -> str:
    """The local time to the microsecond, so that names sort in the order the files were saved."""
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def _claim(folder: Path, stem: str) -> Path:
    """Create an empty `stem.md` (or `stem_2.md`, ...: a twin sorts after it) that no other save can also get.

    O_EXCL makes the claim atomic, across processes too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}_{n}.md")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            n += 1
            continue
        return path


def save_diagnosis(text: str) -> Path:
    """Save a diagnosis summary as a new Markdown file and return it; two saves never share a file."""
    path = _claim(data_dir() / DIAGNOSES, _stamp())
    try:
        write_atomic(path, text.encode("utf-8"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def recent_diagnoses(n: int) -> list[Path]:
    """The `n` most recently saved diagnoses, newest first."""
    return sorted((data_dir() / DIAGNOSES).glob("*.md"), reverse=True)[:n]


SNIPPETS = "snippets"


def save_snippet(name: str, code: str) -> Path:
    """Save a fix's code as `snippets/NAME.py` (replaced atomically) and return the file: the copy that a
    user can open whether or not the terminal took the clipboard text."""
    path = data_dir() / SNIPPETS / f"{name}.py"
    write_atomic(path, code.encode("utf-8"))
    return path


SETTINGS = "settings.json"


def load_settings() -> dict[str, str]:
    """The app's remembered choices (theme, language, last probe paths); empty when none were saved
    or the file cannot be read (settings are a convenience: a bad file is ignored, then replaced)."""
    import json

    try:
        data = json.loads((data_dir() / SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_settings(changes: dict[str, str]) -> None:
    """Remember these choices besides the others already saved (atomically)."""
    import json

    write_atomic(data_dir() / SETTINGS, json.dumps({**load_settings(), **changes}, ensure_ascii=False, indent=1).encode("utf-8"))


def load_json(name: str) -> object | None:
    """The JSON document `name` (a path under the data folder), or None when there is none or it
    cannot be read: what is kept this way is a convenience that a fresh start replaces."""
    import json

    try:
        return json.loads((data_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_json(name: str, data: object) -> None:
    """Replace the JSON document `name` as a whole (atomically): two processes writing it at once
    leave one's document or the other's, never a mix and never a merge of stale parts."""
    import json

    write_atomic(data_dir() / name, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
