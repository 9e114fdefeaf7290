"""The one error type the probe package raises for bad user input; its message is one line."""

from losshelp.errors import InputError


class ProbeInputError(InputError):
    """A file or argument losshelp cannot use: missing, empty, corrupt, wrong format, or unsafe.

    `str()` is a single line naming the file and what to do; the CLI prints it without a traceback.
    """
