"""An article's URL line and its outlet: what a plain text's first lines say of its source.

Saved articles often begin with the address they were copied from, then the
headline: ``http://articles.latimes.com/2013/may/03/...`` on the first line,
``Lindsay Lohan checks into Betty Ford Center`` on the next. That first line is
the article's URL, not its title; the title is the next line. When no outlet
is given, the outlet is the URL's registrable domain (``latimes.com``, by the
public suffix list that the ``tld`` package ships), never guessed from
anything else.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from tld import get_fld

from watchfloor.ingest.limits import MAX_TITLE_CHARS

# One absolute http(s) URL alone on its line: no spaces, a host.
_URL_LINE = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


HEAD_LINES = 4  # the URL line, then up to three lines where the headline may be
# Words of a date or time stamp ("8 / 2 / 13 at 1: 30 PM", "12 January 2010 @ 09: 29 pm").
_STAMP = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april "
    "june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday am pm at on updated posted gmt utc est edt pst pdt "
    "bst cet"
)
_STAMP_WORDS = frozenset(_STAMP.split())
MIN_HEADLINE_WORDS = 2  # words of letters, not of a date stamp, that make a headline


def is_headline(line: str) -> bool:
    """A line that reads as a headline: at least two words that are not a date stamp's."""
    words = [w for w in re.findall(r"[^\W\d_]+", line.lower()) if w not in _STAMP_WORDS]
    return len(words) >= MIN_HEADLINE_WORDS


class Lead(NamedTuple):
    title: str | None
    url: str | None
    outlet: str | None


def url_line(line: str) -> str | None:
    """The URL when ``line`` is one absolute http(s) URL alone, else None."""
    line = line.strip()
    if not _URL_LINE.fullmatch(line):
        return None
    try:
        host = urlsplit(line).hostname
    except ValueError:  # e.g. an invalid port or IPv6 literal
        return None
    return line if host else None


def outlet_of(url: str | None) -> str | None:
    """The registrable domain of an http(s) URL (``www.bbc.co.uk`` -> ``bbc.co.uk``);
    None for addresses, single-label hosts and anything unparsable."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        return get_fld(url, fail_silently=True) or None
    except ValueError:
        return None


def lead(text: str, title: str | None, url: str | None, outlet: str | None) -> Lead:
    """The title, URL and outlet of a text, from what was given and its first lines.

    A given value always wins. The first non-empty line is the title unless it is
    a URL alone: then it is the URL (when none is given) and the title is the next
    line that reads as a headline (a date stamp such as "8 / 2 / 13 at 1: 30 PM"
    does not), within ``HEAD_LINES``. A title over ``MAX_TITLE_CHARS`` is no title.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:HEAD_LINES]
    found = url_line(lines[0]) if lines else None
    if title is None and lines:
        # after a URL line, the first line that reads as a headline (not a date stamp)
        heads = [ln for ln in lines[1:] if is_headline(ln)][:1] if found else lines[:1]
        if heads and len(heads[0]) <= MAX_TITLE_CHARS:
            title = heads[0]
    url = url or found
    return Lead(title, url, outlet or outlet_of(url))
