"""`losshelp tui`: open the terminal app (also what `losshelp` alone does in a terminal)."""

from __future__ import annotations

import argparse

from losshelp.commands.common import add_lang


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tui",
        help="open the terminal app (the default with no command)",
        description="Open the terminal app: diagnose, probe, practise and browse. F2 switches zh/en, F3 dark/light.",
    )
    add_lang(parser)
    parser.add_argument("--screen", choices=("home", "diagnose", "probe", "quiz", "browse"), default="home", help="the screen to open first")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from losshelp.tui.app import LossHelpApp

    app = LossHelpApp(lang=args.lang, start=args.screen)
    app.run()
    return 0
