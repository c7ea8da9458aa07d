"""A plain text's leading URL line and its outlet (watchfloor.ingest.article_url)."""

from __future__ import annotations

from watchfloor.ingest.article_url import is_headline, lead, outlet_of, url_line
from watchfloor.ingest.files import document_from_record

LOHAN = (
    "http://articles.latimes.com/2013/may/03/local/la-me-0504-lohan-rehab-20130504\n"
    "Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\n"
    "After skipping out on entering a Newport Beach rehabilitation facility, Lohan checked in."
)


def test_a_leading_url_line_is_the_url_and_the_next_line_the_title() -> None:
    got = lead(LOHAN, None, None, None)
    assert got.title == "Lindsay Lohan checks into Betty Ford Center"
    assert got.url.startswith("http://articles.latimes.com/2013/")
    assert got.outlet == "latimes.com"  # the registrable domain, not the host


def test_a_date_stamp_after_the_url_is_no_headline() -> None:
    text = (
        "https://www.vulture.com/2013/08/x.html\n8 / 2 / 13 at 1: 30 PM\n5 Thoughts on Ellen\nBody."
    )
    assert lead(text, None, None, None).title == "5 Thoughts on Ellen"
    assert not is_headline("12 January 2010 @ 09: 29 pm") and is_headline("Texas fugitive caught")


def test_what_is_given_wins_and_nothing_is_guessed() -> None:
    assert lead(LOHAN, "Given", "https://example.org/a", "The Times") == (
        "Given",
        "https://example.org/a",
        "The Times",
    )
    plain = lead("Gunmen attack a checkpoint\nBody text.", None, None, None)
    assert plain == ("Gunmen attack a checkpoint", None, None)
    assert lead("x", None, "javascript:alert(1)", None).outlet is None
    for host in ("http://localhost/a", "http://192.168.0.1/x", "ftp://example.org/x", "http:///x"):
        assert outlet_of(host) is None, host
    assert outlet_of("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert url_line("see http://example.org") is None and url_line("http://[::1/x") is None


def test_a_batch_record_gets_its_url_title_and_outlet_from_its_lines() -> None:
    doc = document_from_record({"id": "a", "text": LOHAN}, "batch.jsonl:1")
    assert (doc.title, doc.outlet) == ("Lindsay Lohan checks into Betty Ford Center", "latimes.com")
    assert doc.url is not None and doc.text.startswith("http://")  # the text is kept whole
