"""Options and error reporting shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys


def add_lang(parser: argparse.ArgumentParser) -> None:
    """`--lang zh|en`, defaulting to $LOSSHELP_LANG, then to Chinese when the locale is Chinese."""
    default = os.environ.get("LOSSHELP_LANG") or ("zh" if os.environ.get("LANG", "").startswith("zh") else "en")
    parser.add_argument("--lang", choices=("zh", "en"), default=default, help="language of the output (default: %(default)s)")


# Characters str.splitlines() breaks at: a key or value quoted from a user's file may hold one.
_LINE_BREAKS = {c: repr(chr(c))[1:-1] for c in (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)}


def fail(message: str, code: int = 2) -> int:
    """Print a one-line error to stderr (line breaks quoted from the user's input shown escaped) and
    return the exit status to use."""
    print(f"losshelp: error: {message.translate(_LINE_BREAKS)}", file=sys.stderr)
    return code

