"""The one error type the probe package raises for bad user input; its message is one line."""


class ProbeInputError(Exception):
    """A file or argument losshelp cannot use: missing, empty, corrupt, wrong format, or unsafe.

    `str()` is a single line naming the file and what to do; the CLI prints it without a traceback.
    """
