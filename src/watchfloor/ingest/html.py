"""Read an HTML page (a saved file or a fetched response) into a Document.

Steps, each honest about what it knows:

1. **Decode** the bytes: a byte-order mark, else the HTTP ``charset``, else the
   page's own ``<meta charset>`` (or ``http-equiv`` Content-Type) in its first
   bytes, else UTF-8. Bytes that do not decode under the chosen charset are an
   ``InputError`` naming the charset and where it came from: never a silent
   replacement character.
2. **Metadata** read from the page itself: the publication date only from a
   field that states it (JSON-LD ``datePublished``, ``article:published_time``,
   ``itemprop=datePublished``, ``<time pubdate>``, Dublin Core ...), named in
   ``Dct.reasons``; never a modification, copyright or crawl date. Title,
   author, site name and canonical URL come from trafilatura's metadata.
3. **Main text** with trafilatura (comments excluded: readers' comments are not
   the outlet's text), then our plain-text boilerplate cleaner on that text.
   ``Document.raw`` is trafilatura's text, ``Document.text`` the clean text,
   ``Document.removed`` the cuts as offsets into ``raw``. A cut that would take
   a line of more than ``MAX_CHROME_WORDS`` words is undone: our cleaner never
   loses a paragraph trafilatura kept.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from watchfloor.errors import InputError
from watchfloor.ingest.boilerplate import MAX_CHROME_WORDS, apply_removals, clean, edge_whitespace
from watchfloor.ingest.language import detect_language
from watchfloor.ingest.limits import (
    MAX_CONTROL_SHARE,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    QUARANTINE_PREFIX_BYTES,
    content_hash,
)
from watchfloor.ingest.metadata import date_in, from_text
from watchfloor.vocab import Dct, DctHow, Document, Removed

NAME = "html.v1"
SOURCE_TYPE = "text/html"

# A news page with inline scripts, styles and JSON state weighs 0.2-3 MB; ten
# times the largest leaves room while refusing dumps that would stall lxml.
MAX_HTML_BYTES = 10_000_000
# Browsers look for <meta charset> in the first 1,024 bytes (WHATWG prescan);
# real pages put long comments and scripts first, so we look a little further.
CHARSET_PRESCAN_BYTES = 4096
# How much of the decoded page is checked for control characters (binary data).
BINARY_SAMPLE_CHARS = 65_536
# A stated publication date before the web or beyond tomorrow (time zones) is
# a template default or a typo, not the page's date.
EARLIEST_PAGE_DATE = dt.date(1990, 1, 1)
MAX_DAYS_AHEAD = 1
# Media types that are HTML; anything else (PDF, images, JSON) is refused.
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
# Charset labels that browsers map to another codec (WHATWG Encoding): pages
# labelled Latin-1 or ASCII are decoded as windows-1252, as every browser does.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "utf-16": "utf-8",  # a <meta> cannot declare UTF-16: the bytes would not be ASCII
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.()+-]+)""", re.IGNORECASE
)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.()+-]+)""", re.IGNORECASE)

# Fields that state when a page was first published, best first; each is
# named in ``Dct.reasons``. Modification dates are deliberately absent.
_META_DATE_FIELDS = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "publication_date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "dcterms.created"),
    ("name", "dc.date"),
    ("name", "citation_publication_date"),
    ("name", "date"),
)
_ISO_DAY = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")
# JSON-LD types whose datePublished is the article's own (not a review's or a video's).
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|WebPage)$")


@functools.lru_cache(maxsize=1)
def _trafilatura() -> Any:
    """Import trafilatura once, and keep its log lines out of a CLI's stderr
    unless the application configures logging itself."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    return trafilatura


def document_from_html(
    data: bytes,
    *,
    url: str | None = None,
    origin: str,
    outlet: str | None = None,
    dct: Dct | None = None,
    content_type: str | None = None,
) -> Document:
    """One HTML page as a Document; an ``InputError`` naming ``origin`` otherwise.

    ``url``: where the page was fetched from (its canonical URL wins when the
    page states one). ``outlet``, ``dct``: given by the caller, they win over
    the page's metadata. ``content_type``: the HTTP Content-Type, for its
    charset and to refuse what is not HTML.
    """
    try:
        return _read(data, url=url, origin=origin, outlet=outlet, dct=dct, ctype=content_type)
    except InputError as exc:
        exc.data = data[:QUARANTINE_PREFIX_BYTES]
        raise


