"""The linked picture of stored stories: their merged events and the outlets' records.

Merging runs per story: a story's documents are the candidates
(``link.corroboration.merge_events``), never the whole store, so the cost of
showing a story is the size of that story. Each document's copy group is the
first stored copy of its text (near-duplicates and reprints, from ingest), and
its outlet is the document's own or, failing that, the first publication's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from watchfloor.link.corroboration import MergedEvent, TrackRecord, merge_events, track_records
from watchfloor.link.merge import Candidate

if TYPE_CHECKING:
    from watchfloor.store import Store
    from watchfloor.vocab import Document, Reading


def candidates(
    store: Store,
    document_ids: Iterable[str],
    read: dict[str, tuple[Document, Reading]] | None = None,
) -> list[Candidate]:
    """The merge candidates of stored documents (in the order given); ``read`` holds
    (document, reading) pairs the caller has already loaded."""
    out = []
    ids = list(document_ids)
    firsts = store.first_copies(ids)
    for doc_id in ids:
        pair = read[doc_id] if read and doc_id in read else store.get(doc_id)
        if pair is None:  # removed since it was linked
            continue
        doc, reading = pair
        group = firsts.get(doc_id, doc_id)
        outlet = doc.outlet
        if not outlet:
            outlet = next((p.outlet for p in store.publications(doc_id) if p.outlet), None)
        out.append(Candidate(doc, reading, group, outlet))
    return out


def story_events(
    store: Store,
    document_ids: Sequence[str],
    read: dict[str, tuple[Document, Reading]] | None = None,
) -> tuple[MergedEvent, ...]:
    """The merged events of one story's documents (``read``: pairs already loaded)."""
    return merge_events(candidates(store, document_ids, read))


def outlet_records(store: Store, stories: Iterable[Sequence[str]]) -> tuple[TrackRecord, ...]:
    """Track records of every outlet over the stories given (document ids per story)."""
    merged: list[MergedEvent] = []
    for ids in stories:
        merged.extend(story_events(store, ids))
    return track_records(merged)


def to_json(obj: Any) -> Any:
    """A merged event, track record (or anything of theirs) as plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_json(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
