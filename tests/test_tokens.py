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


def test_sentence_of_a_character_or_a_token_bisects_starts_made_once(nlp: Any) -> None:
    from watchfloor.extract import sentences

    doc = nlp(TEXT)
    sents = sentences.find(doc)
    assert len(sents) > 2
    spacy_sents = list(doc.sents)
    for t in doc:  # the sentence that holds each token, by character and by token index
        want = next(k for k, s in enumerate(spacy_sents) if s.start <= t.i < s.end)
        assert sentences.index_of(sents, t.idx) == want
        assert sentences.of_token(doc, t.i) == want
    assert sentences.index_of(sents, -1) == 0 and sentences.index_of((), 5) == 0
    # the starts are built once per document, not on every call
    assert sentences.token_starts(doc) is sentences.token_starts(doc)
    sentences.index_of(sents, 0)
    kept = sentences._last
    sentences.index_of(sents, 40)
    assert sentences._last is kept
    assert sentences.index_of(sents[1:], sents[1].start) == 0  # other sentences: their own
