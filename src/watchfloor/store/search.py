"""Full-text search over documents' title and clean text (schema 0005, docs/store.md).

SQLite: the FTS5 table ``documents_fts`` (contentless, ``unicode61`` words,
diacritics folded), keyed by ``documents_fts_ids.id`` and kept in step with
``documents`` by triggers. PostgreSQL: the stored generated column
``documents.search`` (``to_tsvector('simple', ...)``, title weighted A, text
B) with a GIN index.

A user's query is a list of words, all required. Each word is handed to the
backend as a *phrase of its own tokens*, never as query syntax: FTS5 gets it
double-quoted (a quote doubled), PostgreSQL gets ``phraseto_tsquery``, which
has no operators at all. So ``NEAR(``, ``*``, ``-x``, ``OR`` or a lone ``"``
are searched for as words, or ignored when they hold no letter or digit (no
token can match them). Hits are ranked by relevance (FTS5 ``bm25``, title
weighted 2; PostgreSQL ``ts_rank`` normalised by length), ties broken by
storage order then id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from watchfloor.store import schema as t
from watchfloor.store.engine import StoreBase
from watchfloor.store.records import SearchHit, Snippet, dct_of
from watchfloor.vocab import document_label

FTS_TABLE = "documents_fts"
FTS_IDS = "documents_fts_ids"
# Characters of a document's text PostgreSQL indexes: a tsvector holds at most
# 1 MB, which 2 MB of hostile text (every word distinct) could exceed, and a
# failing to_tsvector would refuse the document.
PG_INDEXED_CHARS = 100_000
# Characters of context on each side of a hit's first word in its snippet.
SNIPPET_CONTEXT = 80

# A token: a run of letters and digits (FTS5 unicode61 and PostgreSQL split on
# everything else).
_TOKEN = re.compile(r"[^\W_]+")


def searchable(words: Sequence[str]) -> list[str]:
    """The words that can match something: those holding a letter or digit."""
    return [w for w in words if _TOKEN.search(w)]


def fts5_query(words: Sequence[str]) -> str:
    """An FTS5 MATCH expression requiring every word, each a quoted phrase (no syntax)."""
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def pg_query(words: Sequence[str]) -> tuple[str, dict[str, str]]:
    """A PostgreSQL tsquery expression ANDing ``phraseto_tsquery`` of each word, with its
    bound parameters (the words are never part of the SQL text)."""
    params = {f"w{i}": w for i, w in enumerate(words)}
    expr = " && ".join(f"phraseto_tsquery('simple', :{name})" for name in params)
    return expr, params


def search_ids(
    conn: sa.Connection, words: Sequence[str], limit: int, offset: int
) -> list[tuple[str, float]]:
    """(document id, rank) of the documents holding every word, best first; higher rank is
    better on both backends. ``words`` must be ``searchable`` and not empty."""
    if conn.dialect.name == "postgresql":
        expr, params = pg_query(words)
        stmt = sa.text(
            "SELECT d.id, ts_rank(d.search, x.q, 1) AS score "
            f"FROM documents AS d, (SELECT {expr} AS q) AS x "
            "WHERE d.search @@ x.q "
            "ORDER BY score DESC, d.ingested_at, d.id LIMIT :limit OFFSET :offset"
        )
        rows = conn.execute(stmt, {**params, "limit": limit, "offset": offset}).all()
        return [(row.id, float(row.score)) for row in rows]
    stmt = sa.text(
        f"SELECT d.id, -bm25({FTS_TABLE}, 2.0, 1.0) AS score "
        f"FROM {FTS_TABLE} JOIN {FTS_IDS} AS m ON m.id = {FTS_TABLE}.rowid "
        "JOIN documents AS d ON d.id = m.document_id "
        f"WHERE {FTS_TABLE} MATCH :q "
        "ORDER BY score DESC, d.ingested_at, d.id LIMIT :limit OFFSET :offset"
    )
    rows = conn.execute(stmt, {"q": fts5_query(words), "limit": limit, "offset": offset}).all()
    return [(row.id, float(row.score)) for row in rows]


def word_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """A regex finding any of ``words`` in a text as the index does: its tokens in order,
    whole, separated by anything else, case-insensitive. None when no word has a token."""
    alternatives = []
    for w in words:
        tokens = _TOKEN.findall(w)
        if tokens:
            alternatives.append(r"[\W_]+".join(re.escape(tok) for tok in tokens))
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)


def snippet(text: str, words: Sequence[str]) -> Snippet | None:
    """A span of ``text`` around the first of ``words`` found, or None (e.g. only the
    title matched)."""
    pattern = word_pattern(words)
    found = pattern.search(text) if pattern is not None else None
    if found is None:
        return None
    start = max(found.start() - SNIPPET_CONTEXT, 0)
    end = min(found.end() + SNIPPET_CONTEXT, len(text))
    return Snippet(start, end, text[start:end])


def marks(text: str, words: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_a_matched_word) pieces, in order, covering it exactly."""
    pattern = word_pattern(words)
    if pattern is None:
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    at = 0
    for m in pattern.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], False))
        out.append((m.group(), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


class Searching(StoreBase):
    """``Store.search``: full-text search over titles and clean texts."""

    def search(self, words: Sequence[str], limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Documents whose title or clean text holds every word, most relevant first.

        A full-text index (schema 0005; watchfloor.store.search): each word is
        matched whole and case-insensitively, as the phrase of its letters and
        digits ("U.S." finds "U.S"); a word with neither is ignored, and no
        word left finds nothing. Query syntax in a word is searched as text.
        Ties in relevance keep storage order.
        """
        words = searchable(words)
        if not words or limit <= 0:
            return []
        try:
            with self.engine.connect() as conn:
                ranked = search_ids(conn, words, limit, offset)
        except SQLAlchemyError as exc:
            raise self._fail("cannot search the store", exc) from None
        if not ranked:
            return []
        d = t.documents.c
        rows = self._query(
            sa.select(
                d.id,
                d.title,
                d.outlet,
                d.text,
                d.dct_date,
                d.dct_earliest,
                d.dct_latest,
                d.dct_how,
                d.dct_reasons,
            ).where(d.id.in_([doc_id for doc_id, _ in ranked]))
        )
        by_id = {row.id: row for row in rows}
        return [
            SearchHit(
                document_id=doc_id,
                title=by_id[doc_id].title,
                outlet=by_id[doc_id].outlet,
                dct=dct_of(by_id[doc_id]),
                rank=rank,
                snippet=snippet(by_id[doc_id].text, words),
                label=document_label(by_id[doc_id].title, by_id[doc_id].text, doc_id),
            )
            for doc_id, rank in ranked
            if doc_id in by_id  # not removed in between
        ]
