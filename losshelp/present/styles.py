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
"""A probe finding's verdict on the command line (the terminal's own palette)."""

VERDICT_COLORS = {
    True: {"ok": "#8ad4a1", "abnormal": "#ff7b72", "info": "#a0a0a0", "error": "#e3b341"},
    False: {"ok": "#1d5e31", "abnormal": "#a40e26", "info": "#4a4a4a", "error": "#6b4400"},
}
"""A finding's verdict in the app, dark (True) and light (False) theme: each reads at 4.5:1 or more
(WCAG AA) on the theme's background, surface and panel (tests/tui/test_contrast.py); a verdict is
also written out in words, never colour alone."""
MUTED = {True: "#a0a0a0", False: "#4a4a4a"}
"""Asides in the app (a saved diagnosis's time, the hint after the probe's one-line form), per theme."""

DIAGNOSIS_STYLE = {"healthy": "bold green", "problem": "bold red", "unclear": "bold yellow"}
"""A diagnosis' overall verdict."""


def level_style(level: str, dark: bool) -> str:
    """The app's style of a level: its theme colour, bold for `likely` as on the command line."""
    color = LEVEL_COLORS[dark][level]
    return f"bold {color}" if LEVEL_STYLE[level].startswith("bold") else color


def verdict_markup(verdict: str, words: str, dark: bool) -> str:
    """`words` in the verdict's app colour, bold when something is abnormal."""
    style = VERDICT_COLORS[dark][verdict]
    return f"[{'bold ' if verdict == 'abnormal' else ''}{style}]{words}[/]"


def muted_markup(words: str, dark: bool) -> str:
    """`words` as an aside in the app's muted colour."""
    return f"[{MUTED[dark]}]{words}[/]"
