"""The app's words: `t(key, lang)` is `say("app." + key, lang)`, the app's own area of the vocabulary
(losshelp/present/words/app.yaml); words it shares with the command line are `say`'s other areas."""

from __future__ import annotations

from losshelp.present import words


def t(key: str, lang: str, **fields: object) -> str:
    """The app's text `key` in `lang` with `fields` filled in; KeyError for an unknown key."""
    return words.say(f"app.{key}", lang, **fields)


def known(key: str) -> bool:
    """Whether `key` is one of the app's labels (Textual's own bindings carry English descriptions instead)."""
    return words.known(f"app.{key}")
