"""RSS and Atom feeds: poll a feed (a URL or a local file) and read its entries.

``poll`` fetches a feed through the guarded ``Fetcher`` with a conditional GET
(``If-None-Match`` / ``If-Modified-Since`` from the previous ``FeedState``):
a 304 answer yields no entries and keeps the validators. ``parse`` turns feed
bytes into ``FeedEntry`` records with feedparser; a document that is not a
feed is one ``InputError``, a bad entry is one error and the good entries are
still returned. ``entry_document`` turns an entry into a ``Document``, by
fetching its link (entry bodies are usually summaries) or from its own content.

The library keeps no state: the caller stores the returned ``FeedState`` and
the ids of the entries it has read (the store does, for the CLI).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from watchfloor.errors import InputError
from watchfloor.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    MAX_RESPONSE_BYTES,
    Fetched,
    Fetcher,
)
from watchfloor.ingest.files import QUARANTINE_PREFIX_BYTES, decode, make_document, read_capped
from watchfloor.vocab import Dct, DctHow, Document, FeedState

NAME = "feeds.v1"

# A feed file read from disk is held to the same cap as a fetched response.
MAX_FEED_BYTES = MAX_RESPONSE_BYTES
# Entries read from one feed: news feeds carry 10-100; a feed with thousands
# is an archive dump or hostile, and the rest is reported, not read.
MAX_ENTRIES = 1000
# An entry id, link or title longer than this is junk, not an identifier.
MAX_ID_CHARS = 2048
# Feed dates outside this range are template defaults or typos ("0001-01-01").
EARLIEST_ENTRY_YEAR = 1990

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
        "hr",
        "dd",
        "dt",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item. ``id`` is stable across polls: the entry's id/guid, else its
    link, else a hash of title and published date."""

    id: str
    feed: str  # the feed's URL or file path
    index: int  # 1-based position in the feed document
    link: str | None = None
    title: str | None = None
    published: dt.datetime | None = None  # as stated, with its offset when given
    summary: str | None = None  # HTML (or text) as the feed gives it, sanitised by feedparser
    content: str | None = None  # the fullest content body, HTML
    author: str | None = None

    @property
    def body(self) -> str | None:
        """The fullest text the feed carries for the entry."""
        return self.content or self.summary


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    errors: tuple[InputError, ...]  # one per bad entry
    version: str  # feedparser's name for the format: "rss20", "atom10", ...
    # The XML was malformed and read by feedparser's lenient parser; entries kept.
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The result of one poll: the state to keep, and what the feed holds now."""

    state: FeedState
    entries: tuple[FeedEntry, ...]
    errors: tuple[InputError, ...] = ()
    not_modified: bool = False  # HTTP 304: nothing new, nothing parsed
    title: str | None = None
    problem: str | None = None


def is_url(source: str) -> bool:
    return urlsplit(source.strip()).scheme.lower() in ("http", "https")


def poll(
    source: str,
    state: FeedState | None = None,
    fetcher: Fetcher | None = None,
    *,
    now: dt.datetime | None = None,
) -> FeedPoll:
    """Poll one feed. ``state`` is the previous poll's (its validators are sent
    when it is for the same ``source``); ``fetcher`` the batch's guarded
    fetcher (a private one with default settings if None)."""
    now = now or dt.datetime.now(dt.UTC)
    if not is_url(source):
        return _poll_file(Path(source), source, now)
    if fetcher is None:
        with Fetcher() as own:
            return _poll_url(source, state, own, now)
    return _poll_url(source, state, fetcher, now)


def _poll_url(source: str, state: FeedState | None, fetcher: Fetcher, now: dt.datetime) -> FeedPoll:
    previous = state if state is not None and state.url == source else None
    got = fetcher.fetch(
        source,
        etag=previous.etag if previous else None,
        last_modified=previous.last_modified if previous else None,
    )
    if got.not_modified and previous is not None:
        return FeedPoll(
            state=replace(previous, polled_at=now),
            entries=(),
            not_modified=True,
            title=previous.title,
        )
    parsed = parse(got.data, where=source, base_url=got.final_url, content_type=got.content_type)
    new_state = FeedState(
        url=source,
        etag=got.etag,
        last_modified=got.last_modified,
        title=parsed.title,
        polled_at=now,
    )
    return FeedPoll(new_state, parsed.entries, parsed.errors, False, parsed.title, parsed.problem)


def _poll_file(path: Path, source: str, now: dt.datetime) -> FeedPoll:
    data = read_capped(path, MAX_FEED_BYTES, "a feed", where=source)
    parsed = parse(data, where=source)
    state = FeedState(url=source, title=parsed.title, polled_at=now)
    return FeedPoll(state, parsed.entries, parsed.errors, False, parsed.title, parsed.problem)


# -- parsing ------------------------------------------------------------------------


def parse(
    data: bytes, *, where: str, base_url: str | None = None, content_type: str | None = None
) -> ParsedFeed:
    """Feed bytes -> entries. Not a feed, or unreadable: one ``InputError`` naming ``where``."""
    if not data.strip():
        raise InputError("empty feed", where=where, data=data[:QUARANTINE_PREFIX_BYTES])
    result = _feedparser(data, where, base_url, content_type)
    version = str(result.get("version") or "")
    raw_entries = result.get("entries") or []
    problem = _bozo_problem(result)
    if not version:
        why = problem or "no RSS or Atom root element"
        if _looks_like_html(data):
            why = "an HTML page, not an RSS or Atom feed"
        raise InputError(f"not a feed ({why})", where=where, data=data[:QUARANTINE_PREFIX_BYTES])
    entries, errors = _entries(raw_entries, where)
    if problem and not entries:  # broken XML and nothing readable recovered from it
        raise InputError(
            f"malformed feed ({problem})", where=where, data=data[:QUARANTINE_PREFIX_BYTES]
        )
    feed = result.get("feed") or {}
    return ParsedFeed(
        _plain(feed.get("title"), feed.get("title_detail")), entries, errors, version, problem
    )


def _feedparser(data: bytes, where: str, base_url: str | None, content_type: str | None) -> Any:
    import feedparser  # lazy: only feed paths need it

    headers = {}
    if base_url:
        headers["content-location"] = base_url
    if content_type:
        headers["content-type"] = content_type
    try:
        # A stream, never a string: given a str, feedparser would open URLs or files itself.
        return feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    except Exception as exc:  # a third-party parser's failure on hostile bytes
        raise InputError(
            f"unreadable feed ({type(exc).__name__}: {_one_line(str(exc))})",
            where=where,
            data=data[:QUARANTINE_PREFIX_BYTES],
        ) from None


def _bozo_problem(result: Mapping[str, Any]) -> str | None:
    """feedparser's complaint about the XML, unless it is only a charset relabelling."""
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    name = type(exc).__name__
    if name in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None
    return _one_line(f"{name}: {exc}") if exc is not None else "malformed XML"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _entries(raw: list[Any], where: str) -> tuple[tuple[FeedEntry, ...], tuple[InputError, ...]]:
    entries: list[FeedEntry] = []
    errors: list[InputError] = []
    for index, item in enumerate(raw[:MAX_ENTRIES], start=1):
        result = _entry(item, where, index)
        (errors if isinstance(result, InputError) else entries).append(result)  # type: ignore[arg-type]
    if len(raw) > MAX_ENTRIES:
        errors.append(
            InputError(
                f"{len(raw) - MAX_ENTRIES} entries after the first {MAX_ENTRIES} not read",
                where=where,
            )
        )
    return tuple(entries), tuple(errors)


