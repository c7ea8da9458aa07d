"""The pages' one Jinja environment (autoescape on) and ``render``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from watchfloor import __version__
from watchfloor.views.common import svg
from watchfloor.views.common.text import anchor, http_url, names, number, path_id, plural


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(
        loader=PackageLoader("watchfloor.views.web.pages", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.filters["pid"] = path_id
    e.filters["http_url"] = http_url
    e.filters["names"] = names
    e.filters["plural"] = plural
    e.filters["number"] = number
    e.globals["anchor"] = anchor
    e.globals["version"] = __version__
    e.globals["credit"] = svg.ATTRIBUTION
    return e


def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = env().get_template(name).render(**ctx)
    return HTMLResponse(html, status_code=status)
