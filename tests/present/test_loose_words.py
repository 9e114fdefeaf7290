"""No user-facing text is written outside the vocabulary: the modules that show things say them
through `say`/`t`; a sentence, a Chinese string, or a word handed straight to the screen is an error."""

from __future__ import annotations

import pytest

from .wordscan import ERROR_DETAILS, ROOT, SCANNED, loose_words


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_that_shows_things_writes_its_own_words(path):
    name = str(path.relative_to(ROOT))
    loose = [w for w in loose_words(path.read_text(encoding="utf-8"), name) if w.text not in ERROR_DETAILS.get(name, ())]
    assert loose == [], "\n".join(f"{w.path}:{w.line}: {w.text!r} (add it to losshelp/present/words/ and use say())" for w in loose)


def test_every_allowed_error_detail_is_still_there():
    for name, texts in ERROR_DETAILS.items():
        found = {w.text for w in loose_words((ROOT / name).read_text(encoding="utf-8"), name)}
        assert texts <= found, texts - found


@pytest.mark.parametrize("source", [
    'print("Hello")',
    'def run(args):\n    print(f"{len(args)} problem(s) found")',
    'console.print("[bold]Verdict:[/] fine")',
    'self.notify("Saved")',
    'yield Static("训练正常")',
    'yield Button("Run", id="run")',
    'out(say("quiz.right", lang) + " well done")',
    'TEXT = {"en": {"why": "why it happened"}}',
    'lines.append("tags: " + tags)',
])
def test_a_word_written_in_place_is_found(source):
    assert loose_words(source) != []


@pytest.mark.parametrize("source", [
    'print(say("quiz.right", lang))',
    'yield Button(t("key_run", lang), id="run")',
    'self.query_one("#probe-status", Static).update(t(key, lang))',
    'if line == "u":\n    pass',
    'table.add_column(say("probe.col_value", lang), overflow="fold")',
    'def f():\n    """A docstring says what f does, in words."""',
    'raise InputError("--top takes a positive number")',
    'parser.add_argument("--top", help="show at most this many causes")',
    'DEFAULT_CSS = "Screen { height: auto; }"',
    'print(json.dumps(data, ensure_ascii=False, indent=2))',
    'lines.append(f"  losshelp kb show {cause}   ({name})")',
    'print("```python")',
])
def test_keys_ids_errors_and_markup_are_not_words(source):
    assert loose_words(source) == []
