"""Self-contained HTML situation report.

Article text is attacker-controlled: the template autoescapes everything, the
only markup we add around article text is built from escaped pieces, and the
page carries a Content-Security-Policy that allows no scripts, no remote
loads and no forms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from watchfloor.views.common import svg
from watchfloor.views.common.text import number, plural
from watchfloor.views.report.changes import lines as change_lines
from watchfloor.views.report.markdown import GEONAMES_CREDIT
from watchfloor.views.report.model import Evidence, SituationReport, key_label

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def marked(ev: Evidence) -> Markup:
    """The evidence sentence with the words that carry the statement highlighted."""
    s = ev.sentence_text
    return Markup("{}<mark>{}</mark>{}").format(
        escape(s[: ev.start]), escape(s[ev.start : ev.end]), escape(s[ev.end :])
    )


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("watchfloor.views.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["marked"] = marked
    env.filters["key_label"] = key_label
    env.filters["plural"] = plural
    env.filters["number"] = number
    return env


MAP_PLACES = 60  # places drawn on the report's map at most


def map_of(rep: SituationReport) -> dict[str, Any] | None:
    """The report's map: every located place, zoomed on the key events' places (the
    UI map's layout: ``watchfloor.views.common.svg``); None when no place has coordinates."""
    located: list[dict[str, Any]] = [
        {
            "id": p.id,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "events": p.events,
            "documents": len(p.documents),
            "anchor": p.anchor,
        }
        for p in rep.places
        if p.lat is not None and p.lon is not None
    ]
    if not located:
        return None
    # A crowded map is unreadable: beyond MAP_PLACES, the places with the most key
    # events (then documents) are drawn, the others only listed under Places.
    drawn = sorted(located, key=lambda p: (-p["events"], -p["documents"], p["name"]))
    drawn = drawn[:MAP_PLACES]
    focus = [p for p in drawn if p["events"]] or drawn
    view = svg.view_of((float(p["lon"]), float(p["lat"])) for p in focus)
    marks = svg.markers(view, drawn)
    return {
        "view": view,
        "countries": svg.countries(view),
        "graticule": svg.graticule(view),
        "markers": marks,
        "outside": [m for m in marks if not m.inside],
        "not_drawn": len(located) - len(drawn),
        "credit": svg.ATTRIBUTION,
    }


def timeline_of(rep: SituationReport) -> svg.Timeline | None:
    """The dated key events on a day axis (the UI timeline's layout)."""
    rows = []
    for k in rep.key_events:
        if k.earliest is None or k.latest is None:
            continue
        e = k.lead.event
        rows.append(
            (
                k.earliest,
                k.latest,
                {
                    "document_id": k.lead.evidence.doc_key,
                    "event": {
                        "id": k.id,
                        "event": e.event,
                        "actor": [{"entity_text": k.lead.who}] if k.lead.who != "—" else [],
                        "date_approx": e.date_approx and k.earliest == k.lead.sort_date,
                        "modality": e.modality.value,
                    },
                    "key": k,
                },
            )
        )
    return svg.timeline(rows)


@lru_cache(maxsize=1)
def _svg_css() -> str:
    """The map and timeline styles the web pages use (views/common/static/svg.css)."""
    return svg.stylesheet()


def render_html(rep: SituationReport) -> str:
    return (
        _env()
        .get_template("report.html")
        .render(
            rep=rep,
            csp=CSP,
            credit=GEONAMES_CREDIT,
            change_lines=change_lines(rep),
            map=map_of(rep),
            tl=timeline_of(rep),
            svg_css=Markup(_svg_css()),  # our own stylesheet, not article text
        )
    )
