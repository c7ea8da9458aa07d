"""Boilerplate removal for plain text that someone else already scraped.

Scraped text arrives with page chrome inside it: "Scroll Top", "Related
Posts", comment prompts, cookie notices, credits. No library removes these
from plain text (trafilatura works on HTML), so this module classifies each
line and cuts the ones that are not article content.

Design, chosen so that an article sentence is never lost:

* A line is cut only when the *whole line* is recognised: a short chrome
  phrase matched from start to end, a credit line at the edges of the text,
  or a paragraph whose vocabulary is overwhelmingly about cookies/consent.
  A body sentence that merely contains "comment" or "cookies" stays.
* Each cut is reported with its reason and its offsets into the raw text, so
  the clean text plus ``removed`` reconstructs the input exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from watchfloor.vocab import Removed

NAME = "boilerplate.v1"

# A chrome line is a UI label, never a sentence: longer lines are body text.
MAX_CHROME_WORDS = 12
# Credits and thanks sit at the top or bottom of an article; only that many
# content lines from either edge are considered, so a body quote is safe.
EDGE_LINES = 4
# A consent notice is a paragraph dense in consent vocabulary: at least this
# many distinct consent terms, and at least this share of its sentences
# mention one. Measured on the seeds and common CMP texts; body paragraphs
# about cookies as a topic use one or two such terms.
MIN_CONSENT_TERMS = 3
MIN_CONSENT_SENTENCE_SHARE = 0.5

_CHROME = {
    "site_chrome": [
        r"scroll (to )?top",
        r"back to top",
        r"skip to (main )?content",
        r"(main )?menu",
        r"search( for)?:?",
        r"home",
        r"print( this)?( article| page)?",
        r"share( this)?( article| post| on \w+)?:?",
        r"(tweet|email|whatsapp|telegram|facebook|twitter|linkedin|pinterest|reddit)",
        r"toggle navigation",
        r"close( menu)?",
        r"loading\.*",
        r"advertisement",
        r"sponsored( content)?",
        r"(previous|next) (post|article|story)",
        r"tags?:.*",
        r"categor(y|ies):.*",
        r"filed under:?.*",
        r"posted in:?.*",
    ],
    "related_links": [
        r"related( posts| articles| stories| news| content)?:?",
        r"(read|see) (more|also):?",
        r"you (may|might) (also )?like:?",
        r"recommended( for you| stories)?:?",
        r"more (from|on) .{0,40}",
        r"most (read|popular|viewed)",
        r"trending( now)?",
    ],
    "comment_prompt": [
        r"leave a (comment|reply)",
        r"(post|add|write) a comment",
        r"you must be logged in to post a comment\.?",
        r"\d* ?comments?",
        r"no comments( yet)?\.?",
        r"be the first to comment\.?",
        r"join the (conversation|discussion)",
        r"cancel reply",
    ],
    "consent_notice": [
        r"privacy (preferences|settings|policy|center)",
        r"cookie (preferences|settings|policy|notice)",
        r"(accept|reject|deny)( all)?( cookies)?",
        r"manage (consent|cookies|preferences)",
        r"(save|update) (preferences|settings)",
    ],
    "newsletter": [
        r"(subscribe|sign up)( now| today)?( to| for)? (our|the) (newsletter|mailing list)\.?",
        r"subscribe( now)?",
        r"get the latest .{0,60} in your inbox\.?",
    ],
    "copyright": [
        r"(©|\(c\)|copyright) ?.{0,80}",
        r"all rights reserved\.?",
    ],
}

_EDGE = {
    "credit": [
        r"(article|photo|image|video|cover|header|featured image) credits?:?.{0,80}",
        r"(special )?thanks to .{1,80}",
        r"(h/t|hat tip):? .{1,60}",
        r"(photo|image|picture):? .{1,60}(/|via|courtesy) .{1,60}",
        r"source: .{1,60}",
    ],
}

# Words a share bar is made of ("Share on Facebook Twitter WhatsApp Email").
SHARE_WORDS = frozenset(
    [
        "share",
        "shares",
        "on",
        "via",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "email",
        "e-mail",
        "mail",
        "print",
        "linkedin",
        "reddit",
        "pinterest",
        "messenger",
        "copy",
        "link",
        "tweet",
        "save",
        "flipboard",
    ]
)
# A breadcrumb trail: short segments joined by a separator ("Home > World > Middle East").
_CRUMB_SEP = re.compile(r"\s*(?:>|»|›|/|\|)\s*")
_CRUMB_SEGMENT = re.compile(r"\w[\w &'-]*")  # a section name: words, no markup or sentence
NAV_WORDS = frozenset({"home", "news", "world", "index", "main", "start", "homepage"})
MAX_CRUMB_SEGMENT_WORDS = 4  # a segment is a section name, not a phrase
# A dateline opens the first paragraph: "BAGHDAD (Reuters) - ", "WASHINGTON, March 7 (AP) — ".
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'.\- ]{1,30}[A-Z](?:, [A-Z][A-Za-z.\- ]{1,30})?)"
    r"(?P<date>, (?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?))?"
    r"(?: ?\((?P<agency>[A-Za-z .&]{2,30})\))?"
    r" ?(?P<sep>-{1,2}|—|–|:) ?"
)
DATELINE_LINES = 3  # only the first few content lines after the title can open with one

_CONSENT_TERMS = (
    "cookie",
    "cookies",
    "consent",
    "browser",
    "privacy",
    "preferences",
    "tracking",
    "third-party",
    "third party",
    "personalised",
    "personalized",
    "opt out",
    "opt-out",
    "store information",
)


def _compile(table: dict[str, list[str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (reason, re.compile(rf"[\s\W_]*(?:{pattern})[\s\W_]*", re.IGNORECASE))
        for reason, patterns in table.items()
        for pattern in patterns
    ]


# A publication stamp ("Published: May 2, 2013, 1:32 PM") is kept in the text
# (annotators treat it as content: a time expression), and read as metadata.
# "Updated ..." dates a revision, not the publication: it is not read.
STAMP = re.compile(
    r"\W*(published|posted|first published)( on| at)?:? "
    r"(?=.*(\d{4}|\d{1,2} ?: ?\d{2})).{4,60}",
    re.IGNORECASE,
)
_CHROME_RX = _compile(_CHROME)
_EDGE_RX = _compile(_EDGE)
# A byline names people: the lead word in any case, the names capitalised
# (case-sensitive, so "By the end of the week, ..." is never a byline).
_NAME = r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}"
_EDGE_RX.append(
    (
        "byline",
        re.compile(
            rf"\W*(?i:by|written by|reported by|edited by|translated by|author:) "
            rf"{_NAME}(?: and {_NAME})?(?: ?[|,/-] ?[A-Z].{{0,40}})?\W*"
        ),
    )
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # offset of the line's first character in the raw text
    end: int  # offset just past the line's newline (or the end of the text)
    text: str  # the line without its newline


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for chunk in raw.splitlines(keepends=True):
        body = chunk.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        out.append(_Line(pos, pos + len(chunk), body))
        pos += len(chunk)
    return out


def _chrome_reason(text: str) -> str | None:
    if len(text.split()) > MAX_CHROME_WORDS:
        return None
    for reason, rx in _CHROME_RX:
        if rx.fullmatch(text):
            return reason
    return None


def _edge_reason(text: str) -> str | None:
    if len(text.split()) > MAX_CHROME_WORDS:
        return None
    for reason, rx in _EDGE_RX:
        if rx.fullmatch(text):
            return reason
    return None


def is_consent_notice(paragraph: str) -> bool:
    """True for a paragraph that is a cookie/consent banner, not prose about cookies."""
    lowered = paragraph.lower()
    terms = {t for t in _CONSENT_TERMS if t in lowered}
    if len(terms) < MIN_CONSENT_TERMS:
        return False
    sentences = [s for s in _SENTENCE_END.split(lowered) if s.strip()]
    hits = sum(1 for s in sentences if any(t in s for t in _CONSENT_TERMS))
    return hits / max(len(sentences), 1) >= MIN_CONSENT_SENTENCE_SHARE


def is_share_bar(text: str) -> bool:
    words = re.findall(r"[\w-]+", text.lower())
    return bool(words) and len(words) <= MAX_CHROME_WORDS and all(w in SHARE_WORDS for w in words)


def is_breadcrumb(text: str) -> bool:
    segments = [seg for seg in _CRUMB_SEP.split(text.strip()) if seg]
    if len(segments) < 2 or not _CRUMB_SEP.search(text):
        return False
    if any(
        len(seg.split()) > MAX_CRUMB_SEGMENT_WORDS or not _CRUMB_SEGMENT.fullmatch(seg)
        for seg in segments
    ):
        return False
    if not any(c.isalpha() for seg in segments for c in seg):
        return False  # "05 / 02 / 2013" is a date, not a trail of sections
    return len(segments) >= 3 or segments[0].lower() in NAV_WORDS


def _classify(lines: list[_Line]) -> dict[int, str]:
    """Map line index -> reason for every line to cut."""
    cut: dict[int, str] = {}
    content = [i for i, ln in enumerate(lines) if ln.text.strip()]
    for i in content:
        text = lines[i].text.strip()
        reason = _chrome_reason(text)
        if reason is None and is_share_bar(text):
            reason = "site_chrome"
        if reason is None and is_breadcrumb(text):
            reason = "breadcrumb"
        if reason is None and is_consent_notice(text):
            reason = "consent_notice"
        if reason is not None:
            cut[i] = reason
    kept = [i for i in content if i not in cut]
    edges = set(kept[:EDGE_LINES]) | set(kept[-EDGE_LINES:])
    # The first kept line is the title: never a credit, even if it looks like one.
    edges.discard(kept[0] if kept else -1)
    for i in sorted(edges):
        reason = _edge_reason(lines[i].text.strip())
        if reason is not None:
            cut[i] = reason
    return cut


def _merge(regions: Iterable[tuple[int, int, str]], raw: str) -> tuple[Removed, ...]:
    out: list[Removed] = []
    for start, end, reason in sorted(regions):
        if start >= end:
            continue
        if out and out[-1].end >= start and out[-1].reason == reason:
            prev = out.pop()
            start = prev.start
        out.append(Removed(start=start, end=end, text=raw[start:end], reason=reason))
    return tuple(out)


def clean(raw: str) -> tuple[str, tuple[Removed, ...]]:
    """Cut boilerplate lines from ``raw``; return the clean text and what was cut.

    The clean text is ``raw`` with every ``Removed`` region deleted, in order,
    so ``removed`` maps each clean offset back to the raw input.
    """
    lines = _lines(raw)
    cut = _classify(lines)
    regions = [(lines[i].start, lines[i].end, reason) for i, reason in cut.items()]
    regions += _datelines(lines, cut)
    # Leading and trailing whitespace left around the kept text.
    kept_spans = [(ln.start, ln.end) for i, ln in enumerate(lines) if i not in cut]
    body = "".join(raw[s:e] for s, e in kept_spans)
    lead = len(body) - len(body.lstrip())
    trail = len(body) - len(body.rstrip())
    regions += edge_whitespace(kept_spans, lead, trail)
    removed = _merge(regions, raw)
    return apply_removals(raw, removed), removed


def edge_lines(text: str) -> list[str]:
    """The first and last EDGE_LINES non-blank lines of a text (metadata lives there)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[:EDGE_LINES] + lines[EDGE_LINES:][-EDGE_LINES:]


