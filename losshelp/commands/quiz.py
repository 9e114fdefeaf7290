"""`losshelp quiz`: practise interview questions with spaced repetition."""

from __future__ import annotations

import argparse

from losshelp.commands.common import not_built


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("quiz", help="practise interview questions with spaced repetition (not built yet)", description="practise interview questions with spaced repetition.")
    parser.set_defaults(run=not_built("quiz"))
