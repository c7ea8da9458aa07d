"""Read-only queries of the store's tables for the views (API, pages, watches, reports).

Every query reads through the *current* reading of each document and pages in
SQL, so a request touches at most one page of contracts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.vocab import Modality


def events_query(
    *,
    event: str | None = None,
    modality: Modality | str | None = None,
    actor: str | None = None,
    place: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> sa.Select[Any]:
    """(reading_id, idx, document_id) of the events of current readings matching every
    filter given: the one event query of ``Store.events``, the API and the pages.

    ``actor``: a KB actor id taking part as actor or recipient; ``place``: the event's
    place id; ``since``/``until``: the event's dates overlap this range (inclusive;
    events with no resolvable date are left out when either is given).
    """
    e, r = t.events.c, t.readings.c
    stmt = sa.select(e.reading_id, e.idx, e.document_id).where(
        e.reading_id.in_(sa.select(r.id).where(r.current.is_(True)))
    )
    if event is not None:
        stmt = stmt.where(e.event == event)
    if modality is not None:  # a string that is no modality matches nothing
        stmt = stmt.where(e.modality == str(getattr(modality, "value", modality)))
    if place is not None:
        stmt = stmt.where(e.place_id == place)
    if actor is not None:
        p = t.event_participants.c
        stmt = stmt.where(
            sa.exists().where(
                p.reading_id == e.reading_id, p.event_idx == e.idx, p.actor_id == actor
            )
        )
    if since is not None:
        stmt = stmt.where(e.date_end >= since)
    if until is not None:
        stmt = stmt.where(e.date_start <= until)
    return stmt
