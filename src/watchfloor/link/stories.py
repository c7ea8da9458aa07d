"""Stories: documents reporting on the same real-world development, clustered online.

Each new document is compared only with the stories an index proposes (the
stories posted under one of its salient terms or entities, at most
STORIES_PER_KEY per key, the most recently active first; of those the
MAX_CANDIDATES sharing most keys), never with the whole store, so linking
costs about the same at 1,000 or 100,000 documents. A candidate is scored by

* text: cosine of the document's TF-IDF vector with the story's centroid
  (document frequencies are kept incrementally as documents arrive; words
  written capitalised mid-sentence count NAME_WEIGHT times);
* names: cosine of the capitalised words alone (NAMES_WEIGHT): two stories of
  one kind (two earthquakes, two rehab check-ins) share their vocabulary, not
  their names;
* entities: the share of the document's actors and places (knowledge-base and
  gazetteer ids) the story already holds (ENTITY_WEIGHT);
* time: the days the document can have been published (its date, or the
  range inferred from the text, ends possibly open) against the story's span.
  More than MAX_GAP_DAYS apart: it never joins, whatever the text says;
  reports years apart are two stories. The latest year the text states is
  weaker evidence: YEAR_GAP years or more from the story's, minus YEAR_PENALTY.

The document joins the best story scoring at least the threshold for the
story's size, else it starts a new one. Deterministic: ties go to the older
story; ids derive from the first document's id.

The algorithm is pure (no I/O): ``features`` turns a document and its reading
into what linking needs, ``decide`` picks among candidate profiles, ``absorb``
updates a profile, and ``link_one`` runs the steps on a ``StoryIndex``:
``MemoryIndex`` in memory (evaluation, tests), ``SqlIndex`` on the store's
tables (``Store.add``, through the ``stories`` hook of ``link.hooks``). See
docs/stories.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from watchfloor.store.link_tables import StoryRow, StoryTables
from watchfloor.vocab import Document, Reading

NAME = "stories.v1"

# Salient terms of a document posted to (and looked up in) the index.
INDEX_TERMS = 12
# Stories fetched per index key, the most recently active first: bounds the
# candidates of a document whatever the size of the store.
STORIES_PER_KEY = 12
# Candidates scored per document: those sharing most keys with it.
MAX_CANDIDATES = 10
# Terms kept in a story's centroid and entity profile (the heaviest).
CENTROID_TERMS = 150
PROFILE_ENTITIES = 60
# Weight of a capitalised word seen mid-sentence (a name) against another word.
NAME_WEIGHT = 2.0
# Score = text cosine + ENTITY_WEIGHT * shared entity share + NAMES_WEIGHT *
# name cosine (- YEAR_PENALTY); a story of one document asks JOIN_THRESHOLD,
# one of LARGE_STORY documents or more JOIN_THRESHOLD_LARGE (linear between):
# one document's vector is noisy (another story of the same kind shares many
# of its words), a centroid of several is not. Tuned on the ECB+ dev topics.
ENTITY_WEIGHT = 0.15
JOIN_THRESHOLD = 0.4
JOIN_THRESHOLD_LARGE = 0.3
LARGE_STORY = 5
# Weight of the name channel: cosine of the name terms alone.
NAMES_WEIGHT = 0.15
NAME_MARK = "@"
# A document whose dates are more than this outside a story's span never joins it.
MAX_GAP_DAYS = 365
# Subtracted when the latest year a document states is YEAR_GAP or more away
# from the year its story's documents state most.
YEAR_PENALTY = 0.1
YEAR_GAP = 2
MIN_YEAR, MAX_YEAR = 1900, 2100

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_YEAR = re.compile(r"(?<![\w.,])(19[5-9]\d|20\d\d)(?![\w]|[.,]\d)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”'‘’()\[\]\n]\s*|\n\s*)$")
# Function words, reporting verbs and news boilerplate: frequent in every story.
_STOPWORDS = """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in into is
it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves
said says say saying told tell according reported reports report reuters ap afp news
would could also one two three new year years day days time week weeks month months
mr mrs ms monday tuesday wednesday thursday friday saturday sunday today yesterday
tomorrow last first next may might must many much well still even like get got
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True, slots=True)
class Features:
    """What linking uses of one document."""

    document_id: str
    terms: Mapping[str, float]  # term -> sublinear term frequency (names weighted up)
    entities: frozenset[str]  # "actor:<id>", "place:<id>"
    earliest: dt.date | None  # the days the document's events fall in, when known
    latest: dt.date | None
    title: str
    year: int | None = None  # the latest year it states (weak evidence)


