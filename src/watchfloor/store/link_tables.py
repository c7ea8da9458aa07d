"""The SQL of the tables that linking writes: near-duplicate copies and stories.

The store owns every statement; what to write is linking's decision
(``watchfloor.link``), taken through these primitives inside the transaction
of ``Store.add`` (see ``store.hooks``). Every query is a lookup by primary key
or by an index: none scans a table, so a document costs the same at a
thousand or a million stored documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from watchfloor.store import schema as t

# Parameters per IN (...) list: well under SQLite's and PostgreSQL's limits.
IN_CHUNK = 500
# The counter of documents linked into stories (their arrival numbers).
DOCUMENTS_COUNTER = "documents"


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CopyCandidate(NamedTuple):
    """A stored signature sharing a band key with a new one, and the first copy of its text."""

    document_id: str
    signature: bytes
    first_copy: str


class CopyTables:
    """Signatures, LSH band keys and copy links (tables of schema 0002), in one transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    @staticmethod
    def candidates_statement(scheme: str, keys: Sequence[int]) -> sa.Select[Any]:
        """Stored signatures of ``scheme`` sharing a band key with ``keys``, with the
        first copy of each.

        Two index lookups: ``signature_bands``'s primary key (key, document_id)
        finds the documents of each key, the primary keys of ``signatures`` and
        ``copies`` fetch their rows. Its cost grows with the number of
        candidates, not with the size of the store.
        """
        g, b, c = t.signatures.c, t.signature_bands.c, t.copies.c
        return (
            sa.select(g.document_id, g.signature, c.copy_of)
            .outerjoin(t.copies, c.document_id == g.document_id)
            .where(
                g.scheme == scheme,
                g.document_id.in_(sa.select(b.document_id).where(b.key.in_(keys))),
            )
        )

    def candidates(self, scheme: str, keys: Sequence[int]) -> list[CopyCandidate]:
        """``candidates_statement``'s rows: the near-duplicate candidates of a signature."""
        rows = self.conn.execute(self.candidates_statement(scheme, keys)).all()
        return [CopyCandidate(r.document_id, r.signature, r.copy_of or r.document_id) for r in rows]

    def signature(self, document_id: str) -> bytes | None:
        g = t.signatures.c
        found = self.conn.execute(sa.select(g.signature).where(g.document_id == document_id))
        return found.scalar_one_or_none()

    def index(self, document_id: str, scheme: str, signature: bytes, keys: Sequence[int]) -> None:
        """Store a document's signature and post it under its band keys."""
        self.conn.execute(
            t.signatures.insert().values(
                document_id=document_id, scheme=scheme, signature=signature
            )
        )
        if keys:
            self.conn.execute(
                t.signature_bands.insert(), [{"key": k, "document_id": document_id} for k in keys]
            )

    def link(self, document_id: str, copy_of: str, similarity: float) -> None:
        """Record that ``document_id`` is a near-duplicate of the first copy ``copy_of``."""
        self.conn.execute(
            t.copies.insert().values(
                document_id=document_id, copy_of=copy_of, similarity=similarity
            )
        )


class StoryRow(NamedTuple):
    """A story's profile as stored (``stories`` table)."""

    id: str
    size: int
    centroid: Mapping[str, float]
    entities: Mapping[str, int]
    earliest: dt.date | None
    latest: dt.date | None
    seq: int


