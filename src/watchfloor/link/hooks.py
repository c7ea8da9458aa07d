"""watchfloor's own store hooks: near-duplicate copies and stories, linked as a document is added.

Registered as ``watchfloor.hooks`` entry points in ``pyproject.toml`` (the
mechanism a user's plugin uses: ``watchfloor.store.hooks``), so the store
never imports linking. Each runs inside the transaction of ``Store.add``:

* ``copies`` (order 10): the document's MinHash signature is indexed under
  its LSH band keys; a stored text it nearly duplicates makes it a copy of
  that text's first copy (``link.duplicates``);
* ``stories`` (order 20): the document joins a story or begins one
  (``link.stories``, online and indexed); ``link_pending`` runs it over
  stored documents in no story yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from watchfloor.link import duplicates, stories
from watchfloor.store.hooks import AddContext
from watchfloor.vocab import Document, Reading

if TYPE_CHECKING:
    from watchfloor.store import Store


class CopyLinking:
    """Links a new document to the first copy of a near-duplicate stored text."""

    name = "copies"
    order = 10

    def prepare(self, document: Document, reading: Reading) -> np.ndarray | None:
        # A few milliseconds of numpy: computed before the write lock is taken.
        return duplicates.comparable_signature(document.text)

    def after_add(
        self, ctx: AddContext, document: Document, reading: Reading, prepared: Any
    ) -> Mapping[str, Any]:
        sig: np.ndarray | None = prepared
        if sig is None:  # too short to compare
            return {}
        keys = sorted(set(duplicates.band_keys(sig)))
        index = duplicates.DuplicateIndex()
        first_of: dict[str, str] = {}
        for cand in ctx.copies.candidates(duplicates.NAME, keys):
            index.signatures[cand.document_id] = duplicates.unpack(cand.signature)
            first_of[cand.document_id] = cand.first_copy
            for key in duplicates.band_keys(index.signatures[cand.document_id]):
                index.buckets[key].append(cand.document_id)
        found = index.match_signature(sig)
        ctx.copies.index(document.id, duplicates.NAME, duplicates.pack(sig), keys)
        if not found:
            return {}
        first = first_of[found[0][0]]
        if first in index.signatures:
            score = duplicates.similarity(sig, index.signatures[first])
        else:  # the first copy shares no band with this one: fetch its signature
            stored = ctx.copies.signature(first)
            if stored is None:  # pragma: no cover - a first copy always has its signature
                return {}
            score = duplicates.similarity(sig, duplicates.unpack(stored))
        ctx.copies.link(document.id, first, score)
        return {"copy_of": first, "similarity": score}


class StoryLinking:
    """Links a new document into a story (``link.stories``)."""

    name = "stories"
    order = 20

    def prepare(self, document: Document, reading: Reading) -> stories.Features:
        return stories.features(document, reading)

    def after_add(
        self, ctx: AddContext, document: Document, reading: Reading, prepared: Any
    ) -> Mapping[str, Any]:
        if ctx.stories.is_linked(document.id):  # a concurrent catch-up linked it
            return {}
        feats: stories.Features = prepared
        decision = stories.link_one(stories.SqlIndex(ctx.stories), feats)
        return {"story_id": stories.joined(decision, feats)}


def link_pending(store: Store) -> int:
    """Link the stored documents in no story yet (stored before schema 0003, or by a store
    opened without the ``stories`` hook), in storage order, exactly as ``Store.add`` links
    new ones; returns how many were linked."""
    hook = StoryLinking()
    linked = 0
    for document_id in store.documents_without_story():
        pair = store.get(document_id)
        if pair is not None and store.run_hook(hook, *pair):
            linked += 1
    return linked
