"""`losshelp kb`: lint, show, search and coverage of the knowledge base."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from losshelp.commands.common import add_lang, fail
from losshelp.present import say


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "kb",
        help="check, show and search the knowledge base",
        description="Check, show and search the knowledge base (symptoms, causes, fixes, rules, questions).",
    )
    parser.add_argument("--dir", type=Path, help="a knowledge-base folder to use instead of the bundled one")
    sub = parser.add_subparsers(dest="kb_command", metavar="ACTION", required=True)

    lint = sub.add_parser("lint", help="list every problem; exit 1 if there is one")
    add_lang(lint)
    lint.set_defaults(run=run_lint)

    show = sub.add_parser("show", help="show one entry by id (a cause, symptom, fix, rule, question or source file)")
    show.add_argument("id")
    add_lang(show)
    show.set_defaults(run=run_show)

    search = sub.add_parser("search", help="search entries in Chinese or English, best match first")
    search.add_argument("words", nargs="+")
    search.add_argument("--limit", type=int, default=10, help="show at most this many hits (default: %(default)s)")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    add_lang(search)
    search.set_defaults(run=run_search)

    coverage = sub.add_parser("coverage", help="print the source-section -> entry table as Markdown")
    coverage.set_defaults(run=run_coverage)

    stats = sub.add_parser("stats", help="count entries per collection and citations per source")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_lang(stats)
    stats.set_defaults(run=run_stats)


def _load(args: argparse.Namespace):
    from losshelp.kb import load_kb

    return load_kb(args.dir)


def _guarded(run):
    """Turn a knowledge-base error into a one-line message and exit status 2."""

    def wrapper(args: argparse.Namespace) -> int:
        from losshelp.kb import KBError

        try:
            return run(args)
        except KBError as exc:
            return fail(str(exc))

    return wrapper


@_guarded
def run_lint(args: argparse.Namespace) -> int:
    from losshelp.kb.lint import lint
    from losshelp.quiz.checks import QUIZ_CHECKS

    kb = _load(args)
    problems = lint(kb)
    if not problems:  # the generated questions are checked once the KB they come from is sound
        problems = lint(kb, extra=QUIZ_CHECKS)
    for problem in problems:
        print(problem)
    counts = ", ".join(say("kb.count", args.lang, n=len(getattr(kb, c)), collection=c) for c in ("symptoms", "causes", "fixes", "rules", "questions"))
    print(say("kb.lint_total", args.lang, n=len(problems), counts=counts))
    return 1 if problems else 0


@_guarded
def run_show(args: argparse.Namespace) -> int:
    from losshelp.commands.output import print_markdown
    from losshelp.kb.describe import describe
    from losshelp.kb.search import SearchIndex

    kb = _load(args)
    entry = kb.find(args.id)
    if entry is None:
        near = [h.id for h in SearchIndex(kb).search(args.id, limit=5)]
        hint = f"; did you mean: {', '.join(near)}" if near else ""
        return fail(f"no entry with id '{args.id}'{hint}")
    print_markdown(describe(kb, entry, args.lang))
    return 0


@_guarded
def run_search(args: argparse.Namespace) -> int:
    from losshelp.kb.describe import title_of
    from losshelp.kb.search import SearchIndex

    kb = _load(args)
    hits = SearchIndex(kb).search(" ".join(args.words), limit=args.limit)
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return 0 if hits else 1
    if not hits:
        print(say("kb.no_match", args.lang))
        return 1
    for hit in hits:
        entry = kb.find(hit.id)
        print(f"{hit.score:7.2f}  {entry.kind:8} {hit.id:28} {title_of(entry.item, args.lang)}")
    return 0


@_guarded
def run_coverage(args: argparse.Namespace) -> int:
    from losshelp.kb.coverage import coverage_markdown

    print(coverage_markdown(_load(args)), end="")
    return 0


@_guarded
def run_stats(args: argparse.Namespace) -> int:
    from losshelp.kb.stats import kb_stats

    stats = kb_stats(_load(args))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    for name, count in stats["entries"].items():
        print(f"{name:10} {count}")
    print(say("kb.citations", args.lang))
    for file, count in stats["citations"].items():
        print(f"  {file}  {count}")
    return 0
