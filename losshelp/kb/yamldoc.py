"""Read YAML and remember the line of every key, so that errors can point into the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from losshelp.errors import InputError
from losshelp.readfile import FileProblem, read_text

Loc = tuple[str | int, ...]
# libyaml's parser where PyYAML was built with it (about 10x faster); the same safe constructor either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Values in a document once aliases are expanded, and levels of nesting: the bundled knowledge base's largest
# file (rules.yaml) has 3,831 values and 6 levels, so these leave room while refusing an alias bomb in milliseconds.
MAX_NODES = 50_000
MAX_DEPTH = 64


class YamlError(InputError):
    """A YAML file that cannot be read; `str()` is one line naming the file and the line."""


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document, with the 1-based line of each key path inside it."""

    path: Path
    data: Any
    lines: dict[Loc, int]

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest ancestor that has one."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def _key(node: yaml.Node) -> str | int:
    """A mapping key as it appears in a location: the scalar's text, or a short stand-in for a complex key."""
    return node.value if isinstance(node, yaml.ScalarNode) else f"<{node.tag.rsplit(':', 1)[-1]} key>"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _check_size(root: yaml.Node, path: Path, kind: str) -> None:
    """Refuse, before any data is built, a recursive alias, more than MAX_NODES values once aliases are
    expanded (an alias bomb) or more than MAX_DEPTH levels; each node is measured once, so this is quick
    however far the aliases would expand."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        kids = _children(node)
        if leaving:
            on_path.discard(id(node))
            size[id(node)] = 1 + sum(size[id(k)] for k in kids)
            depth[id(node)] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[id(node)] > MAX_NODES:
                raise YamlError(f"{path}: not valid {kind}: more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)")
            if depth[id(node)] > MAX_DEPTH:
                raise YamlError(f"{path}:{node.start_mark.line + 1}: not valid {kind}: nested more than {MAX_DEPTH} levels deep")
            continue
        if id(node) in size:
            continue
        if id(node) in on_path:
            raise YamlError(f"{path}:{node.start_mark.line + 1}: not valid {kind}: an alias refers to a node that contains it (a recursive alias)")
        on_path.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in size)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = loc + (_key(key),)
            _walk(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, loc + (i,), lines)


def _marked(exc: yaml.MarkedYAMLError, path: Path, kind: str) -> str:
    """`path:line: not valid YAML: problem`, naming the line an unclosed bracket or quote opened on."""
    mark, opened = exc.problem_mark, exc.context_mark
    where = f"{path}:{mark.line + 1}" if mark else str(path)
    message = f"{where}: not valid {kind}: {exc.problem}"
    if opened is not None and (mark is None or opened.line != mark.line):
        message += f" ({exc.context} on line {opened.line + 1})"
    return message


def read_yaml_text(text: str, path: Path, kind: str = "YAML") -> YamlDoc:
    """Parse `text` (the content of `path`) into data plus a key -> line map; errors call the file `kind`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _check_size(node, path, kind)
            _walk(node, (), lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_marked(exc, path, kind)) from None
    except yaml.YAMLError as exc:  # e.g. the reader's "unacceptable character", whose text spans two lines
        raise YamlError(f"{path}: not valid {kind}: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise YamlError(f"{path}: not valid {kind}: nested too deeply") from None
    except ValueError as exc:  # a value the constructor cannot build: a 4300+ digit integer, a date like 2024-13-45
        problem = "an integer with more than 4300 digits" if "digits" in str(exc) else str(exc).splitlines()[0]
        raise YamlError(f"{path}: not valid {kind}: {problem}") from None
    finally:
        loader.dispose()
    return YamlDoc(path=path, data=data, lines=lines)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse the YAML file at `path`."""
    try:
        text = read_text(path, "YAML file", empty_ok=True)
    except FileProblem as exc:
        raise YamlError(str(exc)) from None
    return read_yaml_text(text, path)
