"""Stories as the store lists them: their documents, dates, key actors and places.

Linking writes the story tables (``link.stories`` through ``store.hooks`` and
``store.link_tables``); this reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.store.engine import READ_BATCH, StoreBase
from watchfloor.store.records import StoryEntry, StoryMember
from watchfloor.vocab import Story, document_label

# A story's title, when its first document has none: that document's opening, this long.
STORY_TITLE_CHARS = 160


class StoryListing(StoreBase):
    def documents_without_story(self) -> list[str]:
        """Ids of stored documents in no story yet (stored before schema 0003, or without
        the ``stories`` hook), in storage order."""
        d, sd = t.documents.c, t.story_documents.c
        rows = self._query(
            sa.select(d.id)
            .where(~sa.exists().where(sd.document_id == d.id))
            .order_by(d.ingested_at, d.id)
        )
        return [row.id for row in rows]

    def story_of(self, document_id: str) -> str | None:
        """The id of the story a document belongs to (None: not linked yet)."""
        sd = t.story_documents.c
        rows = self._query(sa.select(sd.story_id).where(sd.document_id == document_id))
        return rows[0].story_id if rows else None

    def story_documents(self, story_id: str) -> list[str]:
        """The ids of a story's documents, in arrival order (empty for an unknown story)."""
        sd = t.story_documents.c
        rows = self._query(
            sa.select(sd.document_id).where(sd.story_id == story_id).order_by(sd.seq)
        )
        return [row.document_id for row in rows]

    def stories(self, limit: int | None = None, offset: int = 0) -> list[StoryEntry]:
        """Every story, the most recently active first, with its documents in arrival order
        (``limit``/``offset``: one page of them).

        Title: its first document's title (else that document's first line);
        dates: the span of its documents' event dates; key actors: the
        knowledge-base actors most of its documents mention.
        """
        s, sd = t.stories.c, t.story_documents.c
        if limit is not None:
            ids = self._recent_stories(offset + limit)[offset:]
            found = {row.id: row for row in self._query(sa.select(t.stories).where(s.id.in_(ids)))}
            return self._story_entries([found[i] for i in ids if i in found])
        last = sa.func.max(sd.seq).label("last")
        order = sa.select(sd.story_id, last).group_by(sd.story_id).subquery()
        stmt = sa.select(t.stories, order.c.last).join(order, order.c.story_id == s.id)
        stmt = stmt.order_by(order.c.last.desc(), s.id)
        if offset:
            stmt = stmt.offset(offset)
        return self._story_entries(self._query(stmt))

    def _recent_stories(self, n: int) -> list[str]:
        """The ``n`` most recently active stories: the documents walked newest linked first
        (``ix_story_documents_seq``, migration 0008), each story where its latest document
        is, until ``n`` are found. A page costs its stories' documents, not the store."""
        sd = t.story_documents.c
        order: list[str] = []
        seen: set[str] = set()
        below: int | None = None
        while len(order) < n:
            stmt = sa.select(sd.story_id, sd.seq).order_by(sd.seq.desc()).limit(READ_BATCH * 5)
            if below is not None:
                stmt = stmt.where(sd.seq < below)
            rows = self._query(stmt)
            for row in rows:
                if row.story_id not in seen:
                    seen.add(row.story_id)
                    order.append(row.story_id)
            if len(rows) < READ_BATCH * 5:
                break
            below = rows[-1].seq
        return order[:n]

    def story(self, story_id: str) -> StoryEntry | None:
        """One story as ``stories`` lists it, reading only that story (None: unknown, or
        no document left in it)."""
        heads = self._query(sa.select(t.stories).where(t.stories.c.id == story_id))
        entries = self._story_entries(heads)
        return entries[0] if entries else None

    def story_groups(self, document_ids: Iterable[str]) -> tuple[list[list[str]], list[str]]:
        """The stories holding any of ``document_ids``, in the order ``stories`` lists them,
        each as its documents' ids in arrival order; and those of ``document_ids`` in no
        story. Reads those stories alone: what a report of a scope needs."""
        sd = t.story_documents.c
        wanted = sorted(set(document_ids))
        story_ids: set[str] = set()
        for start in range(0, len(wanted), READ_BATCH * 10):
            chunk = wanted[start : start + READ_BATCH * 10]
            rows = self._query(
                sa.select(sd.story_id, sd.document_id).where(sd.document_id.in_(chunk))
            )
            story_ids.update(row.story_id for row in rows)
        linked: set[str] = set()
        heads: list[tuple[int, str]] = []
        members: dict[str, list[tuple[int, str]]] = {}
        ordered = sorted(story_ids)
        for start in range(0, len(ordered), READ_BATCH * 10):
            chunk = ordered[start : start + READ_BATCH * 10]
            rows = self._query(
                sa.select(sd.story_id, sd.document_id, sd.seq)
                .join(t.documents, t.documents.c.id == sd.document_id)
                .where(sd.story_id.in_(chunk))
            )
            for row in rows:
                members.setdefault(row.story_id, []).append((row.seq, row.document_id))
        for story_id, docs in members.items():
            heads.append((max(seq for seq, _ in docs), story_id))
            linked.update(doc_id for _, doc_id in docs)
        # as ``stories``: the most recently active (the highest seq) first, then by id
        heads.sort(key=lambda h: (-h[0], h[1]))
        groups = [[doc_id for _, doc_id in sorted(members[sid])] for _, sid in heads]
        return groups, [doc_id for doc_id in wanted if doc_id not in linked]

    def story_count(self) -> int:
        """How many stories have documents (what ``stories`` lists)."""
        sd = t.story_documents.c
        rows = self._query(sa.select(sa.func.count(sa.distinct(sd.story_id))))
        return int(rows[0][0])

    def _story_entries(self, heads: Sequence[sa.Row[Any]]) -> list[StoryEntry]:
        """StoryEntry of each ``stories`` row given (in that order): members, actor names."""
        sd, d = t.story_documents.c, t.documents.c
        members: dict[str, list[sa.Row[Any]]] = {row.id: [] for row in heads}
        ids = list(members)
        for start in range(0, len(ids), READ_BATCH):
            rows = self._query(
                sa.select(sd.story_id, sd.document_id, sd.seq, sd.score, d.title, d.text, d.outlet)
                .add_columns(d.dct_date)
                .join(t.documents, d.id == sd.document_id)
                .where(sd.story_id.in_(ids[start : start + READ_BATCH]))
                .order_by(sd.seq)
            )
            for r in rows:
                members[r.story_id].append(r)
        names: dict[str, str] = {}
        wanted = sorted(
            {k.split(":", 1)[1] for row in heads for k in row.entities if k.startswith("actor:")}
        )
        # the actors list's names (store.view_counts): one row per actor, not its mentions
        a = t.actor_counts.c
        for start in range(0, len(wanted), READ_BATCH):
            for r in self._query(
                sa.select(a.actor_id, a.name).where(
                    a.actor_id.in_(wanted[start : start + READ_BATCH]), a.name.is_not(None)
                )
            ):
                names[r.actor_id] = r.name
        out = []
        for row in heads:
            docs = members[row.id]
            if not docs:
                continue
            first = docs[0]
            title = document_label(first.title, first.text, first.document_id, STORY_TITLE_CHARS)
            ranked = sorted(row.entities.items(), key=lambda kv: (-kv[1], kv[0]))
            actors = tuple(k.split(":", 1)[1] for k, _ in ranked if k.startswith("actor:"))[:8]
            places = tuple(k.split(":", 1)[1] for k, _ in ranked if k.startswith("place:"))[:8]
            story = Story(
                id=row.id,
                title=title,
                document_ids=tuple(r.document_id for r in docs),
                earliest=row.earliest,
                latest=row.latest,
                actor_ids=actors,
            )
            out.append(
                StoryEntry(
                    story=story,
                    documents=tuple(
                        StoryMember(
                            r.document_id,
                            r.title,
                            r.outlet,
                            r.dct_date,
                            r.score,
                            document_label(r.title, r.text, r.document_id),
                        )
                        for r in docs
                    ),
                    actor_names={i: names[i] for i in actors if i in names},
                    place_ids=places,
                )
            )
        return out
