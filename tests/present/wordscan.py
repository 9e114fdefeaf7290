"""Finding words users read in Python source: string literals that are sentences, Chinese, or passed
straight to something that shows them, outside the vocabulary's `say`."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "losshelp"

SCANNED = (
    *sorted((ROOT / "commands").glob("*.py")), *sorted((ROOT / "tui").rglob("*.py")), ROOT / "kb" / "describe.py",
    *sorted((ROOT / "quiz").glob("*.py")), ROOT / "engine" / "wizard.py", ROOT / "engine" / "result.py",
)
"""The modules that show things to users: the command line, the app, the entry text, the quiz, and the
engine's notices and wizard answers."""

SINKS = frozenset({
    "print", "out", "echo", "write", "notify", "update", "Static", "Label", "Button", "Markdown", "Tree", "Table",
    "add", "add_row", "add_column", "add_option", "Option", "title", "xlabel", "ylabel", "SystemCommand", "Confirm",
    "append", "insert", "extend",
})
"""Calls that put their text arguments in front of users: a single word there counts."""

NOT_WORDS_CALLS = frozenset({
    "say", "t", "_h", "known", "Text", "fail", "add_argument", "add_parser", "add_subparsers", "set_defaults",
    "query_one", "query", "Binding", "getattr", "setattr", "hasattr", "isinstance", "compile", "ArgumentParser",
    "open", "Path", "strftime", "add_class", "remove_class", "set_class", "has_class", "with_name", "glob", "rglob",
    "get", "startswith", "endswith", "split", "replace", "encode", "decode", "join", "dumps", "loads", "TypeVar",
})
"""Calls whose text arguments are keys, ids, paths, argparse's English reference (`--help`) or error
lines (errors.py: one English line, exit 2), not words of the vocabulary."""

NOT_WORDS_KEYWORDS = frozenset({
    "id", "classes", "name", "variant", "severity", "marker", "color", "key", "action", "group", "end", "sep", "encoding",
    "mode", "overflow", "justify", "style", "help", "description", "epilog", "metavar", "dest",
})
"""Keyword arguments that take ids, styles or argparse text, never shown words."""

NOT_WORDS_NAMES = frozenset({"DEFAULT_CSS", "CSS", "CSS_PATH", "DESCRIPTION", "EPILOG", "STOP", "AUTO_FOCUS"})
"""Module or class constants that hold CSS, argparse's `--help` text or accepted input, not shown words."""

ALLOWED = (re.compile(r"^\s*losshelp( [a-z-]+)+ \{\}"), re.compile(r"^losshelp: (error|warning): \{\}$"), re.compile(r"^```\w+$"))
"""Text that is not words in any language: a command to type, the command line's error and warning
prefix (like a compiler's), a code fence."""

ERROR_DETAILS = {
    "commands/diagnose.py": {"answer file", "YAML or JSON", "no value (the file is blank or only comments)",
                             "a value that is itself a list or mapping", "a single value", "the answer file {}"},
    "commands/kb.py": {"; did you mean: {}"},
    "quiz/checks.py": {"answer in stem", "{}: the stem names '{}' or shows an internal id"},
    "quiz/store.py": {"nested too deeply to be a progress file", "the file belongs to profile {}"},
    "quiz/progress.py": {"items.{}.options"},
}
"""Parts of error lines and knowledge-base lint problems, which are English by errors.py's contract
(one line on stderr, exit 2), not words of the vocabulary; each is checked to still exist."""

_MARKUP = re.compile(r"\[/?[a-z #0-9_.=@-]*\]")
_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Loose:
    """A string literal with words in it, written outside the vocabulary."""

    path: str
    line: int
    text: str


def is_words(text: str, shown: bool) -> bool:
    """Whether `text` (its fields already blanked) reads as words: Chinese, two words or more, or one
    word when it goes straight to the screen."""
    bare = _MARKUP.sub(" ", text)
    if any(p.match(bare) for p in ALLOWED):
        return False
    if _CJK.search(bare):
        return True
    words = _WORD.findall(bare)
    spaced = len(re.findall(r"[A-Za-z]{2,}[^\w{}]+[A-Za-z]{2,}", bare)) > 0 and " " in bare
    return spaced or (shown and bool(words))


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _literal_text(node: ast.AST) -> str | None:
    """A str constant as it is, an f-string with its fields blanked to {}; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _walk(node: ast.AST, shown: bool, path: str) -> Iterator[Loose]:
    """Every loose literal under `node`; `shown` when the enclosing call shows its arguments."""
    if isinstance(node, (ast.Compare, ast.Subscript, ast.Raise, ast.Assert, ast.Import, ast.ImportFrom)):
        return
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # a docstring
        return
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(t, ast.Name) and t.id in NOT_WORDS_NAMES for t in targets):
            return
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _walk(value, shown, path)
        return
    if isinstance(node, ast.keyword) and node.arg in NOT_WORDS_KEYWORDS:
        return
    if isinstance(node, ast.Call):
        name = _called(node)
        if name in NOT_WORDS_CALLS:
            return
        yield from _walk(node.func, shown, path)
        for child in [*node.args, *node.keywords]:
            yield from _walk(child, shown or name in SINKS, path)
        return
    text = _literal_text(node)
    if text is not None:
        if is_words(text, shown):
            yield Loose(path, getattr(node, "lineno", 0), text)
        if isinstance(node, ast.JoinedStr):  # the fields' own expressions
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    yield from _walk(value.value, shown, path)
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, shown, path)


def loose_words(source: str, path: str = "<source>") -> list[Loose]:
    """The loose literals of one module's source."""
    return list(_walk(ast.parse(source), False, path))


def string_literals(source: str) -> tuple[set[str], set[str]]:
    """(every str literal, every literal prefix a key is built from: `"x_" + y`, `f"x_{y}"`)."""
    exact, prefixes = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            exact.add(node.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            prefixes.add(node.left.value)
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) and len(node.values) > 1:
            prefixes.add(node.values[0].value)
    return exact, prefixes
