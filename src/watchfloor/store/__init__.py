"""store: Documents and Readings in SQL, idempotent, migrated, with a quarantine.

    with Store.open("watchfloor.db") as store:   # or postgresql://user@host/db
        result = store.add(document, reading)     # "new" or "duplicate"; copy_of
        store.publications(result.document_id)    # every outlet that ran this text
        store.quarantine(origin, data, error)     # inputs that failed
        for document, reading in store.readings():
            ...

See docs/store.md for the schema, URLs and PostgreSQL setup.
"""

from __future__ import annotations

from watchfloor.errors import StoreError
from watchfloor.store.engine import normalize_url
from watchfloor.store.hooks import AddContext, AddHook
from watchfloor.store.records import (
    AddResult,
    Copy,
    EventHit,
    Publication,
    QuarantineEntry,
    SearchHit,
    StoryEntry,
    StoryMember,
)
from watchfloor.store.store import Store

__all__ = [
    "AddContext",
    "AddHook",
    "AddResult",
    "Copy",
    "EventHit",
    "Publication",
    "QuarantineEntry",
    "SearchHit",
    "Store",
    "StoreError",
    "StoryEntry",
    "StoryMember",
    "normalize_url",
]
