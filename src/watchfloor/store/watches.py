"""Watches, watermarks and fired alerts, kept in the store (tables of migration 0004).

A watch is stored as its name and its query, a plain mapping (what
``views.common.watches.Watch.to_dict`` writes and ``from_dict`` reads): the store
keeps it without knowing what it means. Every write is one transaction.
``record`` inserts an alert only when its (watch, key) pair is new, and says
whether it did: that is the whole of deduplication, so two runs racing on one
store still fire an alert once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from watchfloor.errors import ConfigError
from watchfloor.store import schema as t
from watchfloor.store.engine import store_error

if TYPE_CHECKING:
    from watchfloor.store.store import Store


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert: what a watch gained, and why."""

    watch: str
    key: str
    reason: str
    document_id: str | None
    payload: dict[str, Any]
    fired_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredWatch:
    """A saved watch as the store keeps it: its name, its query and its watermark (the
    latest reading id it has looked at)."""

    name: str
    query: dict[str, Any]
    watermark: int


def now() -> dt.datetime:
    """An alert's time: UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _run(store: Store, what: str, work: Any) -> Any:
    """``work(conn)`` in one write transaction; a database failure is a StoreError."""
    try:
        with store.engine.begin() as conn:
            return work(conn)
    except SQLAlchemyError as exc:
        raise store_error(what, exc, store.url) from None


def latest_reading(store: Store) -> int:
    """The newest reading id of the store (0 when empty)."""
    return int(store._query(sa.select(sa.func.max(t.readings.c.id)))[0][0] or 0)


def documents_read_after(store: Store, watermark: int) -> list[str]:
    """Ids of the documents whose current reading is newer than ``watermark``, oldest first."""
    r = t.readings.c
    stmt = sa.select(r.document_id).where(r.id > watermark, r.current.is_(True)).order_by(r.id)
    return [row.document_id for row in store._query(stmt)]


def add(
    store: Store, name: str, query: Mapping[str, Any], *, include_existing: bool = False
) -> None:
    """Save a watch. Its watermark starts at the latest reading unless ``include_existing``."""
    mark = 0 if include_existing else latest_reading(store)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                t.watches.insert().values(
                    name=name, query=dict(query), created_at=now(), watermark=mark
                )
            )
    except IntegrityError:
        raise ConfigError(f"a watch named {name!r} exists already") from None
    except SQLAlchemyError as exc:
        raise store_error(f"cannot save watch {name!r}", exc, store.url) from None


def remove(store: Store, name: str) -> bool:
    """Delete a watch and its alerts; False when there is none of that name."""

    def work(conn: sa.Connection) -> bool:
        conn.execute(t.watch_alerts.delete().where(t.watch_alerts.c.watch == name))
        return bool(conn.execute(t.watches.delete().where(t.watches.c.name == name)).rowcount)

    return bool(_run(store, f"cannot remove watch {name!r}", work))


def load(store: Store, names: Sequence[str] = ()) -> list[StoredWatch]:
    """Saved watches (all, or those named), by name; ConfigError naming any not saved."""
    w = t.watches.c
    stmt = sa.select(w.name, w.query, w.watermark).order_by(w.name)
    if names:
        stmt = stmt.where(w.name.in_(names))
    rows = store._query(stmt)
    missing = set(names) - {r.name for r in rows}
    if missing:
        raise ConfigError(f"no watch named {', '.join(sorted(missing))}")
    return [StoredWatch(r.name, dict(r.query), int(r.watermark)) for r in rows]


def advance(store: Store, name: str, watermark: int) -> None:
    """Move a watch's watermark to ``watermark`` and note when it ran."""
    w = t.watches.c
    _run(
        store,
        f"cannot advance watch {name!r}",
        lambda conn: conn.execute(
            t.watches.update().where(w.name == name).values(watermark=watermark, last_run_at=now())
        ),
    )


def record(store: Store, alert: Alert, sinks: Sequence[str]) -> bool:
    """Store ``alert``, pending delivery to ``sinks``; False when the watch fired this key before."""
    a = t.watch_alerts.c
    try:
        with store.engine.begin() as conn:
            seen = conn.execute(
                sa.select(a.id).where(a.watch == alert.watch, a.key == alert.key)
            ).first()
            if seen is not None:
                return False
            conn.execute(
                t.watch_alerts.insert().values(
                    watch=alert.watch,
                    key=alert.key,
                    reason=alert.reason,
                    document_id=alert.document_id,
                    payload=alert.payload,
                    fired_at=alert.fired_at,
                    pending=list(sinks),
                    undelivered=bool(sinks),
                )
            )
    except IntegrityError:  # a concurrent run recorded it first
        return False
    except SQLAlchemyError as exc:
        raise store_error(f"cannot record an alert of {alert.watch!r}", exc, store.url) from None
    return True


def _alert(row: Any) -> Alert:
    return Alert(row.watch, row.key, row.reason, row.document_id, dict(row.payload), row.fired_at)


def fired(store: Store, name: str | None = None, limit: int = 100) -> list[Alert]:
    """The latest alerts fired (of one watch, or all), newest first."""
    a = t.watch_alerts.c
    stmt = sa.select(t.watch_alerts).order_by(a.id.desc()).limit(limit)
    if name is not None:
        stmt = stmt.where(a.watch == name)
    return [_alert(r) for r in store._query(stmt)]


def pending(store: Store) -> list[tuple[int, Alert, list[str]]]:
    """Alerts with sinks still to deliver to (a webhook that was down), oldest first."""
    a = t.watch_alerts.c
    rows = store._query(sa.select(t.watch_alerts).where(a.undelivered.is_(True)).order_by(a.id))
    return [(r.id, _alert(r), list(r.pending)) for r in rows if r.pending]


def delivered(store: Store, alert_id: int, still_pending: Sequence[str]) -> None:
    """Record the sinks an alert is still pending for (none: delivered everywhere)."""
    _run(
        store,
        f"cannot record the delivery of alert {alert_id}",
        lambda conn: conn.execute(
            t.watch_alerts.update()
            .where(t.watch_alerts.c.id == alert_id)
            .values(pending=list(still_pending), undelivered=bool(still_pending))
        ),
    )
