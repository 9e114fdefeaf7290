"""`python -m losshelp` runs the command line."""

from losshelp.cli import main

raise SystemExit(main())
