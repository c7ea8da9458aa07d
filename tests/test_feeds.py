"""Feeds: parsing RSS/Atom, conditional re-polls against a local server, entries to documents."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from watchfloor.errors import InputError, RefusedAddress
from watchfloor.ingest.feeds import (
    FeedEntry,
    content_document,
    entry_document,
    html_text,
    parse,
    poll,
    url_document,
)
from watchfloor.ingest.fetch import AddressPolicy, Fetcher
from watchfloor.vocab import DctHow, FeedState

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "src" / "watchfloor" / "samples").glob("*.txt"))

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example Wire: World</title><link>https://wire.example/</link>
<item>
  <title>Convoys seen near the border</title>
  <link>https://wire.example/a/1</link>
  <guid isPermaLink="false">wire-0001</guid>
  <pubDate>Tue, 12 Mar 2019 23:30:00 -0500</pubDate>
  <description>&lt;p&gt;Military convoys were seen &lt;b&gt;moving&lt;/b&gt; north.&lt;/p&gt;</description>
</item>
<item>
  <title>No guid here</title>
  <link>https://wire.example/a/2</link>
  <description>Second story.</description>
</item>
<item>
  <title>Only a title</title>
</item>
<item>
  <title>Text only, no link</title>
  <pubDate>Wed, 13 Mar 2019 08:00:00 GMT</pubDate>
  <description>Factions issued a statement demanding the withdrawal of foreign troops.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Example &lt;i&gt;Monitor&lt;/i&gt;</title>
  <id>urn:example:monitor</id>
  <updated>2019-03-14T10:00:00Z</updated>
  <entry>
    <title>Statement on the alert</title>
    <id>urn:example:monitor:42</id>
    <link rel="alternate" href="/stories/42"/>
    <published>2019-03-09T07:15:00+03:00</published>
    <updated>2019-03-14T10:00:00Z</updated>
    <author><name>Jane Doe</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;First paragraph of the story.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Updated but never published</title>
    <id>urn:example:monitor:43</id>
    <link rel="alternate" href="https://monitor.example/stories/43"/>
    <updated>2019-03-14T10:00:00Z</updated>
    <summary>An entry with a modification date only.</summary>
  </entry>
</feed>"""


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def local_fetcher(server: HTTPServer, **kw: object) -> Fetcher:
    policy = AddressPolicy(trusted=frozenset({("127.0.0.1", server.port)}))
    options: dict[str, object] = {"policy": policy, "min_interval": 0.0, "backoff": 0.0}
    options.update(kw)
    return Fetcher(**options)  # type: ignore[arg-type]


# -- parsing ---------------------------------------------------------------------------


