"""Loaded by Python at start-up in processes `losshelp run` starts: installs the watcher's patches,
then runs any sitecustomize this one shadows, so the user's own start-up code still runs."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))

try:
    from losshelp.watch.session import install_from_env

    install_from_env()
except ImportError as exc:  # torch or losshelp missing in this interpreter: run unwatched
    if os.environ.get("LOSSHELP_WATCH_DIR"):
        print(f"losshelp run: not watching ({exc})", file=sys.stderr)

for _entry in sys.path:
    _other = os.path.join(_entry or ".", "sitecustomize.py")
    if os.path.abspath(_entry or ".") != _here and os.path.isfile(_other):
        with open(_other, encoding="utf-8") as _file:
            exec(compile(_file.read(), _other, "exec"), {"__name__": "sitecustomize", "__file__": _other})
        break
