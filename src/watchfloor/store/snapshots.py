"""Stored report snapshots: what each scope's last report said (schema 0006).

One row per report recorded (``watchfloor report`` records by default;
``--no-record`` previews without moving the baseline). A scope is "" for the
whole store or a watch's name. Only the newest ``KEEP`` snapshots of a scope
are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from watchfloor.store import schema as t
from watchfloor.store.engine import store_error

if TYPE_CHECKING:
    from watchfloor.store.store import Store

# Snapshots kept per scope: a baseline and enough history to look back a few reports.
KEEP = 20


def last(store: Store, scope: str) -> dict[str, Any] | None:
    """The newest snapshot recorded for ``scope``, or None."""
    s = t.report_snapshots.c
    try:
        with store.engine.connect() as conn:
            row = conn.execute(
                sa.select(s.snapshot)
                .where(s.scope == scope)
                .order_by(s.generated_at.desc(), s.id.desc())
                .limit(1)
            ).first()
    except sa.exc.SQLAlchemyError as exc:
        what = f"cannot read the last report of {scope or 'the store'}"
        raise store_error(what, exc, store.url) from None
    return dict(row.snapshot) if row is not None else None


def record(store: Store, scope: str, generated: dt.datetime, snap: dict[str, Any]) -> None:
    """Store ``snap`` as the newest report of ``scope``; drop all but the newest KEEP."""
    s = t.report_snapshots.c
    try:
        with store.engine.begin() as conn:
            conn.execute(
                t.report_snapshots.insert().values(
                    scope=scope, generated_at=generated, snapshot=snap
                )
            )
            keep = (
                sa.select(s.id)
                .where(s.scope == scope)
                .order_by(s.generated_at.desc(), s.id.desc())
                .limit(KEEP)
            )
            conn.execute(t.report_snapshots.delete().where(s.scope == scope, s.id.not_in(keep)))
    except sa.exc.SQLAlchemyError as exc:
        what = f"cannot record the report of {scope or 'the store'}"
        raise store_error(what, exc, store.url) from None
