"""What a quiz front end says (the line mode and the terminal app alike), in both languages."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_STRINGS = Path(__file__).with_name("messages.yaml")


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(_STRINGS.read_text(encoding="utf-8"))


def say(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    return _strings()[key][lang].format(**values)
