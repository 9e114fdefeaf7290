"""`losshelp tui`: open the terminal app (the default with no command)."""

from __future__ import annotations

import argparse

from losshelp.commands.common import not_built


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tui", help="open the terminal app (the default with no command) (not built yet)", description="open the terminal app (the default with no command).")
    parser.set_defaults(run=not_built("tui"))