class StoryTables:
    """The story index (tables of schema 0003), in one transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def next_seq(self) -> int:
        """Count one more linked document; its arrival number (row-locked on PostgreSQL)."""
        c = t.link_counters.c
        got = self.conn.execute(
            t.link_counters.update()
            .where(c.name == DOCUMENTS_COUNTER)
            .values(value=c.value + 1)
            .returning(c.value)
        ).scalar_one_or_none()
        if got is None:
            self.conn.execute(t.link_counters.insert().values(name=DOCUMENTS_COUNTER, value=1))
            return 1
        return int(got)

    def count_terms(self, terms: Sequence[str]) -> dict[str, int]:
        """Add one to the document frequency of ``terms``; their frequencies after it."""
        c = t.term_df.c
        known: dict[str, int] = {}
        for chunk in chunks(terms):
            known.update(
                (row.term, row.df)
                for row in self.conn.execute(sa.select(c.term, c.df).where(c.term.in_(chunk)))
            )
        if known:
            self.conn.execute(
                t.term_df.update().where(c.term == sa.bindparam("t")).values(df=c.df + 1),
                [{"t": term} for term in known],
            )
        fresh = [term for term in terms if term not in known]
        if fresh:
            self.conn.execute(t.term_df.insert(), [{"term": term, "df": 1} for term in fresh])
        return {term: known.get(term, 0) + 1 for term in terms}

    def hits(self, keys: Sequence[str], per_key: int) -> list[tuple[str, int]]:
        """(story, last arrival) of the ``per_key`` most recently active stories of each key.

        A UNION ALL of one index range scan on (key, last_seq) per key, each
        stopping after ``per_key`` rows: its cost does not depend on how many
        stories a key has been posted to.
        """
        if not keys:
            return []
        rows = self.conn.execute(
            _hits_statement(len(keys), per_key), {f"k{i}": k for i, k in enumerate(keys)}
        )
        return [(row.story_id, row.last_seq) for row in rows]

    def stories(self, ids: Sequence[str]) -> list[StoryRow]:
        """The stored profiles of these stories, by id."""
        s = t.stories.c
        out: list[StoryRow] = []
        for chunk in chunks(sorted(ids)):
            for row in self.conn.execute(
                sa.select(s.id, s.size, s.centroid, s.entities, s.earliest, s.latest, s.seq).where(
                    s.id.in_(chunk)
                )
            ):
                out.append(StoryRow(*row))
        return sorted(out, key=lambda p: p.id)

    def save(self, story: StoryRow, *, new: bool, scheme: str) -> None:
        """Insert a new story's profile, or update a grown one's."""
        values = {
            "size": story.size,
            "earliest": story.earliest,
            "latest": story.latest,
            "centroid": dict(story.centroid),
            "entities": dict(story.entities),
        }
        if new:
            self.conn.execute(
                t.stories.insert().values(id=story.id, scheme=scheme, seq=story.seq, **values)
            )
        else:
            self.conn.execute(t.stories.update().where(t.stories.c.id == story.id).values(**values))

    def post(self, story_id: str, keys: Sequence[str], seq: int) -> None:
        """Post the story under ``keys``, as last active at arrival ``seq``."""
        k = t.story_keys.c
        posted: set[str] = set()
        for chunk in chunks(keys):
            posted.update(
                self.conn.execute(
                    sa.select(k.key).where(k.story_id == story_id, k.key.in_(chunk))
                ).scalars()
            )
        if posted:
            self.conn.execute(
                t.story_keys.update()
                .where(k.story_id == story_id, k.key == sa.bindparam("k"))
                .values(last_seq=seq),
                [{"k": key} for key in sorted(posted)],
            )
        fresh = [key for key in keys if key not in posted]
        if fresh:
            self.conn.execute(
                t.story_keys.insert(),
                [{"key": key, "story_id": story_id, "last_seq": seq} for key in fresh],
            )

    def join(
        self,
        document_id: str,
        story_id: str,
        seq: int,
        score: float | None,
        earliest: dt.date | None,
        latest: dt.date | None,
    ) -> None:
        """Record the document as a member of the story (``score`` None: it began it)."""
        self.conn.execute(
            t.story_documents.insert().values(
                document_id=document_id,
                story_id=story_id,
                seq=seq,
                score=score,
                earliest=earliest,
                latest=latest,
            )
        )

    def is_linked(self, document_id: str) -> bool:
        sd = t.story_documents.c
        found = self.conn.execute(sa.select(sd.document_id).where(sd.document_id == document_id))
        return found.first() is not None


_HITS_SQL: dict[tuple[int, int], Any] = {}


def _hits_statement(n: int, per_key: int) -> Any:
    """The statement of ``StoryTables.hits`` for n keys, built once per (n, per_key)."""
    stmt = _HITS_SQL.get((n, per_key))
    if stmt is None:
        parts = [
            f"SELECT story_id, last_seq FROM (SELECT story_id, last_seq FROM story_keys "
            f"WHERE key = :k{i} ORDER BY last_seq DESC LIMIT {int(per_key)}) AS s{i}"
            for i in range(n)
        ]
        stmt = _HITS_SQL[(n, per_key)] = sa.text(" UNION ALL ".join(parts))
    return stmt
