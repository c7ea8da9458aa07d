"""Watches, watermarks and fired alerts, kept in the store (tables of migration 0004).

Every write is one transaction. ``record`` inserts an alert only when its
(watch, key) pair is new, and says whether it did: that is the whole of
deduplication, so two runs racing on one store still fire an alert once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from watchfloor.errors import ConfigError, StoreError
from watchfloor.store import schema as t
from watchfloor.watch.model import Watch


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert: what a watch gained, and why."""

    watch: str
    key: str
    reason: str
    document_id: str | None
    payload: dict[str, Any]
    fired_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _fail(what: str, exc: BaseException) -> StoreError:
    return StoreError(f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


def latest_reading(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(t.readings.c.id))).scalar() or 0)


def add(engine: sa.Engine, watch: Watch, *, include_existing: bool = False) -> None:
    """Save ``watch``. Its watermark starts at the latest reading unless ``include_existing``."""
    mark = 0 if include_existing else latest_reading(engine)
    try:
        with engine.begin() as conn:
            conn.execute(
                t.watches.insert().values(
                    name=watch.name, query=watch.to_dict(), created_at=_now(), watermark=mark
                )
            )
    except IntegrityError:
        raise ConfigError(f"a watch named {watch.name!r} exists already") from None
    except SQLAlchemyError as exc:
        raise _fail(f"cannot save watch {watch.name!r}", exc) from None


def remove(engine: sa.Engine, name: str) -> bool:
    with engine.begin() as conn:
        conn.execute(t.watch_alerts.delete().where(t.watch_alerts.c.watch == name))
        return bool(conn.execute(t.watches.delete().where(t.watches.c.name == name)).rowcount)


def load(engine: sa.Engine, names: tuple[str, ...] = ()) -> list[tuple[Watch, int]]:
    """Saved watches (all, or those named) with their watermarks, by name."""
    w = t.watches.c
    stmt = sa.select(w.name, w.query, w.watermark).order_by(w.name)
    if names:
        stmt = stmt.where(w.name.in_(names))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    missing = set(names) - {r.name for r in rows}
    if missing:
        raise ConfigError(f"no watch named {', '.join(sorted(missing))}")
    return [(Watch.from_dict(r.name, dict(r.query)), int(r.watermark)) for r in rows]


def advance(engine: sa.Engine, name: str, watermark: int) -> None:
    w = t.watches.c
    with engine.begin() as conn:
        conn.execute(
            t.watches.update().where(w.name == name).values(watermark=watermark, last_run_at=_now())
        )


def record(engine: sa.Engine, alert: Alert, sinks: tuple[str, ...]) -> bool:
    """Store ``alert``, pending delivery to ``sinks``; False when the watch fired this key before."""
    a = t.watch_alerts.c
    try:
        with engine.begin() as conn:
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
    return True


def fired(engine: sa.Engine, name: str | None = None, limit: int = 100) -> list[Alert]:
    """The latest alerts fired (of one watch, or all), newest first."""
    a = t.watch_alerts.c
    stmt = sa.select(t.watch_alerts).order_by(a.id.desc()).limit(limit)
    if name is not None:
        stmt = stmt.where(a.watch == name)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [
        Alert(r.watch, r.key, r.reason, r.document_id, dict(r.payload), r.fired_at) for r in rows
    ]


def pending(engine: sa.Engine) -> list[tuple[int, Alert, list[str]]]:
    """Alerts with sinks still to deliver to (a webhook that was down), oldest first."""
    a = t.watch_alerts.c
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.watch_alerts).where(a.undelivered.is_(True)).order_by(a.id)
        ).all()
    return [
        (
            r.id,
            Alert(r.watch, r.key, r.reason, r.document_id, dict(r.payload), r.fired_at),
            list(r.pending),
        )
        for r in rows
        if r.pending
    ]


def delivered(engine: sa.Engine, alert_id: int, still_pending: list[str]) -> None:
    with engine.begin() as conn:
        conn.execute(
            t.watch_alerts.update()
            .where(t.watch_alerts.c.id == alert_id)
            .values(pending=still_pending, undelivered=bool(still_pending))
        )
