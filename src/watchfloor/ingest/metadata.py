"""Metadata recovered from boilerplate lines of plain text: the byline's author
and a "Published ..." line's date. The lines are cut from the text (see
``boilerplate``); what they say is kept on the Document, with its reason."""

from __future__ import annotations

import datetime as dt
import re

from watchfloor.ingest.boilerplate import STAMP, edge_lines
from watchfloor.vocab import Dct, DctHow, Removed

_BYLINE_LEAD = re.compile(
    r"^\W*(?:by|written by|reported by|edited by|translated by|author:)\s+", re.IGNORECASE
)
_BYLINE_TAIL = re.compile(r"\s*[|,/-]\s.*$")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Written dates with a year; numeric forms other than ISO (03/04/2019) are
# ambiguous between day-month and month-day orders and are not read.
_DATES = (
    re.compile(rf"(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})"),
)


def author_from_byline(text: str) -> str | None:
    """ "By Jane Doe and John Roe | Reuters" -> "Jane Doe and John Roe"."""
    name = _BYLINE_TAIL.sub("", _BYLINE_LEAD.sub("", text.strip())).strip()
    return name or None


def date_in(text: str) -> dt.date | None:
    """The first unambiguous calendar date with a year in ``text``, else None."""
    for rx in _DATES:
        m = rx.search(text)
        if not m:
            continue
        try:
            if "mn" in rx.groupindex:
                month = int(m["mn"])
            else:
                month = next(
                    i for i, n in enumerate(_MONTHS, 1) if n.startswith(m["m"][:3].lower())
                )
            return dt.date(int(m["y"]), month, int(m["d"]))
        except (ValueError, StopIteration):
            continue
    return None


def from_text(text: str, removed: tuple[Removed, ...]) -> tuple[str | None, Dct | None]:
    """The author of the cut byline, and the date of a publication stamp line
    ("Published: March 12, 2019") at the top or bottom of the clean text."""
    author = next((author_from_byline(r.text) for r in removed if r.reason == "byline"), None)
    for line in edge_lines(text):
        day = date_in(line) if STAMP.fullmatch(line) else None
        if day is not None:
            reason = f"the line {line!r}"
            dct = Dct(date=day, earliest=day, latest=day, how=DctHow.METADATA, reasons=(reason,))
            return author, dct
    return author, None
