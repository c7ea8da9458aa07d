"""Self-contained HTML situation report.

Article text is attacker-controlled: the template autoescapes everything, the
only markup we add around article text is built from escaped pieces, and the
page carries a Content-Security-Policy that allows no scripts, no remote
loads and no forms.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from watchfloor.report.markdown import GEONAMES_CREDIT
from watchfloor.report.model import Evidence, SituationReport

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
        loader=PackageLoader("watchfloor.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["marked"] = marked
    return env


def render_html(rep: SituationReport) -> str:
    return _env().get_template("report.html").render(rep=rep, csp=CSP, credit=GEONAMES_CREDIT)
