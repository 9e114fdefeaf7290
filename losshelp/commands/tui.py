"""`losshelp tui`: open the terminal app (also what `losshelp` alone does in a terminal)."""

from __future__ import annotations

import argparse
import sys

from losshelp.commands.common import add_lang
from losshelp.errors import InputError

EPILOG = """\
examples:
  losshelp tui                                 the home screen
  losshelp tui --screen quiz --lang zh         straight to the quiz, in Chinese
  losshelp tui --log metrics.csv ckpt.pt       the probe screen, measuring these files at once
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tui",
        help="open the terminal app (the default with no command)",
        description="Open the terminal app: diagnose, probe, practise and browse. F2 switches zh/en, F3 dark/light, Esc goes home.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_lang(parser)
    # Without --lang the app speaks the language it was last switched to, else add_lang's default.
    parser.set_defaults(lang=None, fallback_lang=parser.get_default("lang"))
    parser.add_argument("--screen", choices=("home", "diagnose", "probe", "quiz", "browse"),
                        help="the screen to open first (default: home, or probe when files are given)")
    parser.add_argument("checkpoint", nargs="?", metavar="CHECKPOINT", help="a checkpoint to probe")
    parser.add_argument("--log", metavar="FILE", help="a loss log to probe")
    parser.add_argument("--model", metavar="FILE.py:FACTORY", help="the model factory, for the model probes")
    parser.add_argument("--data", metavar="SOURCE", help="FILE.py:FACTORY, FILE.pt or FILE.npz: batches for the model probes")
    parser.add_argument("--loss", help="cross_entropy, mse, bce, nll or FILE.py:FN (inferred from the targets when left out)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="where the model probes run")
    parser.add_argument("--trust-checkpoint", action="store_true", help="allow a checkpoint that needs pickled code (runs that code)")
    parser.add_argument("--profile", default="default", help="the quiz profile (default: %(default)s)")
    parser.set_defaults(run=run)


def has_terminal() -> bool:
    """Whether stdin and stdout are a terminal, which a full-screen app needs."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    if not has_terminal():
        # A full-screen app drawn into a pipe never ends and shows nobody anything.
        raise InputError("the terminal app needs a terminal on stdin and stdout; in scripts use diagnose, probe, quiz or kb")
    from losshelp.probe.request import ProbeRequest
    from losshelp.tui.app import LossHelpApp
    from losshelp.userdata import load_settings

    request = ProbeRequest(
        checkpoint=args.checkpoint, log=args.log, model=args.model, data=args.data, loss=args.loss,
        device=args.device, trust_checkpoint=args.trust_checkpoint,
    )
    screen = args.screen or ("home" if request.empty else "probe")
    lang = args.lang or load_settings().get("lang") or args.fallback_lang
    app = LossHelpApp(lang=lang, start=screen, profile=args.profile, probe_request=request)
    app.run()
    return 1 if app.return_code else 0
