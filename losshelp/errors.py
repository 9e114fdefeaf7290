"""One error hierarchy: every failure a user can cause derives from `LosshelpError`.

`str()` of any of them is the one line the command line prints (`losshelp: error: ...`, exit 2);
`cli.main` catches the base once, so a new error kind needs no new `except` anywhere.
"""

from __future__ import annotations


class LosshelpError(Exception):
    """A failure caused by the user's input or environment; `str()` is one line users read."""


class InputError(LosshelpError):
    """A file, argument or fact losshelp cannot use: missing, unreadable, malformed or out of range."""


class KnowledgeBaseError(LosshelpError):
    """A knowledge-base file that cannot be read or does not fit the schema."""


class EngineFailure(LosshelpError):
    """The rule engine could not finish a diagnosis."""


class ProbeFailure(LosshelpError):
    """The probes could not run on the inputs given (model, data and loss do not fit together)."""
