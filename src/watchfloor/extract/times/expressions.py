"""Time expressions: detection, TIMEX3 extents and normalisation against the DCT.

Detection takes spaCy's DATE and TIME entities as candidates and adds what
its NER leaves out, found by a token grammar (``spacy.matcher.Matcher``):
vague references ("now", "recently", "the future"), frequencies ("daily",
"every Friday"), deictic days, weekdays and "N units ago". Candidates are
merged, trimmed to TimeBank/TempEval-3 extents (a leading preposition such as
"On" or "since" is not part of the expression; "last" and "ago" are), and
appositions that restate a date ("last Wednesday, the sixth of this March")
become one expression when their two readings agree.

Each expression is normalised by ``timenorm.normalize`` with the tense of the
verb that governs it, which sets the direction of "Friday" or "March 7"
(past tense -> the previous one, future -> the next one). Nothing is
invented: with no DCT a relative expression keeps ``value=None`` and
``reason="needs_dct"``; absolute dates still resolve.

After normalisation a few document-level passes use what single expressions
cannot see: "the day after X" moved from the date X (or from the date in the
phrase of the event X), the anchoring chains of ``timechain`` ("a year
earlier", "the next morning"), "the quarter ended July 31" named by its last
day, and a bare clock time placed on the day named in its sentence.

``event_date`` gives the events stage the date of an event from the time
expressions of its sentence.

The parts: ``detection`` (candidates and extents), ``tense``, ``spans`` (one
expression's value), ``passes`` (the document-level passes); ``in_range`` resolves
under an inferred publication-date range, ``event_dates`` dates an event.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from watchfloor.extract.sentences import position
from watchfloor.extract.times import ranges as timerange
from watchfloor.extract.times.chain import chain
from watchfloor.extract.times.detection import (
    candidates,
    extend_year_period,
    holiday_in_name,
    is_age,
    is_fraction,
    span_words,
    split_at_verbs,
    split_coordination,
    trim,
)
from watchfloor.extract.times.normalize import Norm
from watchfloor.extract.times.passes import (
    anchor_on_bases,
    clock_on_sentence_day,
    day_after,
    merge_appositions,
    merge_ranges,
    period_ended,
    share_plural_part,
)
from watchfloor.extract.times.reading import read
from watchfloor.extract.times.spans import closed_range, normalize_span, shared_year
from watchfloor.vocab import Dct, Sentence, Span, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

NAME = "times.v2"


def _ref(
    parsed: SpacyDoc, start: int, end: int, norm: Norm, sentence: int, covers: str | None
) -> TimeRef:
    span = parsed[start:end]
    return TimeRef(
        span=Span(span.start_char, span.end_char, span.text),
        sentence=sentence,
        type=norm.type,
        value=norm.value,
        anchor=norm.anchor,
        rule=norm.rule,
        reason=norm.reason,
        mod=norm.mod,
        range=covers,
    )


def find(parsed: SpacyDoc, sents: tuple[Sentence, ...], dct: Dct) -> tuple[TimeRef, ...]:
    """The normalised time expressions of a parsed document, sorted by start."""
    starts = [s.start for s in sents]
    day = dct.date
    found: list[tuple[int, int, Norm]] = []
    for cand_start, cand_end in candidates(parsed):
        for part_start, part_end in split_at_verbs(parsed, cand_start, cand_end):
            start, end = extend_year_period(parsed, *trim(parsed, part_start, part_end))
            if start >= end or is_age(parsed, end) or is_fraction(parsed, start, end):
                continue
            if holiday_in_name(parsed, start, end):
                continue
            closed = closed_range(parsed, start, end, day)
            if closed is not None:
                found.append((start, end, closed))
                continue
            parts = split_coordination(parsed, start, end)
            shared = shared_year(parsed, parts)
            for k, (s, e) in enumerate(parts):
                norm = normalize_span(parsed, s, e, day, shared if k < len(parts) - 1 else None)
                if norm is not None:
                    found.append((s, e, norm))
    found = merge_ranges(parsed, sorted(found, key=lambda x: (x[0], x[1])), day)
    found = share_plural_part(parsed, found, day)
    found = sorted(merge_appositions(parsed, found, day), key=lambda x: (x[0], x[1]))
    found, bases = day_after(parsed, found, day)
    feats = [read(span_words(parsed, s, e)) for s, e, _ in found]
    norms = chain(list(zip(feats, [norm for _, _, norm in found], strict=True)), day)
    norms = anchor_on_bases(found, norms, bases)
    norms = period_ended(parsed, found, norms)
    sent_ids = [position(starts, parsed[s].idx) for s, _, _ in found]
    norms = clock_on_sentence_day(feats, norms, sent_ids)
    return tuple(
        _ref(
            parsed,
            s,
            e,
            norm,
            position(starts, parsed[s].idx),
            timerange.cover(f, norm, day),
        )
        for (s, e, _), f, norm in zip(found, feats, norms, strict=True)
    )


def explain(nlp: Any, text: str, dct: dt.date | None) -> list[dict[str, Any]]:
    """Each time expression of ``text`` with its value and how it was obtained.

    ``nlp`` is the spaCy pipeline (``watchfloor.extract.nlp.load_nlp()``); ``dct``
    the publication date or None. One dict per expression, in text order, with
    ``text``, ``start``, ``end`` (character offsets into ``text``), ``type``,
    ``value``, ``mod``, ``rule``, ``anchor`` ("dct", "absolute", "time:<k>" for
    the k-th expression of this list, or None), ``reason`` (why ``value`` is
    None) and ``range`` (the days a vague or open expression covers, or None).
    For the CLI's ``watchfloor times "TEXT" --dct D``.
    """
    from watchfloor.extract import sentences

    parsed = nlp(text)
    found = find(parsed, sentences.find(parsed), Dct.given(dct) if dct else Dct())
    return [
        {
            "text": t.span.text,
            "start": t.span.start,
            "end": t.span.end,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "rule": t.rule,
            "anchor": t.anchor,
            "reason": t.reason,
            "range": t.range,
        }
        for t in found
    ]
