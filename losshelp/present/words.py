"""Every sentence users read, in English and Chinese: `say(key, lang, **fields)`.

A key is `AREA.NAME`: words/AREA.yaml maps NAME to `{en: ..., zh: ...}`, `{field}`s filled in by
`str.format`. One rule and no fallback: every key has both languages with the same fields (checked
by tests/present), so an unknown key or language is a programming error that raises at once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

WORDS = Path(__file__).with_name("words")
LANGS = ("en", "zh")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, str]]:
    """Every key with its texts, read once from words/*.yaml."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(WORDS.glob("*.yaml")):
        for name, texts in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            out[f"{path.stem}.{name}"] = texts
    return out


def say(key: str, lang: str, **fields: object) -> str:
    """The text of `key` in `lang` with `fields` filled in; KeyError for an unknown key, language or field."""
    texts = vocabulary().get(key)
    if texts is None or lang not in texts:
        raise KeyError(f"no text for {key!r} in {lang!r}")
    return texts[lang].format(**fields)


def known(key: str) -> bool:
    """Whether `key` is in the vocabulary."""
    return key in vocabulary()
