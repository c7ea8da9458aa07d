"""report: situation reports of the store, as Markdown or self-contained HTML."""

from __future__ import annotations

from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.report.model import SituationReport, build

FORMATS = ("md", "html")


def render(store: Any, fmt: str = "md") -> str:
    """The situation report of everything in ``store`` (its ``readings()``)."""
    rep = build(store.readings())
    return render_report(rep, fmt)


def render_report(rep: SituationReport, fmt: str) -> str:
    if fmt == "md":
        from watchfloor.report.markdown import render_markdown

        return render_markdown(rep)
    if fmt == "html":
        from watchfloor.report.html import render_html

        return render_html(rep)
    raise ConfigError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


__all__ = ["FORMATS", "build", "render", "render_report"]
