"""`losshelp diagnose`: infer ranked causes from your answers or stated facts.

Presentation only: facts are read from `--answers`/`--set`, checked and ranked by the engine,
then printed as JSON or as rich text; with no facts on a terminal, the line-mode wizard asks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from losshelp.commands.common import add_lang, fail
from losshelp.errors import InputError

# An answer file holds a few dozen `fact: value` lines; anything near this size is not one.
MAX_ANSWER_BYTES = 1024 * 1024
# Integers beyond this do not fit a float (about 1.8e308): no fact value can be one.
MAX_INT = 10**308


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diagnose",
        help="infer ranked causes from your answers or stated facts",
        description="Rank the causes of a loss that does not go down. With no facts on a terminal, asks questions "
        "(numbered answers, u = unknown, ? = why ask, b = back, q = quit and show the result).",
        epilog="example: losshelp diagnose --set train_loss=flat --set stage=first_epochs --json",
    )
    parser.add_argument("--answers", type=Path, metavar="FILE", help="a YAML or JSON file of `fact: value` lines")
    parser.add_argument("--set", dest="sets", action="append", default=[], metavar="FACT=VALUE", help="state one fact (repeatable)")
    parser.add_argument("--json", action="store_true", help='print one JSON object: {"facts", "findings", "causes"}')
    parser.add_argument("--top", type=int, default=5, metavar="N", help="show the N best causes (default: %(default)s; JSON lists all)")
    add_lang(parser)
    parser.set_defaults(run=run)


def read_answers(path: Path) -> dict[str, object]:
    """The `fact: value` mapping in a YAML or JSON file (JSON is YAML), or InputError naming the file."""
    from losshelp.kb.yamldoc import YamlError, read_yaml_text
    from losshelp.readfile import read_text

    text = read_text(path, "answer file", MAX_ANSWER_BYTES)
    try:
        data = read_yaml_text(text, path, kind="YAML or JSON").data
    except YamlError as exc:
        raise InputError(f"{exc}; expected a mapping of `fact: value`") from None
    if not isinstance(data, dict) or any(isinstance(v, (dict, list)) for v in data.values()):
        raise InputError(f"{path}: expected a mapping of `fact: value` (one value per fact), found {_what(data)}")
    for fact, value in data.items():
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise InputError(f"{path}: {fact}: the number {str(value)[:12]}... has {len(str(abs(value)))} digits; no fact takes so large a number")
    return {str(k): v for k, v in data.items()}


def _what(data: object) -> str:
    """What a parsed answer file holds, in words rather than Python type names."""
    if data is None:
        return "no value (the file is blank or only comments)"
    if isinstance(data, dict):
        return "a value that is itself a list or mapping"
    if isinstance(data, list):
        return "a list"
    return "a single value"


def run(args: argparse.Namespace) -> int:
    from losshelp.engine import FactError, WizardSession, diagnose
    from losshelp.engine.facts import parse_pairs
    from losshelp.kb import KBError, default_kb

    try:
        answers, sets = read_answers(args.answers) if args.answers else {}, parse_pairs(args.sets)
        raw = {**answers, **sets}
        source = {**dict.fromkeys(answers, f"the answer file {args.answers}"), **dict.fromkeys(sets, "--set")}
        if args.top < 1:
            raise InputError("--top takes a positive number")
        if not raw and sys.stdin.isatty() and not args.json:
            from losshelp.commands.diagnose_wizard import run_wizard

            return run_wizard(WizardSession(lang=args.lang), args.top)
        result = diagnose(raw, source=source)
    except (InputError, FactError, KBError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(result.to_json(default_kb(), args.lang), ensure_ascii=False, indent=2))
    else:
        from losshelp.commands.diagnose_view import print_diagnosis

        print_diagnosis(result, args.lang, args.top)
    return 0
