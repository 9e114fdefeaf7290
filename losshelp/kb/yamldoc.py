"""Read YAML and remember the line of every key, so that errors can point into the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from losshelp.errors import InputError

Loc = tuple[str | int, ...]
# libyaml's parser where PyYAML was built with it (about 10x faster); the same safe constructor either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = loc + (key.value,)
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
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_marked(exc, path, kind)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{path}: not valid {kind}: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(path=path, data=data, lines=lines)


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse the YAML file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"{path}: cannot read: {exc}") from None
    return read_yaml_text(text, path)
