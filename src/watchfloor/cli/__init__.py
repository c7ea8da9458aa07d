"""cli: the ``watchfloor`` command, a thin layer over the library.

Each command group is a module of this package (``read``, ``ingest``, ``bulk``,
``report``, ``claims``, ``events``, ``stories``, ``places``, ``kb``,
``watch``, ``serve``): it parses options, calls the library (``watchfloor.flow``
and the views) and prints. Library code raises ``WatchfloorError``s; this
package is the one place that turns them into one-line messages on stderr
and exit codes (``cli.options``: 0 all read, 1 some inputs failed, 2 usage or
configuration error). May import every layer.
"""

from __future__ import annotations

from typing import Any

import click

from watchfloor import __version__
from watchfloor.cli.options import EXIT_CONFIG, echo_error
from watchfloor.errors import WatchfloorError


class CliGroup(click.Group):
    """Turns library errors escaping a command into one line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatchfloorError as exc:
            echo_error(str(exc))
            ctx.exit(EXIT_CONFIG)


@click.group(cls=CliGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watchfloor")
def main() -> None:
    """Read news reports into a sourced, geolocated, time-resolved picture.

    Every fact points to its document and span; unknown dates, places and
    sources stay unknown. See docs/ for each command and output format.
    """


def _register() -> None:
    from watchfloor.cli.bulk import bulk
    from watchfloor.cli.claims import claims_cmd
    from watchfloor.cli.events import events_cmd, export_cmd
    from watchfloor.cli.ingest import demo, ingest
    from watchfloor.cli.kb import kb_group
    from watchfloor.cli.places import places_cmd
    from watchfloor.cli.read import read, times
    from watchfloor.cli.report import report
    from watchfloor.cli.serve import serve_cmd
    from watchfloor.cli.stories import outlets_cmd, stories_cmd
    from watchfloor.cli.watch import watch_group

    for command in (read, ingest, bulk, times, report, demo, kb_group, places_cmd, claims_cmd):
        main.add_command(command)
    for command in (stories_cmd, outlets_cmd, events_cmd, export_cmd, watch_group, serve_cmd):
        main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
