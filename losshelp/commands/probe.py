"""`losshelp probe`: measure a checkpoint, a loss log, or a model with data, then diagnose."""

from __future__ import annotations

import argparse

from losshelp.commands.common import not_built


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("probe", help="measure a checkpoint, a loss log, or a model with data, then diagnose (not built yet)", description="measure a checkpoint, a loss log, or a model with data, then diagnose.")
    parser.set_defaults(run=not_built("probe"))
