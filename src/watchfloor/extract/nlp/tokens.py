"""Token attributes of a parsed document as plain lists, made once per document.

spaCy makes a new ``Token`` on every ``doc[i]`` and every iteration, and each
string attribute (``lemma_``, ``pos_``, ``text``) is a look-up in the string
store. The stages walk the same tokens many times over (every cue test, every
n-gram of the gazetteer scan); ``column(parsed, "lemma_")`` is
``[t.lemma_ for t in parsed]`` read once and kept in ``parsed.user_data``, so
a loop can test a token's attributes by index and make the ``Token`` only for
the few tokens that pass.

The columns assume the document is not changed after parsing (no
retokenisation, no new entities), as in the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

T = TypeVar("T")

_KEY = "watchfloor_columns"
# The document asked about last and its columns: the stages ask for columns tens
# of thousands of times per document, and ``Doc.user_data`` is slower to reach.
_last: tuple[Any, dict[str, Any]] | None = None


def _columns(parsed: SpacyDoc) -> dict[str, Any]:
    global _last
    last = _last
    if last is not None and last[0] is parsed:
        return last[1]
    cols: dict[str, Any] | None = parsed.user_data.get(_KEY)
    if cols is None:
        cols = {}
        parsed.user_data[_KEY] = cols
    _last = (parsed, cols)
    return cols


# Token attributes read with ``Doc.to_array`` (2-4x faster than a loop over the
# tokens), by the name of their spaCy attribute id. The array holds integers:
# string-store hashes for string attributes, 0/1 for flags, or the value itself.
_FLAG_ATTRS = ("is_stop", "is_punct", "is_upper", "is_alpha", "is_space", "is_digit")
_INT_ATTRS = ("idx",)
# ``ent_iob_`` from the ENT_IOB codes (spaCy's ``Token.iob_strings()``).
_IOB_STRINGS = ("", "I", "O", "B")
_ARRAY_IDS = {
    "text": "ORTH",
    "lower_": "LOWER",
    "lemma_": "LEMMA",
    "pos_": "POS",
    "tag_": "TAG",
    "dep_": "DEP",
    "ent_type_": "ENT_TYPE",
    "ent_iob_": "ENT_IOB",
    "is_sent_start": "SENT_START",
    "is_stop": "IS_STOP",
    "is_punct": "IS_PUNCT",
    "is_upper": "IS_UPPER",
    "is_alpha": "IS_ALPHA",
    "is_space": "IS_SPACE",
    "is_digit": "IS_DIGIT",
    "idx": "IDX",
}
# String-store hash -> string, for every document (the hashes are those of the
# strings themselves, the same in every vocabulary); emptied when it grows past:
_STRINGS_MAX = 1 << 18
_strings: dict[int, str] = {}


def _from_array(parsed: SpacyDoc, attr: str) -> list[Any]:
    from spacy import attrs

    values: list[int] = parsed.to_array(getattr(attrs, _ARRAY_IDS[attr])).tolist()
    if attr in _INT_ATTRS:
        return values
    if attr in _FLAG_ATTRS:
        return list(map(bool, values))  # ``v != 0``, as the array holds 0 or 1
    if attr == "ent_iob_":
        return [_IOB_STRINGS[v] for v in values]
    if attr == "is_sent_start":  # 1 start, -1 not, 0 unset (``Token.is_sent_start`` None)
        return [True if v == 1 else False if v else None for v in values]
    # a string attribute: hashes to strings
    global _strings
    known = _strings
    if len(known) > _STRINGS_MAX:
        known = _strings = {}  # a new dict: another thread may be reading the old one
    missing = set(values).difference(known)
    if missing:
        store = parsed.vocab.strings
        for v in missing:
            known[v] = store[v]
    return list(map(known.__getitem__, values))


def column(parsed: SpacyDoc, attr: str) -> list[Any]:
    """``[getattr(t, attr) for t in parsed]``, made once per document."""
    last = _last  # _columns, inline: a column is asked for hundreds of times per document
    cols = last[1] if last is not None and last[0] is parsed else _columns(parsed)
    col = cols.get(attr)
    if col is None:
        if attr in _ARRAY_IDS:
            col = _from_array(parsed, attr)
        else:
            col = [getattr(t, attr) for t in parsed]
        cols[attr] = col
    return col


def derived(parsed: SpacyDoc, name: str, make: Callable[[Any], T]) -> T:
    """``make(parsed)``, made once per document and kept under ``name``."""
    last = _last
    cols = last[1] if last is not None and last[0] is parsed else _columns(parsed)
    col = cols.get(name)
    if col is None:
        col = make(parsed)
        cols[name] = col
    return col


# Token text -> whether it opens with an upper-case letter, for every document
# (words recur across articles); emptied when it grows past _STRINGS_MAX.
_upper: dict[str, bool] = {}


def upper_initials(parsed: SpacyDoc) -> list[int]:
    """The indices of the tokens whose text opens with an upper-case character
    (``text[:1].isupper()``), in order: the passes that look only at capitalised
    tokens walk these instead of every token."""

    def make(p: Any) -> list[int]:
        global _upper
        known = _upper
        if len(known) > _STRINGS_MAX:
            known = _upper = {}  # a new dict: another thread may be reading the old one
        texts = column(p, "text")
        for t in set(texts).difference(known):
            known[t] = t[:1].isupper()
        return list(compress(range(len(texts)), map(known.__getitem__, texts)))

    return derived(parsed, "upper_initials", make)


def lemma_lower(parsed: SpacyDoc) -> list[str]:
    """``tok.lemma_.lower()`` of every token."""
    return derived(parsed, "lemma_lower", lambda p: [s.lower() for s in column(p, "lemma_")])


def ends(parsed: SpacyDoc) -> list[int]:
    """The end character offset of every token (``tok.idx + len(tok.text)``)."""
    return derived(
        parsed,
        "end",
        lambda p: [i + len(t) for i, t in zip(column(p, "idx"), column(p, "text"), strict=True)],
    )


def text(parsed: SpacyDoc) -> str:
    """``parsed.text``, which spaCy joins from the tokens on every access."""
    cols = _columns(parsed)
    doc_text: str | None = cols.get(_TEXT)
    if doc_text is None:
        # each token's text and its trailing space, as ``Doc.text`` joins them
        # (without making a Token per token)
        from spacy import attrs

        spaces = parsed.to_array(attrs.SPACY).tolist()
        doc_text = "".join(
            [t + " " if s else t for t, s in zip(column(parsed, "text"), spaces, strict=True)]
        )
        cols[_TEXT] = doc_text
    return doc_text


_TEXT = "doc_text"


def span_text(parsed: SpacyDoc, start: int, end: int) -> str:
    """``parsed[start:end].text`` without making the Span."""
    if start >= end:
        return ""
    cols = _columns(parsed)
    whole, idx, stop = cols.get(_TEXT), cols.get("idx"), cols.get("end")
    if whole is None or idx is None or stop is None:
        whole, idx, stop = text(parsed), column(parsed, "idx"), ends(parsed)
    return whole[idx[start] : stop[end - 1]]


def children(parsed: SpacyDoc) -> list[list[int]]:
    """The indices of every token's syntactic children, in text order
    (``[c.i for c in tok.children]``), from one read of the heads."""

    def make(p: Any) -> list[list[int]]:
        from spacy import attrs

        kids: list[list[int]] = [[] for _ in range(len(p))]
        # HEAD is the offset of the head, stored unsigned: read it back as signed
        for i, rel in enumerate(p.to_array(attrs.HEAD).astype("int64").tolist()):
            if rel:
                kids[i + rel].append(i)
        return kids

    return derived(parsed, "children", make)
