"""Expressions resolved under an inferred publication-date range (``resolve_in_range``):
what only lacked a publication day takes the value every day of the range gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from watchfloor.extract.times.chain import parse_value
from watchfloor.extract.times.event_dates import DATED
from watchfloor.extract.times.expressions import find
from watchfloor.vocab import Dct, Sentence, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# An inferred publication-date range is tried day by day only when it spans at
# most this many days: the expressions it can fix ("last Thursday", "March 7")
# name days within a week or so of publication, so a longer range rarely makes
# them agree, and each candidate day costs one more pass of ``find`` (a few
# milliseconds) over the document.
MAX_RANGE_DAYS = 31
# ``reason`` of an expression the candidate days of the range resolve differently.
AMBIGUOUS_IN_RANGE = "ambiguous_in_dct_range"
# ``anchor`` of a value every candidate day of the range gives alike.
RANGE_ANCHOR = "dct_range"
# Reasons the range may lift: the expression needs a publication date, or it is
# anchored on one that does ("the next day" after "last Thursday").
_RANGE_REASONS = frozenset({"needs_dct", "anaphoric"})


def range_days(dct: Dct) -> list[dt.date]:
    """The candidate publication days of an inferred range, or [] when it is open or too long."""
    if dct.date is not None or dct.earliest is None or dct.latest is None:
        return []
    n = (dct.latest - dct.earliest).days + 1
    if not 1 <= n <= MAX_RANGE_DAYS:
        return []
    return [dct.earliest + dt.timedelta(days=k) for k in range(n)]


def resolve_in_range(
    parsed: SpacyDoc, sents: tuple[Sentence, ...], refs: tuple[TimeRef, ...], dct: Dct
) -> tuple[TimeRef, ...]:
    """Resolve what only lacked a publication day, when every day of ``dct``'s range agrees.

    ``refs`` are the expressions ``find`` gave without a DCT; ``dct`` is the
    inferred range (``date`` None, ``earliest``..``latest`` at most
    ``MAX_RANGE_DAYS`` days, else ``refs`` come back unchanged). ``find`` is run
    again with each candidate day as the DCT, so the same tense rules, chains
    and "the day after X" apply. An expression left unresolved (``needs_dct``
    or ``anaphoric``) that every run finds with the same extent and the same
    value takes that value (``anchor="dct_range"``, or ``time:<k>`` when it is
    anchored on another expression, and the rule of the runs); one the days
    resolve differently stays None with ``reason="ambiguous_in_dct_range"``.
    An ``ON_OR_AFTER`` expression ("since last Wednesday") then covers its day
    to the range's last day. Nothing else changes.
    """
    days = range_days(dct)
    todo = [k for k, r in enumerate(refs) if r.value is None and r.reason in _RANGE_REASONS]
    if not days or not todo:
        return refs
    runs = [find(parsed, sents, Dct.given(day)) for day in days]
    index = {(r.span.start, r.span.end): k for k, r in enumerate(refs)}
    out = list(refs)
    for k in todo:
        ref = refs[k]
        key = (ref.span.start, ref.span.end)
        same = [[r for r in run if (r.span.start, r.span.end) == key] for run in runs]
        if not all(len(s) == 1 and s[0].type == ref.type for s in same):
            continue  # the extent or type depends on the day: keep the DCT-less reading
        values = {s[0].value for s in same}
        if len(values) > 1 or None in values:
            if any(s[0].value is not None for s in same):
                out[k] = replace(ref, reason=AMBIGUOUS_IN_RANGE)
            continue
        first = same[0][0]
        anchors = {s[0].anchor for s in same}
        anchor = RANGE_ANCHOR
        if len(anchors) == 1 and first.anchor and first.anchor.startswith("time:"):
            base = runs[0][int(first.anchor.partition(":")[2])].span
            if (base.start, base.end) in index:
                anchor = f"time:{index[(base.start, base.end)]}"
        rules = {s[0].rule for s in same}
        out[k] = replace(
            ref,
            value=first.value,
            anchor=anchor,
            rule=first.rule if len(rules) == 1 else ref.rule,
            reason=None,
            range=_range_to_latest(first.value, ref.mod, ref.type, dct),
        )
    for k in todo:  # anchored on an expression the range left open: on the range
        on = out[k].anchor
        if on and on.startswith("time:") and out[int(on[5:])].value is None:
            out[k] = replace(out[k], anchor=RANGE_ANCHOR)
    return tuple(out)


def _range_to_latest(value: str | None, mod: str | None, type_: str, dct: Dct) -> str | None:
    """ "since last Wednesday" under a range: from its day to the range's last day."""
    if mod != "ON_OR_AFTER" or type_ not in DATED or value is None or dct.latest is None:
        return None
    ref = parse_value(value)
    if ref is None or ref.day > dct.latest:
        return None
    return f"{ref.day.isoformat()}/{dct.latest.isoformat()}"
