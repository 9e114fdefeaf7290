"""The app's own labels in Chinese and English, read from strings.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

STRINGS = Path(__file__).with_name("strings.yaml")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(STRINGS.read_text(encoding="utf-8"))


def t(key: str, lang: str) -> str:
    """The label `key` in `lang`; the key itself when it is missing, so a gap shows instead of crashing."""
    entry = _strings().get(key, {})
    return entry.get(lang) or entry.get("en") or key


def known(key: str) -> bool:
    """Whether `key` is one of the app's labels (Textual's own bindings carry English descriptions instead)."""
    return key in _strings()
