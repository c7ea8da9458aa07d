"""A bulk job's results into the store: the same rows ``ingest`` stores, then linked in one pass.

Each done partition's readings (``DIR/_bulk/readings/``) are rebuilt exactly
(``serialize.document_reading_from_dict`` with the raw text) and stored with
``Store.add``, in plan order, so a rerun stores nothing twice (content already
stored with this extractor is a duplicate: only a new outlet or URL for it is
recorded) and its failures are quarantined as ``ingest`` quarantines them.

While loading, the store runs its add hooks except ``facts``: near-duplicate
copies and story linking cost a lookup per document, flat in the store's
size; re-merging a story's events costs the story's size, so running it per
added document would cost a story of n documents n merges. ``link`` then
writes the facts of each story that received documents once
(``link.facts.facts_pending``), a pass whose cost per document stays flat.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from watchfloor.errors import StoreError
from watchfloor.flow.bulk.output import Layout
from watchfloor.flow.bulk.plan import Partition
from watchfloor.flow.inputs import Tally

if TYPE_CHECKING:
    from watchfloor.store import Store

DEFERRED_HOOK = "facts"  # run once per story after the load, not once per document


def open_store(url: str) -> Store:
    """The store, with its installed add hooks but the deferred one."""
    from watchfloor.store import Store
    from watchfloor.store.hooks import installed_hooks

    return Store.open(url, hooks=[h for h in installed_hooks() if h.name != DEFERRED_HOOK])


def load_partition(store: Store, layout: Layout, partition: Partition, tally: Tally) -> None:
    """Store a done partition's documents and quarantine its failures, counting each;
    each reading with its article states (the gazetteer loaded once, if one needs it)."""
    from watchfloor.flow.outlets import reading_states
    from watchfloor.serialize import document_reading_from_dict

    for contract, raw in layout.readings(partition):
        document, reading = document_reading_from_dict(json.loads(contract), raw)
        tally.read += 1
        try:
            result = store.add(document, reading, reading_states(reading))
        except StoreError as exc:
            error = exc.at(document.origin or document.id)
            store.quarantine(error.where or "?", raw.encode("utf-8", "surrogatepass"), error.reason)
            tally.failed += 1
            continue
        copy = result.status == "new" and result.copy_of
        tally.count("copy" if copy else str(result.status))
    for failure in layout.failures(partition):
        store.quarantine(failure["input"], failure["data"], failure["reason"])


def link(store: Store) -> dict[str, Any]:
    """The deferred linking pass: each story's merged events and claim ledger, written once."""
    from watchfloor.link.facts import facts_pending

    return {"documents_with_facts": facts_pending(store)}