def _read(
    data: bytes,
    *,
    url: str | None,
    origin: str,
    outlet: str | None,
    dct: Dct | None,
    ctype: str | None,
) -> Document:
    _check_size(data, origin)
    media, http_charset = _media_type(ctype)
    if media is not None and media not in HTML_MEDIA_TYPES:
        raise InputError(f"not an HTML page (content type {media})", where=origin)
    page = decode_html(data, origin, http_charset)
    trafilatura = _trafilatura()
    tree = _parse(trafilatura, page, origin)
    stated = page_date(tree)
    extracted = _extract(trafilatura, tree, url, origin)
    # trafilatura writes one paragraph (or heading) a line; a blank line between them
    # is what ends a sentence downstream (extract.nlp), so a headline or a caption
    # without a full stop does not run into the next paragraph's first sentence
    raw = _PARAGRAPH_BREAK.sub("\n\n", (extracted.text or "").strip("\n"))
    if not raw.strip():
        raise InputError("no article text found in the page", where=origin)
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError(
            f"article text is {len(raw):,} characters, over the {MAX_TEXT_CHARS:,} limit",
            where=origin,
        )
    text, removed = clean_extracted(raw)
    if not text.strip():
        raise InputError("no article text left after removing boilerplate", where=origin)
    author, text_dct = from_text(text, removed)
    if dct is None or dct.how is DctHow.UNKNOWN:
        dct = stated or text_dct
    title = _title(extracted.title)
    digest = content_hash(data)
    lang, _confidence = detect_language(text)
    return Document(
        id=digest[:16],
        text=text,
        raw=raw,
        content_hash=digest,
        title=title,
        url=extracted.url or url,
        outlet=outlet or extracted.sitename or None,
        language=lang or _declared_language(tree),
        dct=dct or Dct(),
        removed=removed,
        origin=origin,
        author=extracted.author or author,
        source=data,
        source_type=SOURCE_TYPE,
    )


_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n\s*")


