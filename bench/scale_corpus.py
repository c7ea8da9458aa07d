"""The documents of the scale bench: real readings, replicated into stories of their own.

``Replicas(pairs)`` turns the (Document, Reading) pairs of a store of real
articles (tests/workbench_data.py's: the seeds, the hostile article, 180 ECB+
and LGL texts, each read by watchfloor) into an endless, reproducible series of
new documents, the ``n``-th always the same:

* documents come in **stories** of ``STORY_SIZE``: story ``g`` takes one real
  text and gives every one of its reports the story's own vocabulary (about
  ``STORY_SHARE`` of the words, each replaced by a pseudo-word of the same
  length and case shape drawn from the story and the word), plus words of the
  report's own (``OWN_SHARE``), so the reports of a story resemble each other
  and not the other stories made from the same text;
* one report in ``COPY_EVERY`` is a light edit of the report before it (a wire
  copy reprinted by another outlet: a near-duplicate the ``copies`` hook links);
* the story is dated: a day over ``YEARS`` years, each report a few days later,
  and every date the reading resolved (publication date, time values, event
  dates) moves by the same number of days;
* each report comes from one of ``OUTLETS`` outlets, with its own URL.

Words are replaced in place with words of the same length, so every span keeps
its offsets; the spans of times, triggers and cues are left untouched, and
every other span's ``text`` is cut again from the new text (an actor's or
source's name written in the text with it), so ``text[start:end] ==
span.text`` holds. Each story also has its own cast: every KB actor and place
of its text is mapped to another of those the real readings found (its
coordinates, country and codes with it). Without that, the stories made from
one text share their names and entities and join into one story of thousands. What is
stored of each is then what ``Store.add`` stores of any document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from watchfloor.vocab import (
    Dct,
    DctHow,
    Document,
    EntityRef,
    PlaceMention,
    Reading,
    SourceKind,
    Span,
)

STORY_SIZE = 8
STORY_SHARE = 0.7  # words of the text replaced by the story's vocabulary
OWN_SHARE = 0.1  # words replaced by the report's own
COPY_EVERY = 8  # one report in 8 is a near-duplicate of the report before it
COPY_SHARE = 0.02
YEARS = 12
OUTLETS = 60
FIRST_DAY = dt.date(2014, 1, 1)

_WORD = re.compile(r"[A-Za-z]{3,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_DATE = re.compile(
    r"(?P<day>(?<!\d)\d{4}-\d{2}-\d{2})|(?P<week>(?<!\d)\d{4}-W\d{2})"
    r"|(?P<month>(?<!\d)\d{4}-\d{2}(?![\d-]))|(?P<year>(?<![\d-])\d{4}(?![\d]|-\d))"
)


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(repr(parts).encode(), digest_size=8).digest(), "big")


def pseudo_word(seed: object, word: str) -> str:
    """A pronounceable-enough word of the same length and case shape, fixed by seed and word."""
    n = _h(seed, word.lower())
    out = []
    for ch in word:
        c = _LETTERS[n % 26]
        n = n // 26 or _h(n, ch)
        out.append(c.upper() if ch.isupper() else c)
    return "".join(out)


def _protected(reading: Reading) -> list[tuple[int, int]]:
    """The spans whose words are kept: times, triggers, cues."""
    spans: list[Span] = []
    spans += [x.span for x in reading.times]
    for c in reading.claims:
        spans += [x for x in (c.cue, c.modality_cue) if x is not None]
    for e in reading.events:
        spans.append(e.trigger)
    return sorted((s.start, s.end) for s in spans)


class Entities:
    """Every KB actor and gazetteer place the real readings found; a story maps each of
    its text's actors and places to another of them (its own cast and places)."""

    def __init__(self, readings: Sequence[Reading]) -> None:
        actors = {a.id: a for r in readings for a in r.actors}
        places = {p.id: p for r in readings for p in r.places}
        self.actors = [actors[k] for k in sorted(actors)]
        self.places = [places[k] for k in sorted(places)]

    def recast(self, reading: Reading, g: int) -> Reading:
        """``reading`` with story ``g``'s actors and places for its own."""
        actor = {a.id: self.actors[_h("actor", g, a.id) % len(self.actors)] for a in reading.actors}
        place = {p.id: self.places[_h("place", g, p.id) % len(self.places)] for p in reading.places}

        def aid(x: str | None) -> str | None:
            return actor[x].id if x in actor else x

        def ref(x: EntityRef) -> EntityRef:
            if x.actor_id not in actor:
                return x
            a = actor[x.actor_id]
            return dataclasses.replace(
                x, actor_id=a.id, code=a.code, sector=a.sector, country=a.country
            )

        def mention(m: PlaceMention) -> PlaceMention:
            return (
                dataclasses.replace(m, place_id=place[m.place_id].id) if m.place_id in place else m
            )

        return dataclasses.replace(
            reading,
            actors=tuple({a.id: a for a in actor.values()}.values()),
            actor_mentions=tuple(
                dataclasses.replace(m, actor_id=aid(m.actor_id)) for m in reading.actor_mentions
            ),
            places=tuple({p.id: p for p in place.values()}.values()),
            place_mentions=tuple(mention(m) for m in reading.place_mentions),
            claims=tuple(
                dataclasses.replace(
                    c,
                    sources=tuple(dataclasses.replace(x, actor=aid(x.actor)) for x in c.sources),
                )
                for c in reading.claims
            ),
            events=tuple(
                dataclasses.replace(
                    e,
                    actor=tuple(ref(x) for x in e.actor),
                    recipient=tuple(ref(x) for x in e.recipient),
                    event_loc=mention(e.event_loc) if e.event_loc is not None else None,
                )
                for e in reading.events
            ),
        )


