"""What users read, in one place: the words (`say`), the level and verdict styles, the fact and value
labels and the loss curves' points, shared by the command line and the app (no rich, no textual).

A new word goes in words/AREA.yaml as `name: {en: ..., zh: ...}` and is read with
`say("AREA.name", lang, **fields)` (in the app, `t("name", lang)` for the `app` area); tests/present
fails on a missing language, differing fields, an unused key, or a sentence written in place.
Error lines (errors.py) and argparse's `--help` stay English.
"""

from losshelp.present.words import say

__all__ = ["say"]