def _check_size(data: bytes, origin: str) -> None:
    if not data.strip():
        raise InputError("empty input", where=origin)
    if len(data) > MAX_HTML_BYTES:
        raise InputError(
            f"page is {len(data):,} bytes, over the {MAX_HTML_BYTES:,}-byte limit", where=origin
        )


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """ "text/html; charset=ISO-8859-1" -> ("text/html", "ISO-8859-1")."""
    if not content_type:
        return None, None
    media = content_type.split(";", 1)[0].strip().lower() or None
    m = _HTTP_CHARSET.search(content_type)
    return media, (m.group(1) if m else None)


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_charset(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """The codec to decode ``data`` with, and where it came from."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "byte-order mark"
    http = _codec(http_charset)
    if http:
        return http, "HTTP charset"
    m = _META_CHARSET.search(data[:CHARSET_PRESCAN_BYTES])
    meta = _codec(m.group(1).decode("ascii")) if m else None
    if meta:
        return meta, "meta charset"
    return "utf-8", "default"


def decode_html(data: bytes, origin: str, http_charset: str | None = None) -> str:
    """Decode a page's bytes, refusing binary and mis-encoded input."""
    codec, how = sniff_charset(data, http_charset)
    if not codec.startswith("utf-16") and b"\x00" in data[:BINARY_SAMPLE_CHARS]:
        raise InputError("binary data (NUL bytes), not an HTML page", where=origin)
    bom = next((len(b) for b, name in _BOMS if name == codec and data.startswith(b)), 0)
    try:
        page = data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        at = exc.start + bom
        raise InputError(
            f"not valid {codec} (byte 0x{data[at]:02x} at offset {at}; charset from {how})",
            where=origin,
        ) from None
    sample = page[:BINARY_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in sample or controls / max(len(sample), 1) > MAX_CONTROL_SHARE:
        raise InputError("binary data, not an HTML page", where=origin)
    return page


def _parse(trafilatura: Any, page: str, origin: str) -> Any:
    # lxml is a C parser fed untrusted bytes: whatever it raises on a page it
    # cannot read is that page's error, reported as one line, not a crash.
    try:
        tree = trafilatura.load_html(page)
    except Exception as exc:
        raise InputError(f"HTML could not be parsed ({type(exc).__name__})", where=origin) from None
    if tree is None:
        raise InputError("HTML could not be parsed", where=origin)
    return tree


def _extract(trafilatura: Any, tree: Any, url: str | None, origin: str) -> Any:
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # see _parse: a page's failure is its error
        raise InputError(
            f"main text could not be extracted ({type(exc).__name__})", where=origin
        ) from None
    if result is None:
        raise InputError("no article text found in the page", where=origin)
    return result


def _title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title if 0 < len(title) <= MAX_TITLE_CHARS else None


def _declared_language(tree: Any) -> str | None:
    """The page's ``<html lang>`` primary subtag ("en-GB" -> "en"), when it declares one."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not isinstance(lang, str):
        return None
    primary = lang.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


# --- our cleaner on trafilatura's text ---------------------------------------------


def clean_extracted(raw: str) -> tuple[str, tuple[Removed, ...]]:
    """``boilerplate.clean`` on trafilatura's text, with every cut that would take a
    line of more than ``MAX_CHROME_WORDS`` words undone (a dateline cut, which takes
    only a line's opening, stays)."""
    _, removed = clean(raw)
    protected = [(s, e) for s, e in _line_spans(raw) if len(raw[s:e].split()) > MAX_CHROME_WORDS]
    kept: list[Removed] = []
    for r in removed:
        if r.reason in ("dateline", "whitespace"):
            kept.append(r)
            continue
        kept.extend(_subtract(r, protected, raw))
    kept = _trim_edges(raw, kept)
    return apply_removals(raw, tuple(kept)), tuple(kept)


def _line_spans(raw: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in raw.splitlines(keepends=True):
        yield pos, pos + len(line)
        pos += len(line)


def _subtract(r: Removed, protected: list[tuple[int, int]], raw: str) -> list[Removed]:
    """The parts of ``r`` outside every protected line."""
    pieces = [(r.start, r.end)]
    for ps, pe in protected:
        if pe <= r.start or ps >= r.end:
            continue
        pieces = [
            part
            for s, e in pieces
            for part in ((s, min(e, ps)), (max(s, pe), e))
            if part[0] < part[1]
        ]
    return [Removed(start=s, end=e, text=raw[s:e], reason=r.reason) for s, e in pieces]


def _trim_edges(raw: str, removed: list[Removed]) -> list[Removed]:
    """Keep the clean text free of leading/trailing whitespace after restorations."""
    removed = sorted(removed, key=lambda r: (r.start, r.end))
    text = apply_removals(raw, tuple(removed))
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if not lead and not trail:
        return removed
    cuts = edge_whitespace(_kept_gaps(raw, removed), lead, trail)
    extra = [Removed(start=s, end=e, text=raw[s:e], reason=why) for s, e, why in cuts]
    return sorted(removed + extra, key=lambda r: (r.start, r.end))


def _kept_gaps(raw: str, removed: list[Removed]) -> list[tuple[int, int]]:
    """The raw regions that are not removed, in order."""
    out, pos = [], 0
    for r in removed:
        if r.start > pos:
            out.append((pos, r.start))
        pos = max(pos, r.end)
    if pos < len(raw):
        out.append((pos, len(raw)))
    return out


# --- the publication date the page states ------------------------------------------


def page_date(tree: Any) -> Dct | None:
    """The publication day a page's metadata states, with the field named; else None."""
    for field, value in _date_candidates(tree):
        day = _day(value)
        if day is not None:
            reason = f"page metadata: {field}"
            return Dct(date=day, earliest=day, latest=day, how=DctHow.METADATA, reasons=(reason,))
    return None


def _date_candidates(tree: Any) -> Iterator[tuple[str, str]]:
    for value in _json_ld_dates(tree):
        yield "JSON-LD datePublished", value
    metas = tree.xpath("//meta[@content]")
    for attr, key in _META_DATE_FIELDS:
        for meta in metas:
            if (meta.get(attr) or "").strip().lower() == key.lower():
                yield f'<meta {attr}="{key}">', meta.get("content") or ""
    for node in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]'):
        yield 'itemprop="datePublished"', node.get("datetime") or node.text_content()
    for node in tree.xpath("//time[@pubdate]"):
        yield "<time pubdate>", node.get("datetime") or node.text_content()


def _json_ld_dates(tree: Any) -> Iterator[str]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _ld_walk(data, depth=0)


# JSON-LD nests articles in @graph, lists and mainEntity; deeper is not an article's own.
MAX_JSON_LD_DEPTH = 4


def _ld_walk(node: Any, depth: int) -> Iterator[str]:
    if depth > MAX_JSON_LD_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            yield from _ld_walk(item, depth + 1)
        return
    if not isinstance(node, dict):
        return
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    value = node.get("datePublished")
    if isinstance(value, str) and any(
        isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types
    ):
        yield value
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in node:
            yield from _ld_walk(node[key], depth + 1)


def _day(value: str) -> dt.date | None:
    """A calendar day from an ISO timestamp or a written date with a year, if plausible."""
    value = value.strip()
    m = _ISO_DAY.match(value)
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else date_in(value)
    except ValueError:
        return None
    latest = dt.date.today() + dt.timedelta(days=MAX_DAYS_AHEAD)
    if day is None or not EARLIEST_PAGE_DATE <= day <= latest:
        return None
    return day
