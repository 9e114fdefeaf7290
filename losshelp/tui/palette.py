"""Colours that Python markup writes into text (a finding's verdict, a muted aside), per theme: dark
(True) and light (False). Each reads at 4.5:1 or more (WCAG AA) on the theme's background, surface
and panel (tests/tui/test_contrast.py); a verdict is also written out in words, never colour alone."""

from __future__ import annotations

VERDICT_COLORS = {
    True: {"ok": "#8ad4a1", "abnormal": "#ff7b72", "info": "#a0a0a0", "error": "#e3b341"},
    False: {"ok": "#1d5e31", "abnormal": "#a40e26", "info": "#4a4a4a", "error": "#6b4400"},
}
MUTED = {True: "#a0a0a0", False: "#4a4a4a"}
"""For asides (a saved diagnosis's time, the hint after the probe's one-line form)."""


def verdict_markup(verdict: str, words: str, dark: bool) -> str:
    """`words` in the verdict's colour, bold when something is abnormal."""
    style = VERDICT_COLORS[dark][verdict]
    return f"[{'bold ' if verdict == 'abnormal' else ''}{style}]{words}[/]"


def muted_markup(words: str, dark: bool) -> str:
    return f"[{MUTED[dark]}]{words}[/]"
