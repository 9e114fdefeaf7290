"""One module per `losshelp` subcommand: `add_parser` declares its options, `run` presents results.

Modules here import only the standard library at top level; the packages they present
(kb, engine, probe, quiz, tui) are imported inside `run`.
"""