def test_rss20_entries_ids_dates_and_bad_entry() -> None:
    feed = parse(RSS, where="wire.xml")
    assert feed.version == "rss20" and feed.title == "Example Wire: World"
    assert [e.index for e in feed.entries] == [1, 2, 4]
    first, second, fourth = feed.entries
    assert first.id == "wire-0001"  # the guid
    assert second.id == "https://wire.example/a/2"  # no guid: the link
    assert fourth.id.startswith("sha256:") and fourth.link is None  # neither: a hash
    assert first.published == dt.datetime(
        2019, 3, 12, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert first.summary is not None and "<b>moving</b>" in first.summary
    assert (len(feed.errors), feed.errors[0].where) == (1, "wire.xml entry 3")
    assert "no link and no content" in str(feed.errors[0]) and "Only a title" in str(feed.errors[0])


def test_rss_ids_are_stable_across_parses() -> None:
    again = parse(RSS, where="other-name.xml")
    assert [e.id for e in parse(RSS, where="wire.xml").entries] == [e.id for e in again.entries]


def test_atom10_relative_link_html_title_published_not_updated() -> None:
    feed = parse(ATOM, where="monitor", base_url="https://monitor.example/feed.atom")
    assert feed.version == "atom10" and feed.title == "Example Monitor"
    story, updated_only = feed.entries
    assert story.id == "urn:example:monitor:42"
    assert story.link == "https://monitor.example/stories/42"  # resolved against the feed URL
    assert story.author == "Jane Doe"
    assert story.published is not None and story.published.utcoffset() == dt.timedelta(hours=3)
    assert story.content is not None and "Second paragraph" in story.content
    assert story.body == story.content  # the fullest body, not the summary
    assert updated_only.published is None  # an update time is not a publication date


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty feed"),
        (b"<!DOCTYPE html><html><body><p>A page</p></body></html>", "HTML page"),
        (b'{"items": []}', "not a feed"),
        (b"<rss version='2.0'><channel><title>x</title><item><title>", "malformed feed"),
        (b"\x00\x01\x02\xff\xfe binary", "not a feed"),
    ],
)
def test_not_a_feed_is_one_input_error(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as err:
        parse(data, where="bad.xml")
    message = str(err.value)
    assert message.startswith("bad.xml: ") and why in message and "\n" not in message


def test_malformed_xml_with_entries_keeps_the_good_ones() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut off")
    feed = parse(broken, where="wire.xml")
    assert feed.problem is not None
    assert [e.id for e in feed.entries][:2] == ["wire-0001", "https://wire.example/a/2"]


def test_entry_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfloor.ingest.feeds as feeds

    monkeypatch.setattr(feeds, "MAX_ENTRIES", 2)
    feed = parse(RSS, where="wire.xml")
    assert len(feed.entries) == 2
    assert any("not read" in str(e) for e in feed.errors)


def test_html_text_paragraphs_and_scripts() -> None:
    fragment = "<p>One &amp; two</p><script>evil()</script><div>Three<br>Four</div>"
    assert html_text(fragment) == "One & two\n\nThree\n\nFour"
    assert html_text("plain  text\n\nsecond") == "plain text\n\nsecond"


# -- polling -----------------------------------------------------------------------------


def test_poll_local_files(tmp_path: Path) -> None:
    (tmp_path / "wire.xml").write_bytes(RSS)
    (tmp_path / "monitor.atom").write_bytes(ATOM)
    result = poll(str(tmp_path / "wire.xml"), None)
    assert result.state.url == str(tmp_path / "wire.xml") and result.state.title
    assert len(result.entries) == 3 and len(result.errors) == 1
    assert len(poll(str(tmp_path / "monitor.atom")).entries) == 2
    with pytest.raises(InputError, match="No such file"):
        poll(str(tmp_path / "missing.xml"))


def test_etag_repoll_fetches_nothing_new(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"feed-v1"':
            return Response(status=304, headers={"ETag": '"feed-v1"'})
        return Response(RSS, content_type="application/rss+xml", headers={"ETag": '"feed-v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    url = httpserver.url_for("/feed.xml")
    with local_fetcher(httpserver) as fetcher:
        first = poll(url, None, fetcher)
        again = poll(url, first.state, fetcher)
    assert len(first.entries) == 3 and first.state.etag == '"feed-v1"'
    assert again.not_modified and again.entries == () and again.errors == ()
    assert (again.state.url, again.state.etag, again.state.last_modified, again.state.title) == (
        first.state.url,
        first.state.etag,
        first.state.last_modified,
        first.state.title,
    )
    feed_requests = [r for r, _ in httpserver.log if r.path == "/feed.xml"]
    assert feed_requests[1].headers["If-None-Match"] == '"feed-v1"'


def test_last_modified_repoll(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    stamp = "Wed, 13 Mar 2019 09:00:00 GMT"

    def feed(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(ATOM, content_type="application/atom+xml", headers={"Last-Modified": stamp})

    httpserver.expect_request("/atom").respond_with_handler(feed)
    url = httpserver.url_for("/atom")
    with local_fetcher(httpserver) as fetcher:
        first = poll(url, None, fetcher)
        assert first.state.last_modified == stamp and first.state.etag is None
        assert first.entries[0].link == httpserver.url_for("/stories/42")
        again = poll(url, first.state, fetcher)
        assert again.not_modified and again.entries == ()
        # a state for another feed is not used as validators
        other = poll(url, FeedState(url="https://elsewhere.example/feed", etag='"x"'), fetcher)
        assert not other.not_modified and len(other.entries) == 2


def test_poll_url_refuses_loopback_without_the_flag(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml"
    )
    with pytest.raises(RefusedAddress):
        poll(httpserver.url_for("/feed.xml"), None)  # default fetcher: public addresses only
    assert not httpserver.log


def test_poll_url_that_is_a_page_not_a_feed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data(
        b"<!doctype html><html><body>hi</body></html>", content_type="text/html"
    )
    with local_fetcher(httpserver) as fetcher, pytest.raises(InputError, match="HTML page"):
        poll(httpserver.url_for("/page"), None, fetcher)


# -- entries to documents ---------------------------------------------------------------------


def test_content_document_from_an_entry_without_link() -> None:
    entry = parse(RSS, where="wire.xml").entries[2]
    doc = content_document(entry)
    assert doc.title == "Text only, no link"
    assert "Factions issued a statement" in doc.text
    assert doc.dct.how is DctHow.METADATA and doc.dct.date == dt.date(2019, 3, 13)
    assert doc.source_type == "text/html" and doc.source is not None
    assert entry_document(entry) == doc  # no link: no fetch


def test_entry_dct_keeps_the_stated_offset() -> None:
    entry = parse(RSS, where="wire.xml").entries[0]
    doc = entry_document(entry, fetch_link=False)
    assert doc.dct.date == dt.date(2019, 3, 12)  # 23:30 -05:00 is the 12th where it was written
    assert "Military convoys were seen moving north." in doc.text


def test_entry_document_fetches_the_linked_page(httpserver: HTTPServer) -> None:
    sample = SAMPLES[0].read_text(encoding="utf-8")
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    page = (
        "<!doctype html><html><head><title>"
        + html.escape(paragraphs[0])
        + "</title></head><body><article><h1>"
        + html.escape(paragraphs[0])
        + "</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:])
        + "</article></body></html>"
    )
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/story").respond_with_data(
        page.encode("utf-8"), content_type="text/html; charset=utf-8"
    )
    entry = FeedEntry(
        id="x1",
        feed="f",
        index=1,
        link=httpserver.url_for("/story"),
        title="Feed title",
        published=dt.datetime(2019, 3, 12, tzinfo=dt.UTC),
        summary="A summary only.",
    )
    with local_fetcher(httpserver) as fetcher:
        doc = entry_document(entry, fetcher)
    assert "A summary only." not in doc.text
    for sentence in ("the sixth of this March", "Brigades of Hezbollah"):
        assert sentence in doc.text
    assert doc.url == entry.link and doc.source_type == "text/html"
    assert doc.dct.date == dt.date(2019, 3, 12)  # the page states none: the entry's date
    for p in paragraphs[2:5]:
        assert p.strip() in doc.text


def test_entry_document_fetch_failure_names_the_link(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    entry = FeedEntry(id="g", feed="f", index=1, link=httpserver.url_for("/gone"), summary="S.")
    with local_fetcher(httpserver) as fetcher, pytest.raises(InputError) as err:
        entry_document(entry, fetcher)
    assert str(err.value).startswith(entry.link or "") and "410" in str(err.value)


def test_entry_document_link_to_loopback_is_refused() -> None:
    entry = FeedEntry(id="i", feed="f", index=1, link="http://127.0.0.1:9/admin", summary="S.")
    with pytest.raises(RefusedAddress):
        entry_document(entry)


def test_seed_article_as_feed_content_keeps_every_paragraph() -> None:
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        rss = (
            "<rss version='2.0'><channel><title>Seeds</title><item><guid>s</guid>"
            f"<description>{html.escape(body)}</description></item></channel></rss>"
        ).encode()
        (entry,) = parse(rss, where=path.name).entries
        doc = content_document(entry)
        assert "US military" in doc.text
        for sentence in ("announced a state of alert", "categorically denied"):
            if sentence in text:
                assert sentence in doc.text


# -- fuzz ------------------------------------------------------------------------------------


def _mangle(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, length, junk in cuts:
        at = pos % (len(out) + 1)
        out[at : at + length] = junk
    return bytes(out)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    base=st.sampled_from([RSS, ATOM]),
    cuts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4000),
            st.integers(min_value=0, max_value=40),
            st.binary(max_size=12)
            | st.sampled_from(
                [
                    b"<",
                    b">",
                    b"&",
                    b"]]>",
                    b"<item>",
                    b"<entry>",
                    b"\xff\xfe",
                    b"\x00",
                    b"&#xD800;",
                    b"<!ENTITY a 'b'>",
                    b"<![CDATA[",
                ]
            ),
        ),
        max_size=6,
    ),
)
def test_fuzz_parse_never_raises_anything_but_input_error(
    base: bytes, cuts: list[tuple[int, int, bytes]]
) -> None:
    data = _mangle(base, cuts)
    try:
        feed = parse(data, where="fuzz.xml")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.xml")
        return
    for entry in feed.entries:
        assert entry.id and (entry.link or entry.body)
        try:
            doc = entry_document(entry, fetch_link=False)
        except InputError as exc:
            assert "\n" not in str(exc)
            continue
        assert doc.text.strip()


def test_url_document_reads_text_and_refuses_a_feed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    sample = SAMPLES[1].read_text(encoding="utf-8")
    httpserver.expect_request("/plain").respond_with_data(
        sample.encode("utf-8"), content_type="text/plain; charset=utf-8"
    )
    httpserver.expect_request("/feed").respond_with_data(RSS, content_type="application/rss+xml")
    with local_fetcher(httpserver) as fetcher:
        doc = url_document(httpserver.url_for("/plain"), fetcher)
        assert "categorically denied" in doc.text and "Scroll Top" not in doc.text
        assert (doc.source_type, doc.url, doc.language) == (
            "text/plain",
            httpserver.url_for("/plain"),
            "en",
        )
        with pytest.raises(InputError, match="read it as a feed") as err:
            url_document(httpserver.url_for("/feed"), fetcher)
    assert err.value.data == RSS