def perturb(text: str, protected: Sequence[tuple[int, int]], rules: Sequence[Any]) -> str:
    """``text`` with words outside ``protected`` replaced in place; ``rules`` are
    (seed, share, salt) tried in turn: a word is replaced by seed's pseudo-word when its
    hash (with salt) falls under share."""
    out = list(text)
    pi = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        while pi < len(protected) and protected[pi][1] <= start:
            pi += 1
        if any(s < end and start < e for s, e in protected[pi : pi + 8]):
            continue
        word = m.group()
        for seed, share, salt in rules:
            if _h(seed, salt, word.lower(), start if salt else 0) % 10_000 < share * 10_000:
                out[start:end] = pseudo_word(seed, word)
                break
    return "".join(out)


def _shift_value(value: str | None, days: int) -> str | None:
    if not value or days == 0:
        return value

    def one(m: re.Match[str]) -> str:
        s = m.group()
        try:
            if m.lastgroup == "day":
                return (dt.date.fromisoformat(s) + dt.timedelta(days)).isoformat()
            if m.lastgroup == "week":
                y, w = int(s[:4]), int(s[6:])
                d = dt.date.fromisocalendar(y, w, 1) + dt.timedelta(days)
                iy, iw, _ = d.isocalendar()
                return f"{iy:04d}-W{iw:02d}"
            if m.lastgroup == "month":
                d = dt.date(int(s[:4]), int(s[5:]), 15) + dt.timedelta(days)
                return f"{d.year:04d}-{d.month:02d}"
            y = int(s)
            if not 1900 <= y <= 2100:
                return s
            return f"{(dt.date(y, 7, 1) + dt.timedelta(days)).year:04d}"
        except ValueError:
            return s

    return _DATE.sub(one, value)


def _shift_date(value: dt.date | None, days: int) -> dt.date | None:
    return None if value is None else value + dt.timedelta(days)


