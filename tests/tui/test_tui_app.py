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

    monkeypatch.setattr(HomeScreen, "relabel", broken)
    monkeypatch.setattr(LossHelpApp, "run", partialmethod(LossHelpApp.run, headless=True))
    assert main(["tui"]) == 1
