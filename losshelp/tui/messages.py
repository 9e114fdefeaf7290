"""What screens ask of the app: messages up, never calls into it. One list of the app's modes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from textual.message import Message

Mode = Literal["home", "diagnose", "probe", "quiz", "browse"]
MODES: tuple[Mode, ...] = get_args(Mode)
"""Every mode of the app, in the order the home screen and the palette list them."""


@dataclass
class GoTo(Message):
    """Show one mode's screen as it was left."""

    mode: Mode


@dataclass
class OpenWizard(Message):
    """Start a new diagnosis with these facts already stated (the app asks before replacing one in progress)."""

    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass
class OpenEntry(Message):
    """Show one knowledge-base entry in the browser."""

    entry_id: str