def _datelines(lines: list[_Line], cut: dict[int, str]) -> list[tuple[int, int, str]]:
    """The dateline opening one of the first paragraphs after the title, if any."""
    kept = [i for i, ln in enumerate(lines) if ln.text.strip() and i not in cut]
    for i in kept[1 : 1 + DATELINE_LINES]:
        line = lines[i]
        lead = len(line.text) - len(line.text.lstrip())
        m = _DATELINE.match(line.text, lead)
        # A dateline has an agency, a date or a dash of its own ("ISIS - the group
        # said" is a sentence); the rest of the line must be a sentence too.
        marked = m is not None and (m["agency"] or m["date"] or m["sep"] in ("—", "–", "--"))
        if m and marked and len(line.text[m.end() :].split()) >= MAX_CHROME_WORDS:
            return [(line.start + lead, line.start + m.end(), "dateline")]
    return []


def edge_whitespace(
    kept: list[tuple[int, int]], lead: int, trail: int
) -> list[tuple[int, int, str]]:
    """Raw regions holding the first ``lead`` and last ``trail`` kept characters."""
    out: list[tuple[int, int, str]] = []
    need = lead
    for s, e in kept:
        if need <= 0:
            break
        take = min(need, e - s)
        out.append((s, s + take, "whitespace"))
        need -= take
    need = trail
    for s, e in reversed(kept):
        if need <= 0:
            break
        take = min(need, e - s)
        out.append((e - take, e, "whitespace"))
        need -= take
    return out


def apply_removals(raw: str, removed: tuple[Removed, ...]) -> str:
    """``raw`` with the ``removed`` regions (sorted, disjoint) cut out."""
    parts: list[str] = []
    pos = 0
    for r in removed:
        parts.append(raw[pos : r.start])
        pos = max(pos, r.end)
    parts.append(raw[pos:])
    return "".join(parts)


def raw_offset(clean_offset: int, removed: tuple[Removed, ...]) -> int:
    """Map an offset in the clean text to the raw input."""
    offset = clean_offset
    for r in removed:
        if r.start <= offset:
            offset += r.end - r.start
        else:
            break
    return offset
