"""``python -m watchfloor.cli``: the ``watchfloor`` command."""

from watchfloor.cli import main

main()
