"""App-wide behaviour: the first screen needs no torch, F2 and F3 switch language and theme."""

from __future__ import annotations

import subprocess
import sys

from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.home import HomeScreen

FIRST_SCREEN = """
import asyncio, sys
from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.home import HomeScreen

async def main():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    print(sorted(m for m in ("torch", "losshelp.engine.reasoner", "losshelp.probe") if m in sys.modules))

asyncio.run(main())
"""


def test_the_first_screen_loads_neither_torch_nor_the_engine():
    out = subprocess.run([sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


async def test_f2_switches_the_footer_language_and_f3_the_theme():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        descriptions = lambda: {b.description for b in app._bindings.key_to_bindings["f3"]}  # noqa: E731
        assert descriptions() == {"Dark/light"}
        await pilot.press("f2")
        await pilot.pause()
        assert descriptions() == {"深色/浅色"}
        theme = app.theme
        await pilot.press("f3")
        assert app.theme != theme


def test_an_unhandled_error_in_the_app_exits_non_zero(monkeypatch):
    from functools import partialmethod

    from losshelp.cli import main

    def broken(self, lang: str) -> None:
        raise RuntimeError("drawing failed")

    import losshelp.commands.tui as tui_command

    monkeypatch.setattr(HomeScreen, "relabel", broken)
    monkeypatch.setattr(LossHelpApp, "run", partialmethod(LossHelpApp.run, headless=True))
    monkeypatch.setattr(tui_command, "has_terminal", lambda: True)
    assert main(["tui"]) == 1


async def test_f1_lists_the_current_screens_keys_in_the_current_language():
    from textual.widgets import DataTable

    from losshelp.tui.dialogs.help import Help
    from losshelp.tui.i18n import t

    app = LossHelpApp(lang="zh", start="diagnose")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wizard = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        table = app.screen.query_one(DataTable)
        labels = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        for key in ("key_unknown", "key_back", "key_tell", "key_new", "key_lang", "key_theme", "key_quit"):
            assert t(key, "zh") in labels
        assert labels.index(t("key_tell", "zh")) < labels.index(t("key_quit", "zh"))  # the screen's keys first
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wizard


async def test_the_command_palette_offers_the_apps_commands():
    from textual.command import CommandPalette

    from losshelp.tui.screens.browse import BrowseScreen

    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Browse")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Home", "Diagnose", "Probe", "Practise", "Browse", "Language: 中文", "New diagnosis", "Run the demo"} <= titles


async def test_language_and_theme_are_remembered_for_the_next_run(data_dir):
    app = LossHelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.lang == "en"
        await pilot.press("f2", "f3")
        await pilot.pause()
        theme = app.theme
    again = LossHelpApp()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.lang == "zh" and again.theme == theme
        await pilot.press("f2")
    assert LossHelpApp(lang="zh").lang == "zh" and LossHelpApp().lang == "en"
    (data_dir / "settings.json").write_text("{broken", encoding="utf-8")
    assert LossHelpApp().lang == "en"  # an unreadable file is ignored


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_cause_levels_read_at_wcag_aa_contrast_in_both_themes():
    from losshelp.present.styles import LEVEL_COLORS
    from losshelp.tui.app import THEMES

    app = LossHelpApp()
    for name in THEMES:
        theme = app.get_theme(name)
        colors = theme.to_color_system().generate()
        for level, color in LEVEL_COLORS[theme.dark].items():
            for ground in ("background", "surface"):
                assert _contrast(color, colors[ground]) >= 4.5, (name, level, ground)