@dataclass(frozen=True, slots=True)
class Profile:
    """A story as linking sees it: centroid, entities, span of dates, size."""

    id: str
    size: int
    centroid: Mapping[str, float]  # sum of the members' unit TF-IDF vectors (heaviest terms)
    entities: Mapping[str, int]  # entity key -> members mentioning it
    earliest: dt.date | None
    latest: dt.date | None
    seq: int  # arrival number of the story's first document (older wins ties)


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a document goes: ``story_id`` None means it starts a new story."""

    story_id: str | None
    score: float
    text: float
    entity: float


def story_id_for(document_id: str) -> str:
    """A story's id, from the document that started it (stable across runs)."""
    return "story-" + hashlib.sha256(document_id.encode()).hexdigest()[:16]


def _stem(word: str) -> str:
    """A light plural fold: 'attacks' and 'attack' are one term."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms_of(text: str, name_weight: float = NAME_WEIGHT, names: bool = True) -> dict[str, float]:
    """Term -> 1 + log(weighted count), over the words of ``text`` that are not stopwords.

    With ``names``, each word written capitalised mid-sentence also counts as a
    name term (NAME_MARK + word), scored on its own (``score``'s name channel).
    """
    counts: dict[str, float] = defaultdict(float)
    for m in _WORD.finditer(text):
        word = m.group().strip("'’-")
        low = word.lower()
        if len(low) < 3 or low in STOPWORDS:
            continue
        weight = 1.0
        term = _stem(low)
        if word[0].isupper() and not _SENTENCE_START.search(
            text[max(0, m.start() - 3) : m.start()]
        ):
            weight = name_weight
            if names:
                counts[NAME_MARK + term] += 1.0
        counts[term] += weight
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def stated_year(reading: Reading, text: str) -> int | None:
    """The latest year the text states outright (in a date it gives, or a bare year).

    Weak evidence: a report may name only earlier years ("as in 2005"), so it
    lowers a story's score (YEAR_PENALTY) instead of forbidding it.
    """
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    for ref in reading.times:
        if ref.anchor == "absolute" and ref.value and ref.value[:4].isdigit():
            years.append(int(ref.value[:4]))
    years = [y for y in years if _year_ok(y)]
    return max(years) if years else None


def when(document: Document, reading: Reading) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the document can have been published: its date, or
    the range the extractors inferred (docs/extract-dct.md), either end possibly
    open (None). Dates a text mentions are not used here: a report names earlier
    events as often as its own (they weigh in as ``stated_year``)."""
    dct = document.dct
    if dct.date is not None:
        return dct.date, dct.date
    if dct.earliest is not None or dct.latest is not None:
        return dct.earliest, dct.latest
    return None, None


def title_of(document: Document) -> str:
    """The document's title, else its first line (at most 160 characters)."""
    if document.title:
        return document.title.strip()[:160]
    for line in document.text.splitlines():
        if line.strip():
            return line.strip()[:160]
    return document.id


def features(document: Document, reading: Reading) -> Features:
    earliest, latest = when(document, reading)
    entities = {f"actor:{a.id}" for a in reading.actors} | {f"place:{p.id}" for p in reading.places}
    text = document.text if not document.title else f"{document.title}\n{document.text}"
    return Features(
        document_id=document.id,
        terms=terms_of(text),
        entities=frozenset(entities),
        earliest=earliest,
        latest=latest,
        title=title_of(document),
        year=stated_year(reading, document.text),
    )


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def vector(terms: Mapping[str, float], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """The unit TF-IDF vector of a document's terms."""
    raw = {t: w * idf(df.get(t, 0), n_docs) for t, w in terms.items()}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {t: v / norm for t, v in raw.items()} if norm else {}


def index_keys(vec: Mapping[str, float], entities: Iterable[str]) -> list[str]:
    """The keys a document is looked up (and posted) under: its salient terms and entities."""
    top = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
    return sorted({f"term:{t}" for t, _ in top} | set(entities))


def gap_days(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> int | None:
    """Days between two date ranges, either end of which may be open (None); 0 when
    they overlap; None when nothing bounds the distance."""
    gaps = []
    if a[0] is not None and b[1] is not None:
        gaps.append((a[0] - b[1]).days)
    if b[0] is not None and a[1] is not None:
        gaps.append((b[0] - a[1]).days)
    return max(0, *gaps) if gaps else None


@dataclass(frozen=True, slots=True)
class Weights:
    """The scoring knobs (the defaults are the tuned values; the baseline zeroes some)."""

    entity: float = ENTITY_WEIGHT
    threshold: float = JOIN_THRESHOLD
    max_gap_days: int | None = MAX_GAP_DAYS
    year_penalty: float = YEAR_PENALTY
    threshold_large: float = JOIN_THRESHOLD_LARGE
    names: float = NAMES_WEIGHT

    def threshold_for(self, size: int) -> float:
        """The score a story of ``size`` documents asks for: from ``threshold`` for one
        document up to ``threshold_large`` at LARGE_STORY documents and beyond."""
        share = min(size - 1, LARGE_STORY - 1) / (LARGE_STORY - 1)
        return self.threshold + share * (self.threshold_large - self.threshold)


def score(vec: Mapping[str, float], feats: Features, story: Profile, w: Weights) -> Decision:
    """How well a document fits a story (a Decision naming the story, or -1 when time forbids)."""
    if w.max_gap_days is not None:
        gap = gap_days((feats.earliest, feats.latest), (story.earliest, story.latest))
        if gap is not None and gap > w.max_gap_days:
            return Decision(story.id, -1.0, 0.0, 0.0)
    norm = math.sqrt(sum(v * v for v in story.centroid.values()))
    text = sum(v * story.centroid.get(t, 0.0) for t, v in vec.items()) / norm if norm else 0.0
    names = _name_cosine(vec, story.centroid) if w.names else 0.0
    shared = sum(1 for e in feats.entities if e in story.entities)
    entity = shared / len(feats.entities) if feats.entities else 0.0
    total = text + w.entity * entity + w.names * names
    year = story_year(story)
    if feats.year is not None and year is not None and abs(feats.year - year) >= YEAR_GAP:
        total -= w.year_penalty
    return Decision(story.id, total, text, entity)


def _name_cosine(vec: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    """Cosine of the name terms alone: do the document and the story name the same names?"""
    mine = {t: v for t, v in vec.items() if t.startswith(NAME_MARK)}
    theirs = {t: v for t, v in centroid.items() if t.startswith(NAME_MARK)}
    a = math.sqrt(sum(v * v for v in mine.values()))
    b = math.sqrt(sum(v * v for v in theirs.values()))
    if not a or not b:
        return 0.0
    return sum(v * theirs.get(t, 0.0) for t, v in mine.items()) / (a * b)


def story_year(story: Profile) -> int | None:
    """The year a story's documents state most (the latest on a tie), if any states one."""
    years = [(n, int(k[5:])) for k, n in story.entities.items() if k.startswith("year:")]
    return max(years)[1] if years else None


def decide(
    vec: Mapping[str, float], feats: Features, candidates: Iterable[Profile], w: Weights = Weights()
) -> Decision:
    """The best candidate story at or above the threshold, else a new story."""
    best: tuple[float, int, str] | None = None
    best_decision = Decision(None, 0.0, 0.0, 0.0)
    for story in candidates:
        d = score(vec, feats, story, w)
        key = (-d.score, story.seq, story.id)
        if d.score >= w.threshold_for(story.size) and (best is None or key < best):
            best, best_decision = key, d
    return best_decision


def top_candidates(hits: Iterable[tuple[str, int]]) -> list[str]:
    """From (story, last arrival) pairs, one per key a story was found under: the
    MAX_CANDIDATES stories found under most keys, then the most recently active."""
    count: Counter[str] = Counter()
    last: dict[str, int] = {}
    for story_id, seq in hits:
        count[story_id] += 1
        last[story_id] = max(seq, last.get(story_id, seq))
    ranked = sorted(count, key=lambda s: (-count[s], -last[s], s))[:MAX_CANDIDATES]
    return sorted(ranked)


def _top(weights: Mapping[str, float], k: int) -> dict[str, float]:
    if len(weights) <= k:
        return dict(weights)
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _span(a: dt.date | None, b: dt.date | None, lo: bool) -> dt.date | None:
    if a is None or b is None:
        return a or b
    return min(a, b) if lo else max(a, b)


def absorb(story: Profile, vec: Mapping[str, float], feats: Features) -> Profile:
    """The story's profile once the document has joined it."""
    centroid = dict(story.centroid)
    for t, v in vec.items():
        centroid[t] = centroid.get(t, 0.0) + v
    entities = dict(story.entities)
    for e in feats.entities | ({f"year:{feats.year}"} if feats.year is not None else set()):
        entities[e] = entities.get(e, 0) + 1
    ranked = sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_ENTITIES]
    return replace(
        story,
        size=story.size + 1,
        centroid=_top(centroid, CENTROID_TERMS),
        entities=dict(ranked),
        earliest=_span(story.earliest, feats.earliest, lo=True),
        latest=_span(story.latest, feats.latest, lo=False),
    )


def new_profile(story_id: str, seq: int) -> Profile:
    return Profile(story_id, 0, {}, {}, None, None, seq)


class StoryIndex(Protocol):
    """Where linking keeps its state: document frequencies, profiles, postings, members.

    ``MemoryIndex`` keeps it in dictionaries (evaluation, tests), ``SqlIndex``
    in the store's tables (``Store.add``, through the ``stories`` hook): both
    run ``link_one``, so the evaluation measures what ``ingest`` does.
    """

    def next_seq(self) -> int: ...
    def count_terms(self, terms: Sequence[str]) -> Mapping[str, int]: ...
    def hits(self, keys: Sequence[str]) -> list[tuple[str, int]]: ...
    def profiles(self, ids: Sequence[str]) -> list[Profile]: ...
    def save(self, story: Profile, *, new: bool) -> None: ...
    def post(self, story_id: str, keys: Sequence[str], seq: int) -> None: ...
    def join(self, feats: Features, story_id: str, seq: int, decision: Decision) -> None: ...


def link_one(index: StoryIndex, feats: Features, w: Weights = Weights()) -> Decision:
    """Link one document (not linked yet) into a story of ``index``.

    Returns the decision naming the story it joined (``story_id`` None: it
    began a new one, ``story_id_for`` its id). A near-duplicate of a stored
    text is scored like any other document: it joins its original's story
    unless time forbids.
    """
    seq = index.next_seq()
    df = index.count_terms(sorted(feats.terms))
    vec = vector(feats.terms, df, seq)
    keys = index_keys(vec, feats.entities)
    candidates = index.profiles(top_candidates(index.hits(keys)))
    decision = decide(vec, feats, candidates, w)
    chosen = next((p for p in candidates if p.id == decision.story_id), None)
    if chosen is None:
        story = absorb(new_profile(story_id_for(feats.document_id), seq), vec, feats)
        decision = Decision(None, decision.score, decision.text, decision.entity)
    else:
        story = absorb(chosen, vec, feats)
    index.save(story, new=chosen is None)
    index.post(story.id, keys, seq)
    index.join(feats, story.id, seq, decision)
    return decision


def joined(decision: Decision, feats: Features) -> str:
    """The story a document went to, from ``link_one``'s decision."""
    return decision.story_id or story_id_for(feats.document_id)


@dataclass
class MemoryIndex:
    """The story index in memory: ``add`` links documents in the order given."""

    weights: Weights = field(default_factory=Weights)
    n_docs: int = 0
    df: dict[str, int] = field(default_factory=dict)
    stories: dict[str, Profile] = field(default_factory=dict)
    postings: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    assignment: dict[str, str] = field(default_factory=dict)

    def add(self, feats: Features) -> Decision:
        return link_one(self, feats, self.weights)

    def next_seq(self) -> int:
        self.n_docs += 1
        return self.n_docs

    def count_terms(self, terms: Sequence[str]) -> Mapping[str, int]:
        for t in terms:
            self.df[t] = self.df.get(t, 0) + 1
        return self.df

    def hits(self, keys: Sequence[str]) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for key in keys:
            posted = self.postings.get(key, {})
            out += sorted(posted.items(), key=lambda kv: (-kv[1], kv[0]))[:STORIES_PER_KEY]
        return out

    def profiles(self, ids: Sequence[str]) -> list[Profile]:
        return [self.stories[s] for s in sorted(ids)]

    def save(self, story: Profile, *, new: bool) -> None:
        self.stories[story.id] = story

    def post(self, story_id: str, keys: Sequence[str], seq: int) -> None:
        for key in keys:
            self.postings[key][story_id] = seq

    def join(self, feats: Features, story_id: str, seq: int, decision: Decision) -> None:
        self.assignment[feats.document_id] = story_id


def cluster(items: Iterable[Features], weights: Weights = Weights()) -> dict[str, str]:
    """Document id -> story id, documents taken in the order given (arrival order)."""
    index = MemoryIndex(weights)
    for feats in items:
        index.add(feats)
    return index.assignment


class SqlIndex:
    """The story index in the store's tables (``store.link_tables.StoryTables``), in the
    transaction of one ``Store.add``."""

    def __init__(self, tables: StoryTables) -> None:
        self.tables = tables

    def next_seq(self) -> int:
        return self.tables.next_seq()

    def count_terms(self, terms: Sequence[str]) -> Mapping[str, int]:
        return self.tables.count_terms(terms)

    def hits(self, keys: Sequence[str]) -> list[tuple[str, int]]:
        return self.tables.hits(keys, STORIES_PER_KEY)

    def profiles(self, ids: Sequence[str]) -> list[Profile]:
        return [Profile(*row) for row in self.tables.stories(ids)]

    def save(self, story: Profile, *, new: bool) -> None:
        self.tables.save(StoryRow(*astuple_shallow(story)), new=new, scheme=NAME)

    def post(self, story_id: str, keys: Sequence[str], seq: int) -> None:
        self.tables.post(story_id, keys, seq)

    def join(self, feats: Features, story_id: str, seq: int, decision: Decision) -> None:
        score = None if decision.story_id is None else round(decision.score, 6)
        self.tables.join(feats.document_id, story_id, seq, score, feats.earliest, feats.latest)


def astuple_shallow(story: Profile) -> tuple[Any, ...]:
    """A profile's fields in order, without copying its mappings (``dataclasses.astuple`` does)."""
    return (
        story.id,
        story.size,
        story.centroid,
        story.entities,
        story.earliest,
        story.latest,
        story.seq,
    )
