"""What the app shows is in people's words: no file locations, no hashed source names, no 30.0 for an
integer, on every screen in both languages; an entry's id appears only in its last, muted line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Markdown, Static, Tree

from losshelp.kb import default_kb
from losshelp.kb.describe import describe
from losshelp.tui.app import LossHelpApp
from losshelp.tui.messages import OpenWizard

DATA = Path(__file__).resolve().parents[2] / "losshelp" / "kb" / "data"
AUTHORED = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(DATA.glob("*.yaml")))
"""Every sentence the knowledge base writes itself: "clip the norm to 1.0" is a float it means."""
CODE = re.compile(r"```.*?```", re.S)
ID_LINE = re.compile(r"\n\*losshelp kb show [^*\n]+\*\s*$")
INTERNAL = re.compile(r"\w+\.ya?ml:\d+|_[0-9a-f]{16}|\.txt#")
FLOAT_INT = re.compile(r"\b\d+\.0\b(?!\d)")


def problems(text: str) -> list[str]:
    """Internal ids and integers written as floats in `text` (snippets of code and an entry's last id line aside)."""
    text = ID_LINE.sub("", CODE.sub("", text))
    found = [m.group() for m in INTERNAL.finditer(text)]
    for m in FLOAT_INT.finditer(text):
        lead = re.search(r"[^*`\n]{0,8}$", text[: m.start()])
        before = " ".join(((lead.group() if lead else "") + m.group()).split())
        if before not in AUTHORED:
            found.append(before)
    return found


def rendered(screen: Screen) -> list[str]:
    """The text of every widget on `screen`: Markdown sources, table cells, tree labels, labels and buttons."""
    out: list[str] = []
    for widget in [screen, *screen.walk_children(Widget)]:
        if any(isinstance(above, Markdown) for above in widget.ancestors):
            continue  # a Markdown's blocks: its source is read whole
        if isinstance(widget, Markdown):
            out.append(widget.source)
        elif isinstance(widget, DataTable):
            out += [" | ".join(map(str, widget.get_row_at(i))) for i in range(widget.row_count)]
        elif isinstance(widget, Tree):
            stack = [widget.root]
            while stack:
                node = stack.pop()
                out.append(str(node.label))
                stack += node.children
        elif isinstance(widget, Button):
            out.append(str(widget.label))
        elif isinstance(widget, Static):
            out.append(str(widget.render()))
    return out


def test_the_scanner_finds_what_it_is_for():
    assert problems("see fixes.yaml:605 and 000_db0739feab4dd737.txt#题目解析/A") == ["fixes.yaml:605", "_db0739feab4dd737", ".txt#"]
    assert [p.endswith("30.0") for p in problems("- the epochs **30.0**")] == [True]
    assert problems("[#a0a0a0]info[/] [bold #ff7b72]abnormal[/]") == []  # colour markup is no anchor
    assert problems("clip the global gradient norm to 1.0 (values") == []
    assert problems("x = 30.0\n```python\ny = 2.0\n```\n\n*losshelp kb show 000_db0739feab4dd737.txt*") == ["x = 30.0"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_entry_reads_in_words_with_its_id_once_at_the_end(lang: str):
    kb = default_kb()
    for entry in kb.entries:
        text = describe(kb, entry, lang, plain=True)
        assert problems(text) == [], entry.item
        assert ID_LINE.search(text) and text.count("kb show") == 1
        describe(kb, entry, lang)  # the command line's form: every kind of entry, references included


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_no_screen_shows_internal_ids(lang: str, data_dir: Path):
    app = LossHelpApp(lang=lang, quiz_seed=2)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen["home"] = rendered(app.screen)
        app.post_message(OpenWizard({"stage": "first_epochs", "train_loss": "flat", "epochs": 30.0, "batch_size": 64.0}))
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        seen["diagnose"] = rendered(app.screen)
        await pilot.press("f1")
        await pilot.pause()
        seen["help"] = rendered(app.screen)
        await pilot.press("escape")
        app.switch_mode("quiz")
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        seen["quiz"] = rendered(app.screen)
        app.switch_mode("browse")
        await pilot.pause()
        browse = app.screen
        kinds: dict[str, str] = {}
        for entry in app.kb.entries:
            kinds.setdefault(entry.collection, entry.item.file if entry.collection == "sources" else entry.item.id)
        for entry_id in kinds.values():
            browse.show_entry(entry_id)
            await pilot.pause()
            seen[f"browse {entry_id}"] = rendered(browse)
        await pilot.press("slash", *"learning rate", "enter")
        await pilot.pause()
        seen["browse search"] = rendered(browse)
    found = {name: problems(text) for name, texts in seen.items() for text in texts if problems(text)}
    assert found == {}
    assert "30" in "".join(seen["diagnose"])


@pytest.mark.torch
async def test_the_probe_report_shows_no_internal_ids_in_either_language(data_dir: Path):
    from tests.tui.test_probe_screen import _finished

    app = LossHelpApp(lang="en", start="probe")
    found: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("f6")
        await _finished(pilot, screen)
        for lang in ("en", "zh"):
            if lang == "zh":
                await pilot.press("f2")
                await pilot.pause()
            found[lang] = [p for text in rendered(screen) for p in problems(text)]
            table = screen.query_one("#findings", DataTable)
            for row in range(table.row_count):
                screen._draw_detail(row, lang)
                detail = screen.query_one("#finding-detail", Markdown).source
                found[lang] += problems(detail.rsplit("\n\n*", 1)[0])  # the last, muted line names fact and probe
    assert found == {"en": [], "zh": []}


def test_a_symptoms_answers_are_listed_by_their_words():
    kb = default_kb()
    symptom = kb.symptoms["train_loss"]
    entry = kb.find("train_loss")
    text = describe(kb, entry, "zh", plain=True)
    assert all(f"- {symptom.label(v, 'zh')}\n" in text and f"`{v}`" not in text for v in symptom.answers)
    assert f"*{symptom.kind}*" not in text and f"*{kb.causes['lr_too_high'].category}*" not in describe(kb, kb.find("lr_too_high"), "zh", plain=True)
