"""Printing for the subcommands: rich rendering on a terminal, plain text when piped."""

from __future__ import annotations

import sys


def print_markdown(text: str) -> None:
    """Render Markdown with rich on a terminal; print it as it is into a pipe or file."""
    if not sys.stdout.isatty():
        print(text, end="")
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))
