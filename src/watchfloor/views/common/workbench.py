"""The workbench's data: the map's points and the timeline's days of one filter.

The API (``/api/map``, ``/api/timeline``) and the pages' scripts
(``/ui/data/map``, ``/ui/data/timeline``) serve these, for the same filter as
the events table and the exports, so all of them hold the same events.

**The timeline's focus.** News is full of background dates ("hosted the
Grammys in 1996"): drawn on one axis, a handful of them stretch weeks of
reporting into a line. Unless the filter gives its own range
(``since``/``until``: the brush), the focus is the run of days where the
events are, by Tukey's far-outlier fences over their middle days: an event
whose days lie wholly outside ``[q1 - 3 IQR, q3 + 3 IQR]`` (the IQR at least
``MIN_IQR_DAYS``) is set aside, counted before or after the window, and
listed, never drawn off the axis.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import Any

from watchfloor.store import Store
from watchfloor.store import event_views as ev
from watchfloor.views.common import export
from watchfloor.views.common.filters import EventFilter
from watchfloor.views.common.queries import day_counts_filter, selected

Obj = dict[str, Any]
MAP_POINTS = 5000  # events drawn on the map at most (newest stored first); the rest counted
FENCE = 3.0  # Tukey's "far out" fence, in inter-quartile ranges
MIN_IQR_DAYS = 7  # a week: events on a few days must not fence out the next week's
DAY_BUCKETS_UP_TO = 120  # days of focus drawn a day a bar; beyond, a week a bar
WEEK_BUCKETS_UP_TO = 730  # beyond two years, a month a bar
ASIDE_LISTED = 50  # set-aside events listed by uid


def map_data(store: Store, filt: EventFilter, cap: int = MAP_POINTS) -> Obj:
    """The placed events of the filter as points, with the counts a map must state."""
    if filt.empty_range():
        return {"events": 0, "located": 0, "shown": 0, "points": []}
    stmt, match = selected(store, filt)
    total, located, points = ev.map_points(store, ev.keep_matching(store, stmt, match), cap)
    return {
        "events": total.count,
        "events_is_lower_bound": total.lower_bound,
        "located": located.count,
        "located_is_lower_bound": located.lower_bound,
        "shown": len(points),
        "points": points,
    }


def focus(
    days: list[tuple[dt.date, dt.date]], weights: list[int] | None = None
) -> tuple[dt.date, dt.date] | None:
    """The window of days the events are in, far-off background dates left out
    (``weights``: how many events share each span, 1 each by default)."""
    if not days:
        return None
    weights = weights or [1] * len(days)
    middles = sorted(
        ((a.toordinal() + b.toordinal()) // 2, w) for (a, b), w in zip(days, weights, strict=True)
    )
    q1, q3 = _weighted_quantile(middles, 0.25), _weighted_quantile(middles, 0.75)
    iqr = max(q3 - q1, MIN_IQR_DAYS)
    lo, hi = q1 - FENCE * iqr, q3 + FENCE * iqr
    inside = [(a, b) for a, b in days if b.toordinal() >= lo and a.toordinal() <= hi]
    first = max(min(a for a, _ in inside).toordinal(), int(lo))
    last = min(max(b for _, b in inside).toordinal(), int(hi) + 1)
    return dt.date.fromordinal(first), dt.date.fromordinal(max(first, last))


def _weighted_quantile(values: list[tuple[int, int]], q: float) -> float:
    """The q-quantile of sorted (value, weight) pairs, each value repeated weight times
    (linear between neighbours, as ``statistics.quantiles`` 'inclusive')."""
    total = sum(w for _, w in values)
    pos = (total - 1) * q
    lo, frac = int(pos), pos - int(pos)

    def at(k: int) -> int:
        seen = 0
        for value, w in values:
            seen += w
            if k < seen:
                return value
        return values[-1][0]

    return at(lo) + (at(min(lo + 1, total - 1)) - at(lo)) * frac


def _bucket_of(day: dt.date, size: str) -> dt.date:
    if size == "day":
        return day
    if size == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: dt.date, size: str) -> dt.date:
    if size == "day":
        return start + dt.timedelta(days=1)
    if size == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def timeline_data(store: Store, filt: EventFilter) -> Obj:
    """Counts per bar (day, week or month) and type over the focus window; the events set
    aside before and after it; the undated ones counted."""
    if filt.empty_range():
        return {"events": 0, "dated": 0, "window": None, "bucket": "day", "bars": [],
                "aside": {"before": 0, "after": 0, "events": []}}  # fmt: skip
    stmt, match = selected(store, filt)
    stmt = ev.keep_matching(store, stmt, match)
    days = day_counts_filter(store, filt)
    total, rows = (
        ev.timeline_rows(store, stmt)
        if days is None
        else ev.timeline_days(store, since=days.since, until=days.until, types=days.type)
    )
    spans = [(row.date_start, row.date_end) for row in rows]
    if filt.since is not None or filt.until is not None:
        lo = filt.since or min((a for a, _ in spans), default=None)
        hi = filt.until or max((b for _, b in spans), default=None)
        window = (lo, hi) if lo is not None and hi is not None else None
    else:
        window = focus(spans, [int(row.n) for row in rows])
    dated = sum(int(row.n) for row in rows)
    if window is None:
        return {"events": total, "dated": dated, "window": None, "bucket": "day", "bars": [],
                "aside": {"before": 0, "after": 0, "events": []}}  # fmt: skip
    first, last = window
    n_days = (last - first).days + 1
    size = (
        "day"
        if n_days <= DAY_BUCKETS_UP_TO
        else "week"
        if n_days <= WEEK_BUCKETS_UP_TO
        else "month"
    )
    bars: dict[dt.date, Counter[str]] = {}
    before = after = 0
    for row in rows:
        if row.date_end < first or row.date_start > last:
            before += int(row.n) if row.date_end < first else 0
            after += int(row.n) if row.date_start > last else 0
            continue
        # a span counts in the bar of its first day inside the window
        key = _bucket_of(max(row.date_start, first), size)
        bars.setdefault(key, Counter())[row.event] += int(row.n)
    cursor, out = _bucket_of(first, size), []
    while cursor <= last:
        counts = bars.get(cursor, Counter())
        end = _next(cursor, size) - dt.timedelta(days=1)
        out.append({"start": cursor.isoformat(), "end": end.isoformat(),
                    "count": sum(counts.values()), "types": dict(sorted(counts.items()))})  # fmt: skip
        cursor = _next(cursor, size)
    aside = (
        [_aside(r) for r in ev.events_outside(store, stmt, first, last, ASIDE_LISTED)]
        if before or after
        else []
    )
    return {
        "events": total,
        "dated": dated,
        "window": [first.isoformat(), last.isoformat()],
        "bucket": size,
        "bars": out,
        "aside": {"before": before, "after": after, "events": aside},
    }


def _aside(row: Any) -> Obj:
    return {
        "uid": f"{row.document_id}-{row.event_id}",
        "type": row.event,
        "earliest": row.date_start.isoformat(),
        "latest": row.date_end.isoformat(),
    }


# ------------------------------------------------------------------ exports of a view

EXPORTS: dict[str, tuple[str, str]] = {  # format -> (media type, file name)
    "csv": ("text/csv; charset=utf-8", "watchfloor-events.csv"),
    "geojson": ("application/geo+json", "watchfloor-events.geojson"),
    "jsonl": ("application/x-ndjson", "watchfloor.jsonl"),
    "plover": ("application/x-ndjson", "watchfloor-plover.jsonl"),
    "parquet": ("application/vnd.apache.parquet", "watchfloor-events.parquet"),
}
SPOOL_BYTES = 8 << 20  # a Parquet export stays in memory up to this size, then on disk
CHUNK_BYTES = 1 << 16


def export_chunks(store: Store, filt: EventFilter, fmt: str, sort: str = "date") -> Iterator[bytes]:
    """The events the filter keeps in an export format, streamed in blocks of about
    ``CHUNK_BYTES`` (a server sends each block in one step): csv (ACLED-like), geojson,
    plover (one record per event), jsonl (each document holding one of them, whole),
    parquet (written a row group at a time, then sent)."""
    if fmt not in EXPORTS:
        raise ValueError(f"not an export format: {fmt!r}")
    if fmt == "parquet":
        yield from _parquet(store, filt, sort)
        return
    buffer: list[bytes] = []
    size = 0
    for text in _text_chunks(store, filt, fmt, sort):
        block = text.encode()
        buffer.append(block)
        size += len(block)
        if size >= CHUNK_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def _selected(store: Store, filt: EventFilter) -> Any:
    if filt.empty_range():
        return None
    full, match = selected(store, filt)
    return ev.keep_matching(store, full, match)


def _text_chunks(store: Store, filt: EventFilter, fmt: str, sort: str) -> Iterator[str]:
    stmt = _selected(store, filt)
    if fmt == "jsonl":
        docs = (c for c, _ in ev.export_documents(store, stmt)) if stmt is not None else iter(())
        yield from export.jsonl_chunks(docs)
        return
    pairs = ev.export_events(store, stmt, sort) if stmt is not None else iter(())
    writer = {"csv": export.acled_chunks, "geojson": export.geojson_chunks}.get(
        fmt, export.plover_chunks
    )
    yield from writer(pairs)


def _parquet(store: Store, filt: EventFilter, sort: str) -> Iterator[bytes]:
    stmt = _selected(store, filt)
    pairs = ev.export_events(store, stmt, sort) if stmt is not None else iter(())
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        export.write_parquet_pairs(pairs, spool)
        spool.seek(0)
        while block := spool.read(CHUNK_BYTES):
            yield block
