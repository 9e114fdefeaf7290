"""`losshelp diagnose`: infer ranked causes from your answers or stated facts."""

from __future__ import annotations

import argparse

from losshelp.commands.common import not_built


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diagnose", help="infer ranked causes from your answers or stated facts (not built yet)", description="infer ranked causes from your answers or stated facts.")
    parser.set_defaults(run=not_built("diagnose"))
