"""extract.tokens: per-document token columns equal spaCy's own attributes."""

from __future__ import annotations

from typing import Any

from watchfloor.extract.nlp import tokens

TEXT = (
    "WASHINGTON (AP) — U.S. forces in northern Iraq's Anbar province didn't move, "
    "officials said Tuesday.\n\nThe Kentucky State Police, which spoke to reporters "
    "in Paris, Tenn., said: “We are not sure.”  Ms. O’Neil’s report followed.\n"
)


def test_columns_equal_token_attributes(nlp: Any) -> None:
    doc = nlp(TEXT)
    for attr in (*tokens._ARRAY_IDS, "whitespace_", "like_num"):
        assert tokens.column(doc, attr) == [getattr(t, attr) for t in doc], attr
    assert tokens.lemma_lower(doc) == [t.lemma_.lower() for t in doc]
    assert tokens.ends(doc) == [t.idx + len(t.text) for t in doc]
    assert tokens.text(doc) == doc.text


def test_flags_are_booleans(nlp: Any) -> None:
    doc = nlp(TEXT)
    assert all(type(v) is bool for v in tokens.column(doc, "is_stop"))


def test_span_text_equals_span(nlp: Any) -> None:
    doc = nlp(TEXT)
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert tokens.span_text(doc, start, end) == doc[start:end].text
    assert tokens.span_text(doc, 5, 5) == ""


def test_children_equal_spacy_children(nlp: Any) -> None:
    doc = nlp(TEXT)
    kids = tokens.children(doc)
    assert [kids[t.i] for t in doc] == [[c.i for c in t.children] for t in doc]


def test_columns_are_made_once_per_document(nlp: Any) -> None:
    doc, other = nlp(TEXT), nlp("Baghdad said nothing.")
    first = tokens.column(doc, "lemma_")
    tokens.column(other, "lemma_")  # another document in between
    assert tokens.column(doc, "lemma_") is first
    assert tokens.column(other, "text") == ["Baghdad", "said", "nothing", "."]
