"""WCAG AA: every text colour the app shows reads at 4.5:1 or more on its background, in both themes:
the colours its styles give each widget on every screen, and the colours its markup writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color
from textual.widget import Widget

from losshelp.present.styles import LEVEL_COLORS, MUTED, VERDICT_COLORS
from losshelp.tui.app import THEMES, LossHelpApp
from losshelp.tui.messages import OpenWizard

AA = 4.5
TUI = Path(__file__).resolve().parents[2] / "losshelp" / "tui"


def luminance(color: Color) -> float:
    """Relative luminance (WCAG 2.x)."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (color.r / 255, color.g / 255, color.b / 255)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_the_wcag_reference_values():
    assert contrast(Color.parse("#000000"), Color.parse("#ffffff")) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color.parse("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", THEMES)
def test_markup_colours_read_on_every_ground_of_the_theme(name: str):
    theme = LossHelpApp().get_theme(name)
    system = theme.to_color_system().generate()
    colors = {**VERDICT_COLORS[theme.dark], "muted": MUTED[theme.dark], **LEVEL_COLORS[theme.dark]}
    grounds = ("background", "surface", "panel")
    low = {(key, ground): round(contrast(Color.parse(c), Color.parse(system[ground])), 2) for key, c in colors.items() for ground in grounds}
    assert {k: v for k, v in low.items() if v < AA} == {}


def test_markup_takes_its_colours_from_the_palette():
    """A colour name or `dim` written in markup bypasses the palette (and dim text fails AA on the light theme)."""
    named = re.compile(r"\[(?:bold |italic )*(?:dim|red|green|yellow|blue|cyan|magenta|white|black|grey\w*)\b")
    found = [f"{p.name}: {m.group()}" for p in sorted(TUI.rglob("*.py")) for m in named.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


async def _low_contrast(app: LossHelpApp, where: str, out: dict[str, float]) -> None:
    for widget in [app.screen, *app.screen.walk_children(Widget)]:
        if widget.display and widget.visible:
            _, _, background, color = widget.colors
            ratio = contrast(color, background)
            if ratio < AA:
                out[f"{where}: {type(widget).__name__}#{widget.id}"] = round(ratio, 2)


@pytest.mark.parametrize("name", THEMES)
async def test_every_widget_on_every_screen_reads_at_aa_contrast(name: str, data_dir: Path):
    app = LossHelpApp(lang="en", quiz_seed=2)
    low: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = name
        await pilot.pause()
        await _low_contrast(app, "home", low)
        app.post_message(OpenWizard({"stage": "first_epochs", "train_loss": "flat"}))
        await pilot.pause()
        await _low_contrast(app, "diagnose", low)
        await pilot.press("f1")
        await pilot.pause()
        await _low_contrast(app, "help", low)
        await pilot.press("escape")
        app.switch_mode("quiz")
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        await _low_contrast(app, "quiz", low)
        app.switch_mode("browse")
        await pilot.pause()
        app.screen.show_entry("lr_too_high")  # headings, lists and a code block
        await pilot.pause()
        await _low_contrast(app, "browse", low)
        app.switch_mode("probe")
        await pilot.pause()
        await _low_contrast(app, "probe", low)
    assert low == {}
