"""`losshelp run -- python train.py ARGS`: run a training script unchanged, watched live.

The child gets losshelp's start-up hook on PYTHONPATH (like `python -m cProfile`, no code change);
every optimizer it makes is watched, alerts go to its stderr, and the run folder is left for
`losshelp probe --run DIR`. The script's exit status is passed through.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from importlib.resources import files

from losshelp.commands.common import add_lang

EPILOG = """\
examples:
  losshelp run -- python train.py --epochs 3
  losshelp run --log-dir runs/exp1 --every 5 -- python train.py
  losshelp run -- torchrun --nproc-per-node 2 train.py     each rank watches, rank 0 reports
then: losshelp probe --run runs/exp1
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run a training script with the live checks attached (no code change)",
        description="Run COMMAND (a Python training script) with losshelp's live checks attached to every optimizer "
        "and model it creates; alerts are printed as they fire and the run folder is written for `losshelp probe --run`.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--log-dir", metavar="DIR", help="the run folder (default: runs/watch-DATE-TIME)")
    parser.add_argument("--every", type=int, metavar="N", help="take the costlier measurements every N steps (default: 10)")
    add_lang(parser)
    parser.add_argument("command", nargs=argparse.REMAINDER, metavar="-- COMMAND ...", help="the command that trains, e.g. python train.py")
    parser.set_defaults(run=run)


def child_env(log_dir: str, every: int | None, lang: str, base: dict[str, str]) -> dict[str, str]:
    """The child's environment: the start-up hook and losshelp itself first on PYTHONPATH, the
    watcher's settings in LOSSHELP_WATCH_*."""
    from losshelp.watch.env import ENV_DIR, ENV_EVERY, ENV_LANG

    site = str(files("losshelp.watch") / "_site")
    package_root = os.path.dirname(os.path.dirname(str(files("losshelp"))))
    path = [site, package_root] + ([base["PYTHONPATH"]] if base.get("PYTHONPATH") else [])
    env = {**base, "PYTHONPATH": os.pathsep.join(path), ENV_DIR: log_dir, ENV_LANG: lang}
    if every:
        env[ENV_EVERY] = str(every)
    return env


def run(args: argparse.Namespace) -> int:
    from losshelp.commands.common import fail

    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        return fail("nothing to run: give the command after --, e.g. losshelp run -- python train.py")
    if args.every is not None and args.every < 1:
        return fail(f"--every {args.every}: give a whole number of steps, 1 or more")
    log_dir = os.path.abspath(args.log_dir or time.strftime("runs/watch-%Y%m%d-%H%M%S"))
    try:
        completed = subprocess.run(command, env=child_env(log_dir, args.every, args.lang, dict(os.environ)))
    except OSError as exc:
        return fail(f"cannot run {command[0]!r}: {exc.strerror or exc}")
    code = completed.returncode
    return 128 - code if code < 0 else code
