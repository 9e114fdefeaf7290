"""The knowledge browser, driven with Pilot as a user would."""

from __future__ import annotations

from textual.widgets import Input, Markdown, Tree

from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.browse import BrowseScreen
from losshelp.tui.screens.home import HomeScreen


def _labels(node) -> list[str]:
    return [str(child.label) for child in node.children]


async def test_home_opens_the_browser_by_key_and_escape_goes_back():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("k")
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_tree_goes_symptoms_to_causes_to_fixes():
    app = LossHelpApp(lang="en", start="browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one("#kb-tree", Tree)
        symptoms = tree.root.children[0]
        train_loss = next(n for n in symptoms.children if n.data == "train_loss")
        cause_ids = [n.data for n in train_loss.children]
        assert cause_ids, "a symptom lists the causes it speaks for"
        cause = train_loss.children[0]
        assert [n.data for n in cause.children] == list(app.kb.causes[cause.data].fixes)


async def test_search_in_chinese_lists_hits_and_shows_the_entry():
    app = LossHelpApp(lang="zh", start="browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#search", Input).focus()
        await pilot.press(*"过拟合", "enter")
        await pilot.pause()
        tree = app.screen.query_one("#kb-tree", Tree)
        results = tree.root.children[0]
        assert "搜索结果" in str(results.label)
        assert results.children[0].data == "overfitting"
        await pilot.pause()
        shown = app.screen.query_one("#entry", Markdown).source
        source = app.kb.sources["003_bace0008800d3346.txt"]
        assert "出处" in shown and f"- {source.title.zh} › " in shown and "003_bace0008800d3346.txt" not in shown


async def test_language_switch_relabels_the_screen():
    app = LossHelpApp(lang="en", start="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _labels(app.screen.query_one("#kb-tree", Tree).root)[0] == "Symptoms"
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "zh"
        assert _labels(app.screen.query_one("#kb-tree", Tree).root)[0] == "症状"
        assert app.screen.query_one("#search", Input).placeholder.startswith("搜索")
