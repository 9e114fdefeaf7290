"""What users read, in one place: the words (`say`), the level and verdict styles, the fact and value
labels and the loss curves' points, shared by the command line and the app (no rich, no textual)."""

from losshelp.present.words import say

__all__ = ["say"]
