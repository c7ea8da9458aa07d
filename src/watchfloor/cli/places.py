"""``watchfloor places TEXT``: the toponyms of a text, their candidates and why one won.

    watchfloor places "Deputies in Henry County arrested a man in Paris."
    watchfloor places - --json < article.txt
    watchfloor places "Police in London said ..." --url https://lfpress.ca/news/1
    watchfloor places "Police in Mansfield said ..." --url https://star-telegram.com/x --db w.db

See docs/extract-places.md (method, weights) and docs/cli.md.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from watchfloor.views.report.markdown import GEONAMES_CREDIT


def _format(item: dict[str, Any]) -> list[str]:
    flag = "  [non-locational]" if item["metonymic"] else ""
    lines = [
        f"{item['text']!r} [{item['start']}:{item['end']}] -> "
        f"{item['place'] or 'unresolved'} ({item['place_id'] or '-'}) "
        f"p={item['probability']}{flag}",
        f"    read by: {item['via']}",
        f"    why: {item['reason']}",
    ]
    if item.get("outlet_state_decided"):
        lines.append("    decided by the outlet's state (without it another candidate wins)")
    for c in item["candidates"]:
        where = ", ".join(x for x in (c["admin1"], c["country"]) if x)
        parts = " ".join(f"{k}={v}" for k, v in c["parts"].items())
        lines.append(
            f"      {c['score']:6.2f}  {c['name']} ({c['feature']}, {where}; "
            f"pop {c['population']}) {c['place_id']}  {parts}"
        )
    hidden = item["n_candidates"] - len(item["candidates"])
    if hidden > 0:
        lines.append(f"      ... {hidden} more candidates")
    return lines


@click.command("places")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@click.option(
    "--top", type=click.IntRange(min=1), default=3, show_default=True,
    help="Candidates shown per toponym.",
)  # fmt: skip
@click.option(
    "--url", default=None,
    help="The article's web address: its country-code domain is the outlet's country,"
    " a place named in its domain the outlet's home town.",
)  # fmt: skip
@click.option(
    "--db", default=None, metavar="URL",
    help="A store: the outlet's state (the first-level division its stored articles are"
    " about) of --url's outlet, as `watchfloor ingest` reads with it.",
)  # fmt: skip
@click.option(
    "--outlet-state", "given_state", default=None, metavar="GEONAMEID",
    help="The outlet's state given by hand (a first-level division's geonameid).",
    type=click.IntRange(min=1),
)  # fmt: skip
def places_cmd(
    text: str, as_json: bool, top: int, url: str | None, db: str | None, given_state: int | None
) -> None:
    """Show the toponyms of TEXT ("-" reads stdin), their candidates and why one won,
    and the names refused as places (a person's name, an organisation placed
    elsewhere, an ordinary word without support) with the reason.

    The places stage alone: no actor context (in `watchfloor read` the linked
    actors' countries also count as country context, and linked persons as names).
    Without --db or --outlet-state no outlet's state is used, as in `watchfloor read`.
    """
    from watchfloor.extract import places
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.extract.places import context as place_context
    from watchfloor.extract.sports import load_lexicon as load_sports_lexicon
    from watchfloor.extract.sports import sports_sentences
    from watchfloor.knowledge.gazetteer import load_gazetteer

    if text == "-":
        text = sys.stdin.read()
    outlet, home = place_context.outlet_country(url), place_context.outlet_home(url)
    gazetteer = load_gazetteer()
    state, whence = _outlet_state(url, db, given_state)
    if state is not None:
        try:
            gazetteer.entry(state)
        except KeyError:
            raise click.BadParameter(
                f"{state} is no GeoNames place", param_hint="--outlet-state"
            ) from None
    parsed = load_nlp()(text)
    sports = sports_sentences(parsed, load_sports_lexicon())
    result = places.explain(
        parsed, gazetteer, top=top, outlet=outlet, home=home, sports=sports, outlet_state=state
    )
    shown = None if state is None else {"geonameid": state, "name": gazetteer.entry(state).name}
    if as_json:
        out = {"toponyms": result, "outlet_state": shown, "attribution": GEONAMES_CREDIT}
        click.echo(json.dumps(out, indent=2))
        return
    if whence:
        name = f"{shown['name']} ({state})" if shown else "none"
        click.echo(f"outlet's state: {name}, {whence}")
    for item in result:
        for line in _format(item):
            click.echo(line)
    if not result:
        click.echo("no toponyms")
    click.echo(GEONAMES_CREDIT)


def _outlet_state(
    url: str | None, db: str | None, given: int | None
) -> tuple[int | None, str | None]:
    """The outlet's state to read with, and where it came from (None: not asked for)."""
    from watchfloor.extract.places.context import outlet_key

    if given is not None:
        return given, "given"
    if db is None:
        return None, None
    key = outlet_key(url)
    if key is None:
        raise click.UsageError("--db needs --url: the outlet is that of the article's address")
    from watchfloor.cli.options import existing_store

    with existing_store(db) as store:
        state = store.outlet_states().get(key)
    return state, f"from the store's articles of {key}"
