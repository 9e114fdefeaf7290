"""The style of each level and verdict, as rich style strings both faces use (the words are `say`'s).

A level or verdict is always written out as well, so colour is never the only signal."""

from __future__ import annotations

LEVEL_STYLE = {"likely": "bold red", "possible": "yellow", "unlikely": "dim"}
"""A cause's level on the command line, in the terminal's own named colours (they follow its theme)."""

LEVEL_COLORS = {
    True: {"likely": "#ff7b72", "possible": "#e3b341", "unlikely": "#a0a0a0"},
    False: {"likely": "#a40e26", "possible": "#7a4e00", "unlikely": "#555555"},
}
"""A cause's level in the app on a dark (True) and a light (False) theme, each at least 4.5:1 (WCAG AA)
against the theme's background and surface (a test checks)."""

FINDING_STYLE = {"ok": "green", "abnormal": "bold red", "info": "dim", "error": "yellow"}
"""A probe finding's verdict, on the command line and in the app."""

DIAGNOSIS_STYLE = {"healthy": "bold green", "problem": "bold red", "unclear": "bold yellow"}
"""A diagnosis' overall verdict."""


def level_style(level: str, dark: bool) -> str:
    """The app's style of a level: its theme colour, bold for `likely` as on the command line."""
    color = LEVEL_COLORS[dark][level]
    return f"bold {color}" if LEVEL_STYLE[level].startswith("bold") else color
