"""``watchfloor watch``: saved queries that poll feeds and fire alerts.

    watchfloor watch add iraq-us --actor usa.mil --place IRQ --feed https://example.org/rss
    watchfloor watch run --every 15m
    watchfloor watch alerts iraq-us

See docs/watch.md.
"""

from __future__ import annotations

import json
import re
import sys
import time

import click

from watchfloor.cli.options import allow_private_option, db_option, kb_option, workers_option
from watchfloor.knowledge.plover import load_plover
from watchfloor.vocab import Modality

EVERY = re.compile(r"^(\d+)([smh])$")
UNIT_S = {"s": 1, "m": 60, "h": 3600}


def parse_every(value: str | None) -> int | None:
    """'15m' -> 900 seconds; None stays None; BadParameter for anything else."""
    if value is None:
        return None
    m = EVERY.match(value.strip())
    if not m or int(m.group(1)) == 0:
        raise click.BadParameter(f"{value!r}: use a number and s, m or h (15m, 1h, 30s)")
    return int(m.group(1)) * UNIT_S[m.group(2)]


@click.group("watch")
def watch_group() -> None:
    """Saved queries over the store that alert when they gain events."""


@watch_group.command("add")
@click.argument("name")
@click.option("--actor", "actors", multiple=True, help="KB actor id or ISO3 country (repeatable).")
@click.option("--place", "places", multiple=True, help="Place name, id or ISO3 (repeatable).")
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(sorted(load_plover().types)),
    help="PLOVER event type (repeatable).",
)
@click.option(
    "--modality",
    "modalities",
    multiple=True,
    type=click.Choice([m.value for m in Modality]),
    help="Only events of this modality (repeatable).",
)
@click.option(
    "--keyword", "keywords", multiple=True, help="Word or phrase of the article (repeatable)."
)
@click.option(
    "--feed", "feeds", multiple=True, help="RSS/Atom feed URL or file to poll (repeatable)."
)
@click.option("--webhook", "webhooks", multiple=True, help="POST each alert as JSON here.")
@click.option("--email", "emails", multiple=True, help="Mail each alert here (SMTP from the env).")
@click.option("--quiet", is_flag=True, help="Do not print alerts on stdout (webhook/email only).")
@click.option(
    "--include-existing",
    is_flag=True,
    help="Also alert on what the store holds already (default: only what arrives after).",
)
@kb_option
@db_option
def add_cmd(
    name: str,
    actors: tuple[str, ...],
    places: tuple[str, ...],
    types: tuple[str, ...],
    modalities: tuple[str, ...],
    keywords: tuple[str, ...],
    feeds: tuple[str, ...],
    webhooks: tuple[str, ...],
    emails: tuple[str, ...],
    quiet: bool,
    include_existing: bool,
    kb: tuple[str, ...],
    db: str,
) -> None:
    """Save the watch NAME: events matching every criterion given (any value of each)."""
    from watchfloor.errors import ConfigError
    from watchfloor.knowledge.actors import configured_kb_paths, load_kb
    from watchfloor.store import Store, watches
    from watchfloor.views.common.watches import Watch

    if actors:
        known = load_kb(configured_kb_paths(kb))
        for a in actors:
            if not (len(a) == 3 and a.isupper()) and known.get(a) is None:
                raise ConfigError(
                    f"unknown actor id {a!r} (find ids with `watchfloor kb find NAME`)"
                )
    sinks: tuple[str, ...] = () if quiet else ("stdout",)
    sinks += tuple(f"webhook:{u}" for u in webhooks) + tuple(f"email:{e}" for e in emails)
    if not sinks:
        raise click.UsageError("--quiet needs a --webhook or an --email: alerts must go somewhere")
    watch = Watch(
        name,
        actors,
        places,
        types,
        modalities,
        keywords,
        feeds,
        sinks,
    )
    with Store.open(db) as store:
        watches.add(store, watch.name, watch.to_dict(), include_existing=include_existing)
    click.echo(f"watchfloor: saved watch {name}", err=True)


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per watch.")
@db_option
def list_cmd(as_json: bool, db: str) -> None:
    """The saved watches and what each asks."""
    from watchfloor.cli.options import existing_store
    from watchfloor.store import watches
    from watchfloor.views.common.watches import Watch

    with existing_store(db) as store:
        rows = [(Watch.from_dict(w.name, w.query), w.watermark) for w in watches.load(store)]
    for watch, mark in rows:
        if as_json:
            click.echo(json.dumps({"name": watch.name, **watch.to_dict(), "watermark": mark}))
        else:
            asks = "; ".join(f"{k}: {', '.join(v)}" for k, v in watch.to_dict().items())
            click.echo(f"{watch.name}  {asks}")
    if not rows and not as_json:
        click.echo("no watches (add one with `watchfloor watch add`)", err=True)


@watch_group.command("remove")
@click.argument("name")
@db_option
def remove_cmd(name: str, db: str) -> None:
    """Delete the watch NAME and its alerts."""
    from watchfloor.cli.options import existing_store
    from watchfloor.errors import ConfigError
    from watchfloor.store import watches

    with existing_store(db) as store:
        if not watches.remove(store, name):
            raise ConfigError(f"no watch named {name}")
    click.echo(f"watchfloor: removed watch {name}", err=True)


@watch_group.command("run")
@click.argument("names", nargs=-1)
@click.option("--every", help="Run again after this long (15m, 1h, 30s) until interrupted.")
@click.option("--times", type=click.IntRange(min=1), help="With --every: stop after N runs.")
@click.option("--no-poll", is_flag=True, help="Do not poll feeds; evaluate what is stored.")
@allow_private_option
@kb_option
@db_option
@workers_option
def run_cmd(
    names: tuple[str, ...],
    every: str | None,
    times: int | None,
    no_poll: bool,
    allow_private: bool,
    kb: tuple[str, ...],
    db: str,
    workers: int,
) -> None:
    """Poll the watches' feeds, ingest and link new articles, and fire alerts.

    Runs the watches NAMES (default: all) once, or every --every. An alert
    fires once per watch and document; failed deliveries are retried.
    """
    from watchfloor.cli.options import echo_error, printing_callbacks
    from watchfloor.store import Store
    from watchfloor.views.watch.run import run_once

    period = parse_every(every)
    failed = False
    n = 0
    with Store.open(db) as store:
        while True:
            n += 1
            result = run_once(
                store,
                names,
                kb=kb,
                allow_private=allow_private,
                poll=not no_poll,
                workers=workers,
                emit=click.echo,
                callbacks=printing_callbacks(),
            )
            for line in result.errors:
                echo_error(line)
            failed = failed or bool(result.errors)
            tally = f"; feeds: {result.ingested.line()}" if result.ingested else ""
            click.echo(f"watchfloor: run {n}: {len(result.fired)} alerts{tally}", err=True)
            if period is None or (times is not None and n >= times):
                break
            try:
                time.sleep(period)
            except KeyboardInterrupt:
                break
    if failed:
        sys.exit(1)


@watch_group.command("alerts")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@db_option
def alerts_cmd(name: str | None, as_json: bool, limit: int, db: str) -> None:
    """The latest alerts fired (of the watch NAME, or of all), newest first."""
    from watchfloor.cli.options import existing_store
    from watchfloor.store import watches
    from watchfloor.views.watch.sinks import alert_json, alert_line

    with existing_store(db) as store:
        alerts = watches.fired(store, name, limit)
    for a in alerts:
        click.echo(
            json.dumps(alert_json(a))
            if as_json
            else f"{a.fired_at:%Y-%m-%d %H:%M}  " + alert_line(a)
        )
