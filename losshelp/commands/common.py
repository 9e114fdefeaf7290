"""Options and error reporting shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys


def add_lang(parser: argparse.ArgumentParser) -> None:
    """`--lang zh|en`, defaulting to $LOSSHELP_LANG, then to Chinese when the locale is Chinese."""
    default = os.environ.get("LOSSHELP_LANG") or ("zh" if os.environ.get("LANG", "").startswith("zh") else "en")
    parser.add_argument("--lang", choices=("zh", "en"), default=default, help="language of the output (default: %(default)s)")


def fail(message: str, code: int = 2) -> int:
    """Print a one-line error to stderr and return the exit status to use."""
    print(f"losshelp: error: {message}", file=sys.stderr)
    return code

