"""losshelp: why does my training loss not go down, and what do I do?"""

__version__ = "0.1.0"