def _entry(item: Any, feed: str, index: int) -> FeedEntry | InputError:
    where = f"{feed} entry {index}"
    if not isinstance(item, Mapping):
        return InputError("not an entry", where=where)
    link = _link(item.get("link"))
    title = _plain(item.get("title"), item.get("title_detail"))
    summary = _str(item.get("summary"))
    content = _content(item.get("content"))
    published = _published(item)
    if not (link or content or summary):
        label = f" ({title[:80]!r})" if title else ""
        return InputError(f"entry{label} has no link and no content", where=where)
    return FeedEntry(
        id=_stable_id(item, link, title, published, content or summary),
        feed=feed,
        index=index,
        link=link,
        title=title,
        published=published,
        summary=summary,
        content=content,
        author=_plain(item.get("author"), None),
    )


def _stable_id(
    item: Mapping[str, Any],
    link: str | None,
    title: str | None,
    published: dt.datetime | None,
    body: str | None,
) -> str:
    given = _str(item.get("id"))
    if given and len(given) <= MAX_ID_CHARS:
        return given
    if link:
        return link
    stamp = published.isoformat() if published else _str(item.get("published")) or ""
    key = f"{title or ''}\x1f{stamp}"
    if not title and not stamp:
        key += f"\x1f{body or ''}"  # nothing else identifies it
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _str(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _plain(value: Any, detail: Any) -> str | None:
    """A title or name as plain text (feedparser keeps HTML markup of html-typed titles)."""
    text = _str(value)
    if text is None:
        return None
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    if kind in ("text/html", "application/xhtml+xml"):
        text = html_text(text)
    return " ".join(text.split())[:MAX_ID_CHARS] or None


def _link(value: Any) -> str | None:
    link = _str(value)
    if link is None or len(link) > MAX_ID_CHARS:
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    return link if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _content(value: Any) -> str | None:
    """The longest of an entry's content bodies (Atom may carry several)."""
    if not isinstance(value, list):
        return None
    bodies = [_str(c.get("value")) for c in value if isinstance(c, Mapping)]
    return max((b for b in bodies if b), key=len, default=None)


def _published(item: Mapping[str, Any]) -> dt.datetime | None:
    """The stated publication time, keeping its UTC offset when the text gives one.

    Only ``published`` (RSS pubDate, Atom published, Dublin Core date):
    ``updated`` is a modification time, not the publication.
    """
    raw = _str(item.get("published"))
    stamp = _parse_stamp(raw) if raw else None
    if stamp is None:
        parsed = item.get("published_parsed")
        try:
            stamp = _from_struct(parsed) if parsed else None
        except (TypeError, ValueError):
            stamp = None
    if stamp is None or not EARLIEST_ENTRY_YEAR <= stamp.year <= dt.date.today().year + 1:
        return None
    return stamp


def _from_struct(parsed: Any) -> dt.datetime:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    year, month, day, hour, minute, second = (int(v) for v in tuple(parsed)[:6])
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def _parse_stamp(raw: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(raw)  # RFC 822 (RSS)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))  # RFC 3339 (Atom)
    except ValueError:
        return None


# -- entries to documents --------------------------------------------------------------


def entry_dct(entry: FeedEntry) -> Dct | None:
    """The entry's stated publication day (in the offset the feed gave), as metadata."""
    if entry.published is None:
        return None
    day = entry.published.date()
    reason = f"the feed entry's published date {entry.published.isoformat()}"
    return Dct(date=day, earliest=day, latest=day, how=DctHow.METADATA, reasons=(reason,))


def entry_document(
    entry: FeedEntry,
    fetcher: Fetcher | None = None,
    allow_private: bool = False,
    *,
    fetch_link: bool = True,
    feed_title: str | None = None,
) -> Document:
    """The entry as a Document: its linked page when it has a link (fetched through
    the guarded fetcher), else its own content. A failed fetch is an ``InputError``
    naming the link: the summary is not silently read in the article's place
    (call again with ``fetch_link=False`` to read the summary on purpose).
    ``feed_title`` names the outlet when the page states no site name of its own."""
    if entry.link and fetch_link:
        if fetcher is None:
            with Fetcher(allow_private=allow_private) as own:
                return _linked_document(entry, own, feed_title)
        return _linked_document(entry, fetcher, feed_title)
    return content_document(entry)


def _linked_document(entry: FeedEntry, fetcher: Fetcher, feed_title: str | None) -> Document:
    assert entry.link is not None
    doc = page_document(fetcher.fetch(entry.link), entry.link)
    return _with_entry_metadata(doc, entry, feed_title)


def url_document(url: str, fetcher: Fetcher) -> Document:
    """The page at ``url`` as a Document, fetched through the guarded ``fetcher``."""
    return page_document(fetcher.fetch(url), url)


def page_document(got: Fetched, origin: str) -> Document:
    """A fetched page (HTML or plain text) as a Document; a feed is refused."""
    if got.content_type in FEED_TYPES:
        raise InputError(
            f"this is a feed ({got.content_type}), not an article: read it as a feed",
            where=origin,
            data=got.data[:QUARANTINE_PREFIX_BYTES],
        )
    if got.content_type in HTML_TYPES:
        from watchfloor.ingest.html import document_from_html

        return document_from_html(
            got.data,
            url=got.final_url,
            origin=origin,
            content_type=_ctype(got.content_type, got.charset),
        )
    try:  # text/plain: the fetcher admits nothing else
        raw = decode(got.data, origin, got.charset or "utf-8")
        doc = make_document(raw, origin=origin, data=got.data, url=got.final_url)
    except InputError as exc:
        exc.data = got.data[:QUARANTINE_PREFIX_BYTES]
        raise
    return replace(doc, language=_language(doc.text), source=got.data, source_type="text/plain")


def _ctype(media: str | None, charset: str | None) -> str | None:
    if media is None:
        return None
    return f"{media}; charset={charset}" if charset else media


def content_document(entry: FeedEntry) -> Document:
    """A Document from the entry's own content (or summary) when there is no page to fetch."""
    where = entry.link or f"{entry.feed} entry {entry.index}"
    body = entry.body
    if body is None:
        raise InputError("entry has no content to read", where=where)
    text = html_text(body)
    if entry.title and not text.startswith(entry.title):
        text = f"{entry.title}\n\n{text}"  # the title is the first line, as in a text file
    data = body.encode("utf-8", "surrogatepass")
    doc = make_document(text, origin=where, data=data, title=entry.title, url=entry.link)
    doc = replace(doc, language=_language(doc.text), source=data, source_type="text/html")
    return _with_entry_metadata(doc, entry)


def _with_entry_metadata(
    doc: Document, entry: FeedEntry, feed_title: str | None = None
) -> Document:
    """Fill what the page did not state from the entry; what the page states wins.
    A bare host name standing for the site ("news.example:8080") is not a
    stated outlet: the feed's title names it better."""
    changes: dict[str, Any] = {}
    host = urlsplit(entry.link or "").netloc
    if feed_title and (doc.outlet is None or doc.outlet == host):
        changes["outlet"] = feed_title
    if doc.dct.how is DctHow.UNKNOWN and (dct := entry_dct(entry)) is not None:
        changes["dct"] = dct
    if doc.title is None and entry.title:
        changes["title"] = entry.title
    if doc.author is None and entry.author:
        changes["author"] = entry.author
    if doc.url is None and entry.link:
        changes["url"] = entry.link
    return replace(doc, **changes) if changes else doc


def _language(text: str) -> str | None:
    from watchfloor.ingest.language import detect_language

    return detect_language(text)[0]


# -- HTML fragments to text ----------------------------------------------------------------


class _TextCollector(HTMLParser):
    """Text of an HTML fragment: one paragraph per block element, scripts dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(self._skip - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.blocks[-1].append(data)

    def paragraphs(self) -> Iterator[str]:
        for block in self.blocks:
            text = " ".join("".join(block).split())
            if text:
                yield text


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary or content), paragraphs apart."""
    if "<" not in fragment and "&" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in fragment.split("\n\n") if p.strip())
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "\n\n".join(collector.paragraphs())
