"""`losshelp quiz`: practise interview questions with spaced repetition, or show a profile's stats."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from losshelp.commands.common import add_lang, fail

DESCRIPTION = """\
Practise interview questions on why a training loss does not go down, in Chinese or English.
Every answer is a spaced-repetition review (FSRS) kept per profile; --due asks the questions that
are due first, then new ones, at most --new-per-day new questions a day (default 10).

This command is the quiz's line mode: it works in any terminal and from a script, one answer per
line on stdin, a letter (A), several letters for multiple choice (AC), a number (1-4), or q to
stop. The terminal app has the same quiz on the same progress: run `losshelp`, then press q.

Progress is kept in the user data folder (or $LOSSHELP_DATA_DIR), one JSON file per profile.
"""

EPILOG = """\
examples:
  losshelp quiz --tags learning_rate,optimizer --count 5 --lang zh
  losshelp quiz --due --profile alice
  printf 'A\\nBD\\nq\\n' | losshelp quiz --seed 1
  losshelp quiz stats --json
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    # Defaults that live in losshelp.quiz are filled in by `run`, so that --help stays light.
    parser = subparsers.add_parser(
        "quiz",
        help="practise interview questions with spaced repetition",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", nargs="?", choices=("practice", "stats"), default="practice", help="practice (default) or stats")
    parser.add_argument("--tags", default="", help="only questions with one of these comma-separated topics, e.g. learning_rate,data")
    parser.add_argument("--count", type=int, default=10, help="ask at most this many questions (default: %(default)s)")
    parser.add_argument("--due", action="store_true", help="ask the due questions first, then new ones; stop when today's work is done")
    parser.add_argument("--new-per-day", type=int, help="introduce at most this many new questions a day (default: 10)")
    parser.add_argument("--profile", help="whose progress to use (default: 'default')")
    parser.add_argument("--seed", type=int, help="a seed for a repeatable order of questions and options")
    parser.add_argument("--json", action="store_true", help="stats: print them as JSON")
    parser.add_argument("--dir", type=Path, help="a knowledge-base folder to use instead of the bundled one")
    add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from losshelp.kb import KBError, load_kb
    from losshelp.quiz import NEW_PER_DAY, load_progress, parse_tags
    from losshelp.quiz.store import DEFAULT_PROFILE

    args.profile = args.profile or DEFAULT_PROFILE
    args.new_per_day = NEW_PER_DAY if args.new_per_day is None else args.new_per_day
    if args.count < 1 or args.new_per_day < 0:
        return fail("--count must be at least 1 and --new-per-day at least 0")
    try:
        tags = tuple(parse_tags(args.tags))
        kb = load_kb(args.dir)
        loaded = load_progress(args.profile)
    except (KBError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot read progress: {exc}", code=1)
    if loaded.moved_aside is not None:
        from losshelp.present import say

        print(f"losshelp: warning: {say('quiz.corrupt', args.lang, problem=loaded.problem, aside=loaded.moved_aside)}", file=sys.stderr)
    return (run_stats if args.action == "stats" else run_practice)(args, kb, loaded.progress, tags)


def run_stats(args: argparse.Namespace, kb, progress, tags: tuple[str, ...]) -> int:
    from losshelp.commands.quiz_plain import stats_block
    from losshelp.quiz import profile_stats, question_bank, with_tags

    stats = profile_stats(progress, with_tags(question_bank(kb), tags), datetime.now(timezone.utc), args.new_per_day)
    print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2) if args.json else stats_block(stats, args.lang))
    return 0


def run_practice(args: argparse.Namespace, kb, progress, tags: tuple[str, ...]) -> int:
    from losshelp.commands.quiz_plain import run_plain
    from losshelp.present import say
    from losshelp.quiz import Settings, question_bank, save_progress, start_session, with_tags

    bank = question_bank(kb)
    if tags and not with_tags(bank, tags):
        return fail(say("quiz.no_match", args.lang, tags=", ".join(tags)), code=1)
    settings = Settings(tags=tags, count=args.count, due_first=args.due, per_day=args.new_per_day, seed=args.seed)
    session = start_session(bank, progress, settings, datetime.now(timezone.utc))
    if not session.items:
        print(say("quiz.empty", args.lang, cap=args.new_per_day))
        return 0
    try:
        run_plain(session, kb, args.lang, sys.stdin, lambda s: save_progress(s.progress))
    except OSError as exc:
        return fail(f"cannot save progress: {exc}", code=1)
    return 0
