"""Footer labels that follow the language switch.

Bindings are declared with a key of the app's words (present/words/app.yaml) as their description;
`localize_bindings` swaps in the text of the current language. Textual keeps bindings in `_bindings`, a private map, so
this one function is the only place that touches it (Textual's major version is pinned).
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

from losshelp.tui.i18n import known, t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Give every binding of `node` the description of its declared key in `lang`."""
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [_localized(b, lang) for b in items]
    node.refresh_bindings()


def _localized(binding: Binding, lang: str) -> Binding:
    key = getattr(binding, "_label_key", None) or binding.description
    localized = dataclasses.replace(binding, description=t(key, lang) if known(key) else key)
    object.__setattr__(localized, "_label_key", key)
    return localized


def key_help(node: DOMNode, lang: str) -> list[tuple[Binding, str]]:
    """Every binding of `node` with one of the app's labels, the label in `lang`: what the help screen lists."""
    seen: set[tuple[str, str]] = set()
    out = []
    for items in node._bindings.key_to_bindings.values():
        for binding in items:
            key = getattr(binding, "_label_key", None) or binding.description
            if key and known(key) and (binding.key, key) not in seen:
                seen.add((binding.key, key))
                out.append((binding, t(key, lang)))
    return out