def _respan(obj: Any, text: str) -> Any:
    """``obj`` with every Span's text cut again from ``text``."""
    if isinstance(obj, Span):
        return Span(obj.start, obj.end, text[obj.start : obj.end])
    if isinstance(obj, tuple):
        return tuple(_respan(x, text) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, Span | tuple) or dataclasses.is_dataclass(v):
                nv = _respan(v, text)
                if nv is not v:
                    changes[f.name] = nv
        new = dataclasses.replace(obj, **changes) if changes else obj
        # a name written in the text (an actor's, a source's) is the span's words
        for name in ("entity_text", "text"):
            span = getattr(obj, "span", None)
            if isinstance(span, Span) and getattr(obj, name, None) == span.text and changes:
                new = dataclasses.replace(new, **{name: new.span.text})
        return new
    return obj


class Replicas:
    """The scale bench's documents, from real (Document, Reading) pairs; ``pair(n)`` is
    always the same n-th document."""

    def __init__(self, pairs: Sequence[tuple[Document, Reading]]) -> None:
        self.pairs = [p for p in pairs if len(p[0].text) >= 200]
        self.protected = [_protected(r) for _, r in self.pairs]
        self.entities = Entities([r for _, r in self.pairs])

    def story_day(self, g: int) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=_h("day", g) % (365 * YEARS))

    def pair(self, n: int) -> tuple[Document, Reading]:
        """The n-th document: report n % STORY_SIZE of story n // STORY_SIZE."""
        g, m = divmod(n, STORY_SIZE)
        return self.report(g, m, n)

    def report(self, g: int, m: int, n: int) -> tuple[Document, Reading]:
        """Report ``m`` of story ``g``, as document number ``n``."""
        base = _h("base", g) % len(self.pairs)
        doc, reading = self.pairs[base]
        protected = self.protected[base]
        if m % COPY_EVERY == COPY_EVERY - 1 and m > 0:  # a wire copy of the report before
            rules = [(("copy", g, m), COPY_SHARE, 1), (("own", g, m - 1), OWN_SHARE, 1)]
        else:
            rules = [(("own", g, m), OWN_SHARE, 1)]
        rules.append((("story", g), STORY_SHARE, 0))
        text = perturb(doc.text, protected, rules)
        title = perturb(doc.title, (), rules) if doc.title else doc.title
        day = self.story_day(g) + dt.timedelta(days=m // 2)
        known = doc.dct.date or doc.dct.earliest or doc.dct.latest
        shift = (day - known).days if known is not None else 0
        outlet = f"Outlet {_h('outlet', n) % OUTLETS:02d} News"
        dct = doc.dct
        if known is None:  # give the story's day, as a batch's "dct" field would
            dct = Dct(date=day, how=DctHow.GIVEN)
        else:
            dct = dataclasses.replace(
                dct,
                date=_shift_date(dct.date, shift),
                earliest=_shift_date(dct.earliest, shift),
                latest=_shift_date(dct.latest, shift),
            )
        new_id = f"scale-{n:07d}"
        document = dataclasses.replace(
            doc,
            id=new_id,
            text=text,
            raw=text,
            removed=(),
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            title=title,
            outlet=outlet,
            url=f"https://outlet{_h('outlet', n) % OUTLETS:02d}.example/{g}/{m}",
            dct=dct,
            origin=f"scale:{g}:{m}",
            source=None,
            source_type=None,
        )
        new = _respan(self.entities.recast(reading, g), text)
        new = dataclasses.replace(
            new,
            document_id=new_id,
            times=tuple(
                dataclasses.replace(
                    x,
                    value=_shift_value(x.value, shift),
                    anchor=_shift_value(x.anchor, shift),
                    range=_shift_value(x.range, shift),
                )
                for x in new.times
            ),
            events=tuple(
                dataclasses.replace(e, date=_shift_value(e.date, shift)) for e in new.events
            ),
            claims=tuple(
                dataclasses.replace(
                    c,
                    sources=tuple(
                        dataclasses.replace(s, text=outlet)
                        if s.kind == SourceKind.OUTLET and s.text == doc.outlet
                        else s
                        for s in c.sources
                    ),
                )
                for c in new.claims
            ),
        )
        return document, new

    def series(self, start: int, stop: int) -> Iterator[tuple[Document, Reading]]:
        for n in range(start, stop):
            yield self.pair(n)
