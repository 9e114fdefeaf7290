"""The `losshelp` command line: parses arguments and hands each subcommand to its module.

Kept light on purpose: `losshelp --help` and `--version` import neither torch nor textual;
each subcommand imports what it needs only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from losshelp import __version__
from losshelp.engine.backend import backend_name
from losshelp.errors import LosshelpError

# Subcommand name -> module under losshelp.commands with `add_parser(subparsers)` and `run(args)`.
COMMANDS = ("diagnose", "probe", "quiz", "kb", "tui", "run")

DESCRIPTION = """\
Why does my training loss not go down, and what do I do?

losshelp reasons over a knowledge base of causes and fixes (taken from five source documents),
asks you the questions that narrow the causes down, measures checkpoints and loss logs, and
quizzes you for interviews. Run it with no arguments to open the terminal app.
"""

EPILOG = """\
examples:
  losshelp probe --demo                      diagnose the bundled faulty run
  losshelp diagnose --set train_loss=flat --set stage=first_epochs
  losshelp probe ckpt.pt --log metrics.csv   measure a checkpoint and a loss log
  losshelp quiz                              practise interview questions
  losshelp kb search 学习率                  search the knowledge base (zh or en)

Run `losshelp COMMAND --help` for the options of each command.
"""


def build_parser() -> argparse.ArgumentParser:
    """The full parser: one subparser per command module."""
    parser = argparse.ArgumentParser(
        prog="losshelp",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"losshelp {__version__} (engine backend: {backend_name()})",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"losshelp.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            args = parser.parse_args(["tui"])
        else:
            parser.print_help()
            return 0
    try:
        return int(args.run(args) or 0)
    except LosshelpError as exc:
        # Any error a user can cause: one line, exit 2 (commands need not catch their own).
        from losshelp.commands.common import fail

        return fail(str(exc))
    except ModuleNotFoundError as exc:
        if exc.name != "torch":
            raise
        from losshelp.commands.common import fail

        return fail("this needs PyTorch, which is not installed here: pip install torch")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other command-line tools do.
        sys.stderr.close()
        return 141
