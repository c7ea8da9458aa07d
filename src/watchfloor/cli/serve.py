"""``watchfloor serve``: the read-only REST API (watchfloor.views.web) under uvicorn.

    watchfloor serve --db watchfloor.db                      # http://127.0.0.1:8765/ and /api/
    watchfloor serve --host 0.0.0.0 --token "$(openssl rand -hex 32)"

Bound to 127.0.0.1 by default. Any other address needs --token (or
WATCHFLOOR_TOKEN): without one the command refuses to start, one error line,
exit 2. See docs/api.md.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import click

from watchfloor.cli.options import db_option, echo_error

EXIT_CONFIG = 2
MIN_TOKEN = 16  # characters: a guessable token protects nothing
# Connections served at once; beyond it uvicorn answers 503 instead of queueing.
CONCURRENCY = 100
_TOKEN_IN_QUERY = re.compile(r"([?&]token=)[^&#\s]*", re.IGNORECASE)


class RedactTokens(logging.Filter):
    """Keep the sign-in token out of uvicorn's access log: ``/login?token=...`` is
    logged as ``/login?token=[redacted]`` (the request line is the record's third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], _TOKEN_IN_QUERY.sub(r"\1[redacted]", args[2]), *args[3:])
        return True


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--token",
    envvar="WATCHFLOOR_TOKEN",
    help=f"Require 'Authorization: Bearer TOKEN' on every request (at least {MIN_TOKEN} "
    "characters). Mandatory when --host is not a loopback address. Env: WATCHFLOOR_TOKEN.",
)
@click.option(
    "--docs",
    is_flag=True,
    help="Also serve the Swagger UI at /docs (it loads its assets from a CDN: needs a network).",
)
def serve_cmd(db: str, host: str, port: int, token: str | None, docs: bool) -> None:
    """Serve the store read-only as a JSON API (OpenAPI schema at /openapi.json)."""
    from watchfloor.views.web.security import is_loopback

    if token is not None and len(token) < MIN_TOKEN:
        echo_error(f"--token must be at least {MIN_TOKEN} characters")
        sys.exit(EXIT_CONFIG)
    if token is None and not is_loopback(host):
        echo_error(f"--host {host} is not a loopback address: give --token (or WATCHFLOOR_TOKEN)")
        sys.exit(EXIT_CONFIG)
    if "://" not in db and not Path(db).exists():
        echo_error(f"{db}: no store here (run `watchfloor ingest ... --db {db}` first)")
        sys.exit(EXIT_CONFIG)

    import uvicorn

    from watchfloor.views.web import create_app

    app = create_app(db, token=token, docs=docs)
    click.echo(
        f"watchfloor: serving {db}: pages at http://{host}:{port}/ , API at "
        f"http://{host}:{port}/api/ (Ctrl-C stops)",
        err=True,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        limit_concurrency=CONCURRENCY,
    )  # configures uvicorn's loggers: the filter goes on after
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    uvicorn.Server(config).run()
