"""Untrusted text made safe to show: article text with its evidence highlighted (HTML), and
one-line terminal text (``safe``).

The text is untrusted: every piece of it is escaped (markupsafe.escape) and
the only markup added is ``<mark>`` and ``<span id>`` built here, with ids and
classes made of the fact ids' safe characters. A fact marks its character
span (``text[start:end]``): an event its trigger, a claim its content and its
cue. Spans may overlap or nest: the text is cut at every span boundary and
each piece is marked with the kinds of all the spans covering it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from watchfloor.store.queries import Total

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "event", "claim" or "cue"
    anchor: str  # the element id of its start ("event-e1")
    title: str


def anchor(kind: str, fact_id: str) -> str:
    """The element id of a fact's evidence in the document page: "event-e1", "claim-c3"."""
    return f"{kind}-{_UNSAFE_ID.sub('_', fact_id)}"


def spans_of(contract: dict[str, Any]) -> list[Span]:
    """The evidence spans of a contract's events (trigger) and claims (content, cue)."""
    n = len(contract.get("text") or "")
    out: list[Span] = []
    for ev in contract.get("events") or ():
        trig = ev.get("trigger") or {}
        if _valid(trig, n):
            title = f"event {ev['id']}: {ev['event']} ({ev.get('modality')})"
            out.append(Span(trig["start"], trig["end"], "event", anchor("event", ev["id"]), title))
    for cl in contract.get("claims") or ():
        if _valid(cl, n):
            title = f"claim {cl['id']} ({cl.get('modality')})"
            out.append(Span(cl["start"], cl["end"], "claim", anchor("claim", cl["id"]), title))
        cue = cl.get("cue") or {}
        if _valid(cue, n):
            out.append(
                Span(cue["start"], cue["end"], "cue", anchor("cue", cl["id"]), f"cue of {cl['id']}")
            )
    return out


def _valid(span: dict[str, Any], n: int) -> bool:
    start, end = span.get("start"), span.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n


def marked_text(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` escaped, each span's pieces in ``<mark>``, an id at each span's start."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    parts: list[Markup] = []
    for a, b in itertools.pairwise(cuts):
        for s in starting.get(a, ()):
            parts.append(Markup('<span class="anchor" id="{}"></span>').format(s.anchor))
        covering = [s for s in spans if s.start <= a and b <= s.end]
        piece = escape(text[a:b])
        if covering:
            kinds = " ".join(sorted({f"k-{s.kind}" for s in covering}))
            title = "; ".join(s.title for s in covering)
            parts.append(
                Markup('<mark class="{}" title="{}">{}</mark>').format(kinds, title, piece)
            )
        else:
            parts.append(piece)
    return Markup("").join(parts)


def excerpt(text: str, start: int, end: int, spans: Sequence[Span]) -> Markup:
    """``text[start:end]`` (a sentence) escaped, with the spans inside it marked."""
    inside = [
        Span(s.start - start, s.end - start, s.kind, f"x-{s.anchor}", s.title)
        for s in spans
        if start <= s.start and s.end <= end
    ]
    return marked_text(text[start:end], inside)


def http_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never javascript:, data: ...)."""
    if not url or any(ord(ch) < 33 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def path_id(value: str) -> str:
    """An id as a path segment of our own links ("/" kept: id routes take the rest of the path)."""
    return quote(value, safe="/:")


def names(refs: Iterable[dict[str, Any]] | None) -> str:
    """Entity references as text: "US forces, Iraqi army"."""
    return ", ".join(str(r.get("entity_text") or r.get("name") or r.get("id")) for r in refs or ())


# Runs of white space, folded to one space by ``safe``.
_SPACE = re.compile(r"\s+")


def safe(text: str | None, limit: int | None = None) -> str:
    """Untrusted text made printable on one line.

    Drops Unicode control (Cc, except white space, which is folded) and
    format (Cf: bidi overrides, zero-width) characters, and unpaired
    surrogates; folds white space to single spaces; cuts at ``limit``.
    """
    if not text:
        return ""
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch.isspace():
            kept.append(" ")
        elif cat not in ("Cc", "Cf", "Cs"):
            kept.append(ch)
    out = _SPACE.sub(" ", "".join(kept)).strip()
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "\u2026"
    return out


def number(n: int | Total | None) -> str:
    """A count as a reader takes it in, with thousands separators: "98,880"; a bounded
    total that stopped, "10,000+". Anything else (None, a label) as it is."""
    if isinstance(n, Total):
        return f"{n.count:,}" + ("+" if n.lower_bound else "")
    if isinstance(n, int) and not isinstance(n, bool):
        return f"{n:,}"
    return "" if n is None else str(n)


def plural(n: int | Total, one: str, many: str | None = None) -> str:
    """ "1 event", "2 events", "98,880 events", "10,000+ events" (a bounded total that
    stopped): the number and its noun, agreeing."""
    if isinstance(n, Total):
        return f"{number(n)} {one if n.count == 1 and not n.lower_bound else many or one + 's'}"
    return f"{number(n)} {one if n == 1 else many or one + 's'}"
