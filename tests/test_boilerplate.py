"""Boilerplate removal: chrome is cut, article sentences never are, offsets stay honest."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.ingest.boilerplate import apply_removals, clean, is_consent_notice, raw_offset

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"

CHROME = [
    "Scroll Top",
    "Related Posts",
    "Leave a comment",
    "You must be logged in to post a comment.",
    "Privacy Preferences",
    "Share this article",
    "Back to top",
    "Subscribe to our newsletter",
    "All rights reserved.",
    "12 Comments",
]
COOKIE = (
    "When you visit our website, it may store information through your browser from specific "
    "services, usually in form of cookies. Here you can change your privacy preferences. "
    "Please note that blocking some types of cookies may impact your experience."
)
BODY = [
    "US forces declared a state of alert after militia leaders threatened attacks on bases.",
    "The spokesman said the government had not been consulted about the movements.",
    "Readers can leave a comment below, the editor wrote in a note about the new policy.",
    "Officials said the cookies and sweets were distributed at the checkpoint to children.",
    "Related talks in Geneva were postponed, the ministry said in a statement on Monday.",
]


def _reconstructs(raw: str) -> str:
    text, removed = clean(raw)
    assert apply_removals(raw, removed) == text
    for r in removed:
        assert raw[r.start : r.end] == r.text
    for i in range(0, len(text), max(1, len(text) // 50)):
        assert raw[raw_offset(i, removed)] == text[i]
    return text


def test_seed_junk_is_removed_and_body_kept() -> None:
    raw = (SAMPLES / "001_24d880bd7d5a1e28.txt").read_text(encoding="utf-8")
    text = _reconstructs(raw)
    for junk in CHROME[:5]:
        assert junk not in text
    assert "store information through your browser" not in text
    assert text.startswith("Unprecedented US Military activities in Iraq")
    assert text.rstrip().endswith("as more information surfaces.")


def test_credits_at_the_end_are_removed() -> None:
    raw = (SAMPLES / "000_c846c11fc7740915.txt").read_text(encoding="utf-8")
    text, removed = clean(raw)
    assert "Article Credit:" not in text and "Special Thanks" not in text
    assert any(r.reason == "credit" for r in removed)
    assert text.endswith("opposite Anbar province.")


def test_body_sentence_mentioning_chrome_words_is_kept() -> None:
    raw = "\n\n".join(["A headline about Iraq", *BODY])
    text, removed = clean(raw)
    assert text == raw
    assert removed == ()


def test_credit_line_inside_the_body_is_kept() -> None:
    body = [*BODY[:3], "Special thanks to the negotiators, he said.", *BODY[3:], BODY[0], BODY[1]]
    raw = "\n\n".join(["Headline", *body])
    text, _ = clean(raw)
    assert "Special thanks to the negotiators" in text


def test_consent_notice_versus_prose_about_cookies() -> None:
    assert is_consent_notice(COOKIE)
    assert not is_consent_notice(BODY[3])


@settings(max_examples=150, deadline=None)
@given(
    body=st.lists(st.sampled_from(BODY), min_size=1, max_size=8),
    junk=st.lists(st.sampled_from([*CHROME, COOKIE]), max_size=6),
    seed=st.randoms(use_true_random=False),
    newline=st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_property_no_body_line_is_ever_removed(
    body: list[str], junk: list[str], seed: object, newline: str
) -> None:
    lines = ["A headline about the situation", *body]
    for j in junk:
        lines.insert(seed.randrange(1, len(lines) + 1), j)  # type: ignore[attr-defined]
    raw = newline.join(lines)
    text = _reconstructs(raw)
    for b in body:
        assert b in text
    for j in junk:
        assert j not in text


PAGE = (
    "Home > World > Middle East\n"
    "Militias threaten US bases in Iraq\n"
    "By Jane Doe and John Roe | Reuters\n"
    "Published: March 12, 2019 10:04 GMT\n"
    "Share on Facebook Share on Twitter WhatsApp Email\n"
    "BAGHDAD (Reuters) - Iraqi militias threatened on Monday to attack US bases across the "
    "country, officials said.\n"
    "The threat followed a statement by the prime minister's office.\n"
)


def test_crumbs_share_bars_bylines_and_datelines_are_cut() -> None:
    text = _reconstructs(PAGE)
    assert text.startswith(
        "Militias threaten US bases in Iraq\nPublished: March 12, 2019 10:04 GMT\n"
        "Iraqi militias threatened on Monday"
    )
    _, removed = clean(PAGE)
    assert [r.reason for r in removed if r.reason != "whitespace"] == [
        "breadcrumb",
        "byline",
        "site_chrome",
        "dateline",
    ]


def test_byline_and_published_line_become_metadata(tmp_path: Path) -> None:
    from watchfloor.ingest.files import read_text_file
    from watchfloor.vocab import DctHow

    f = tmp_path / "a.txt"
    f.write_text(PAGE, encoding="utf-8")
    doc = read_text_file(f)
    assert doc.author == "Jane Doe and John Roe"
    assert str(doc.dct.date) == "2019-03-12" and doc.dct.how is DctHow.METADATA
    assert doc.dct.reasons == ("the line 'Published: March 12, 2019 10:04 GMT'",)
    assert doc.text.count("Published: March 12, 2019") == 1  # the stamp stays in the text
    given = read_text_file(f, dct=__import__("datetime").date(2019, 3, 13))
    assert str(given.dct.date) == "2019-03-13" and given.dct.how is DctHow.GIVEN


def test_sentences_that_look_like_chrome_stay() -> None:
    body = [
        "Militias threaten US bases",
        "ISIS - the group that once held Mosul - claimed the attack on Monday in a statement.",
        "Iraq / Syria: the border crossing at Al-Qaim reopened after talks between officials.",
        *BODY,
        "By the end of the week, troops had moved.",
        "Published reports said the convoy left on Friday.",
        "05 / 02 / 2013",
    ]
    raw = "\n".join(body)
    text, removed = clean(raw)
    assert text == raw, [r.text for r in removed]


def test_ambiguous_numeric_dates_are_not_read() -> None:
    from watchfloor.ingest.metadata import date_in

    assert date_in("Posted 03/04/2019") is None
    assert str(date_in("Updated 4 March 2019")) == "2019-03-04"
    assert str(date_in("first published 2019-03-04T10:00")) == "2019-03-04"
