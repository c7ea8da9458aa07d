"""Replication of a store's documents inside PostgreSQL: a store grown k-fold in SQL.

``replicate(store, copies)`` makes ``copies`` copies of the store's *base* (the
documents it held when first replicated) with ``INSERT ... SELECT`` statements, one
transaction per copy, so that a store filled the real way (``Store.add`` per document,
7-17 documents a second here) grows by 10k documents in about 100 s (bench/scale.py
``--grow-to``). Every table a document owns is copied, with the
rules of one copy ``k`` (``Copy``):

* **ids**: readings and publications ``id + k * base max``; documents numbered like
  ``scale-0000016`` are numbered on (``+ k * span``, ``span`` one more than the
  base's highest number), others get ``~r<k>``; story ids are hashed with ``k``;
  the id sequences, the arrival numbers (``seq``, ``last_seq``: ``+ k * base max``)
  and ``link_counters`` move past the copy.
* **words**: every run of ASCII letters of a document (text, raw, title, every
  ``entity_text`` and named source) goes through a per-copy permutation of the
  alphabet with no fixed letter, unless its word is *shared* (``shared_df``: in that
  many base documents or more, or one of linking's stop words: the language's
  words, whose frequencies then grow with the store as in a real fill). Every span's
  text is cut again from the new text, so ``text[start:end] == span.text`` holds.
  The terms the store indexes words by (``term_df``, ``story_keys`` ``term:``, story
  centroids) go through the same rule, and the full-text ``search`` column is
  generated from the new text. So a copy's stories share none of their own words
  with the base's or another copy's and never merge with them, and a copy's
  documents are found by the copy's words. ``term_df`` is counted exactly: a copy
  adds the base's document frequencies under the copy's terms (a shared term's
  frequency grows by the base's). The rule runs in this process (``Copy.words``),
  and its results are sent as maps (old -> new) the SQL joins. Names and ids from
  the knowledge base and the gazetteer are kept: a copy's stories are about the
  same people and places.
* **outlets** rotate through the base's outlets (``k`` places on); URLs and
  origins get ``#r<k>``; publication keys are computed again.
* **dates** move ``-(k % 9)`` years (documents' dates, publications, events,
  times, story spans, ``year:`` entity keys), so the store covers the base's span
  and eight years before it.
* near-duplicate **band keys** are XORed with a per-copy mask, so a copy's
  documents are candidates only of their own copy (signatures are kept).
* what the views count (``store.view_counts``: the timeline's days, the actors' and
  places' counts) gets the copy's readings added, as ``Store.add`` would have.

The readings' contract JSON and the claims' ledgers are rewritten in this process
(``Copy.contract``, ``Copy.ledger``) with the same rules and sent with ``COPY``:
SQL cannot rewrite the strings of a JSON text and keep its serialization. What
is not a document's is not copied: watches, alerts, report snapshots, feeds,
quarantine. The base is recorded on the first call (``link_counters``
``replicate.*`` and the table ``replicate_terms``, the base's term frequencies),
so a later call copies the same base; a copy already stored is skipped, so growing
is resumable. PostgreSQL only. ANALYZE runs at the end.

Several processes may grow one store at once, each its own share of the copies
(``part=(i, n)``: the copies ``k`` with ``(k - 1) % n == i``): a copy's rows and ids
are its own; what copies share is serialized by a transaction-level advisory lock
(recording the base; moving the id sequences, taken at the end of a copy's
transaction, so a sequence never falls below a committed copy's ids), and a copy
that meets another in a deadlock (two copies' words may map onto one ``term_df``
row) is rolled back and made again.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import json
import random
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from watchfloor.errors import StoreError
from watchfloor.store import schema as t
from watchfloor.store.records import publication_key
from watchfloor.store.view_counts import add_readings

TERMS_TABLE = "replicate_terms"  # the base's term_df, kept for every later copy
COUNTER = "replicate."  # link_counters rows recording the base
BATCH = 500
LOCK = "SELECT pg_advisory_xact_lock(hashtext('watchfloor.replicate'))"
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE of deadlock_detected
RETRIES = 3  # a copy rolled back by a deadlock with another process's copy is made again
YEARS_CYCLE = 9  # copy k moves -(k % 9) years

_NUMBERED = re.compile(r"(.*?)(\d+)")
_RUN = re.compile(r"[A-Za-z]+")
_DATEISH = re.compile(r"(?<!\d)(\d{4})(-W\d{2}|-\d{2}-\d{2}|-\d{2})?(?!\d)")


@dataclasses.dataclass(frozen=True)
class Base:
    """What the base is: its highest reading and publication ids and arrival number,
    and the span its document numbers take (0: its ids are not numbered)."""

    readings: int
    publications: int
    seq: int
    span: int
    shared_df: int

    def names(self) -> dict[str, int]:
        return {COUNTER + f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _derangement(rng: random.Random) -> str:
    letters = list(string.ascii_lowercase)
    while True:
        rng.shuffle(letters)
        if all(a != b for a, b in zip(letters, string.ascii_lowercase, strict=True)):
            return "".join(letters)


def _shift_years(value: str, years: int) -> str:
    """``value`` with every ISO year, day, week and month in it moved ``years`` years
    (29 February to the 28th, week 53 to 52, as PostgreSQL's interval arithmetic
    does for days)."""
    if not years:
        return value

    def one(m: re.Match[str]) -> str:
        year, rest = int(m.group(1)), m.group(2) or ""
        if not 1000 <= year <= 3000:
            return m.group()
        new = year + years
        if rest == "-02-29" and not calendar.isleap(new):
            rest = "-02-28"
        elif rest == "-W53" and dt.date(new, 12, 28).isocalendar()[1] != 53:
            rest = "-W52"
        return f"{new:04d}{rest}"

    return _DATEISH.sub(one, value)


class Copy:
    """The rules of copy ``k`` of a base: ids, words, outlets, dates (module docstring).

    ``keep``: the words (lower case) every copy shares with the base; every other run
    of ASCII letters goes through the copy's alphabet."""

    def __init__(self, k: int, base: Base, outlets: Iterable[str], keep: frozenset[str]) -> None:
        self.k, self.base, self.keep = k, base, keep
        perm = _derangement(random.Random(f"watchfloor-replica-{k}"))
        self._table = str.maketrans(
            string.ascii_lowercase + string.ascii_uppercase, perm + perm.upper()
        )
        self._memo: dict[str, str] = {}
        self.years = -(k % YEARS_CYCLE)
        self.mask = random.Random(f"watchfloor-bands-{k}").getrandbits(63)
        ring = sorted(set(outlets))
        self.outlets = {o: ring[(i + k) % len(ring)] for i, o in enumerate(ring)}

    def _run(self, m: re.Match[str]) -> str:
        run = m.group()
        new = self._memo.get(run)
        if new is None:
            new = run if run.lower() in self.keep else run.translate(self._table)
            self._memo[run] = new
        return new

    def words(self, text: str | None) -> str | None:
        """``text`` in the copy's words: same length, same offsets, same case."""
        return None if text is None else _RUN.sub(self._run, text)

    def when(self, value: str | None) -> str | None:
        return None if value is None else _shift_years(value, self.years)

    def document_id(self, old: str) -> str:
        m = _NUMBERED.fullmatch(old) if self.base.span else None
        if m is None:
            return f"{old}~r{self.k}"
        digits = m.group(2)
        return m.group(1) + str(int(digits) + self.k * self.base.span).zfill(len(digits))

    def story_id(self, old: str) -> str:
        digest = hashlib.blake2b(f"{old}:{self.k}".encode(), digest_size=8).hexdigest()
        return f"story-{digest}"

    def outlet(self, old: str | None) -> str | None:
        return None if old is None else self.outlets.get(old, old)

    def tagged(self, value: str | None) -> str | None:
        """A URL or origin of the copy."""
        return None if value is None else f"{value}#r{self.k}"

    def merged_event(self, old: str | None) -> str | None:
        if old is None or "#" not in old:
            return old
        doc, _, event = old.rpartition("#")
        return f"{self.document_id(doc)}#{event}"

    def source_name(self, value: Any, kind: Any) -> Any:
        """A source as named: an outlet of the base is the copy's outlet, else its words."""
        if not isinstance(value, str):
            return value
        if kind == "outlet" and value in self.outlets:
            return self.outlets[value]
        return self.words(value)

    def _walk(self, obj: Any, text: str) -> Any:
        if isinstance(obj, list):
            return [self._walk(x, text) for x in obj]
        if not isinstance(obj, dict):
            return obj
        source = "kind" in obj and "name" in obj
        start, end = obj.get("start"), obj.get("end")
        spanned = isinstance(start, int) and isinstance(end, int)
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if source and (key == "name" or (key == "text" and not spanned)):
                out[key] = self.source_name(value, obj["kind"])
            elif key == "text" and isinstance(value, str):
                out[key] = text[start:end] if spanned else self.words(value)
            elif key == "entity_text" and isinstance(value, str):
                out[key] = self.words(value)
            elif key in ("value", "anchor", "range", "date") and isinstance(value, str):
                out[key] = self.when(value)
            elif isinstance(value, dict | list):
                out[key] = self._walk(value, text)
            else:
                out[key] = value
        return out

    def contract(self, contract: str, text: str, content_hash: str) -> str:
        """A reading's contract JSON (as ``Store.add`` serializes it) for the copy, whose
        clean text is ``text``: every span's text is cut from it again."""
        d = json.loads(contract)
        out: dict[str, Any] = {}
        for key, value in d.items():
            if key == "id":
                out[key] = self.document_id(value)
            elif key == "title":
                out[key] = self.words(value)
            elif key == "text":
                out[key] = text
            elif key == "outlet":
                out[key] = self.outlet(value)
            elif key in ("url", "origin"):
                out[key] = self.tagged(value)
            elif key == "content_hash":
                out[key] = content_hash
            elif key == "dct":
                out[key] = {
                    k: self.when(v) if k in ("date", "earliest", "latest") else v
                    for k, v in value.items()
                }
            elif key == "removed":
                out[key] = [{**r, "text": self.words(r.get("text"))} for r in value]
            else:
                out[key] = self._walk(value, text)
        return json.dumps(out, ensure_ascii=False)

    def ledger(self, ledger: str) -> str:
        """A claim's ledger (claim_facts.ledger, link.facts) for the copy."""
        d = json.loads(ledger)
        if d.get("story") is not None:
            d["story"] = self.story_id(d["story"])
        for name in ("corroborated_by", "contradicted_by"):
            d[name] = [self._other(x) for x in d.get(name) or ()]
        return json.dumps(d, ensure_ascii=False)

    def _other(self, x: dict[str, Any]) -> dict[str, Any]:
        out = dict(x)
        out["merged_event"] = self.merged_event(x.get("merged_event"))
        if x.get("document_id") is not None:
            out["document_id"] = self.document_id(x["document_id"])
        out["document_title"] = self.words(x.get("document_title"))
        out["outlet"] = self.outlet(x.get("outlet"))
        out["origin"] = self.source_name(x.get("origin"), "outlet")
        if x.get("aspect") == "date":
            out["value"], out["other_value"] = self.when(x["value"]), self.when(x["other_value"])
        return out


# ---------------------------------------------------------------- the SQL of one copy

_TEMP = (
    "CREATE TEMP TABLE wf_doc (old text PRIMARY KEY, new text NOT NULL, outlet text,"
    " url text, origin text, text text NOT NULL, raw text, title text, hash text NOT NULL,"
    " removed text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_story (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_outlet (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_when (old text PRIMARY KEY, new text) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_term (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_str (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_pub (id bigint PRIMARY KEY, key text NOT NULL, outlet text,"
    " url text, origin text, title text) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_contract (id bigint PRIMARY KEY, contract text NOT NULL) ON COMMIT DROP",
    "CREATE TEMP TABLE wf_ledger (reading_id bigint, idx int, ledger text NOT NULL,"
    " PRIMARY KEY (reading_id, idx)) ON COMMIT DROP",
)

_YEARS = "(({}) + make_interval(years => CAST(:years AS int)))::date"
_WHEN = "coalesce((SELECT w.new FROM wf_when w WHERE w.old = {0}), {0})"
_STR = "coalesce((SELECT s.new FROM wf_str s WHERE s.old = {0}), {0})"
_SPAN = (
    "CASE WHEN x.span_start IS NULL OR x.span_text IS NULL THEN x.span_text"
    " ELSE substr(m.text, x.span_start + 1, x.span_end - x.span_start) END"
)


def _fact_insert(table: sa.Table) -> str:
    """INSERT ... SELECT of one fact table's base rows for the copy: span texts are cut
    from the copy's text again."""
    special = {
        "reading_id": "x.reading_id + :k_r",
        "document_id": "m.new",
        "span_text": _SPAN,
        "entity_text": _STR.format("x.entity_text"),
        "value": _WHEN.format("x.value") if table is t.times else "x.value",
        "anchor": _WHEN.format("x.anchor"),
        "date": _WHEN.format("x.date"),
        "date_start": _YEARS.format("x.date_start"),
        "date_end": _YEARS.format("x.date_end"),
    }
    joins = "JOIN wf_doc m ON m.old = x.document_id"
    if table is t.claim_sources:
        special["text"] = (
            "CASE WHEN x.kind = 'outlet' AND o.new IS NOT NULL THEN o.new"
            f" ELSE {_STR.format('x.text')} END"
        )
        joins += " LEFT JOIN wf_outlet o ON o.old = x.text"
    cols = [c.name for c in table.columns]
    select = ", ".join(special.get(c, f"x.{c}") for c in cols)
    return (
        f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT {select} "
        f"FROM {table.name} x {joins} WHERE x.reading_id <= :r_max"
    )


_STATEMENTS = (
    "INSERT INTO documents (id, content_hash, raw, text, title, url, outlet, language,"
    " dct_date, dct_earliest, dct_latest, dct_how, removed, origin, ingested_at, author,"
    " dct_reasons) SELECT m.new, m.hash, coalesce(m.raw, m.text), m.text, m.title, m.url,"
    f" m.outlet, d.language, {_YEARS.format('d.dct_date')},"
    f" {_YEARS.format('d.dct_earliest')}, {_YEARS.format('d.dct_latest')}, d.dct_how,"
    " CAST(m.removed AS json), m.origin, d.ingested_at + :tshift, d.author, d.dct_reasons"
    " FROM documents d JOIN wf_doc m ON m.old = d.id",
    "INSERT INTO document_sources (document_id, sha256, media_type)"
    " SELECT m.new, s.sha256, s.media_type FROM document_sources s"
    " JOIN wf_doc m ON m.old = s.document_id",
    "INSERT INTO publications (id, document_id, key, outlet, url, title, dct_date,"
    " dct_earliest, dct_latest, dct_how, dct_reasons, origin, seen_at)"
    " SELECT p.id + :k_p, m.new, w.key, w.outlet, w.url, w.title,"
    f" {_YEARS.format('p.dct_date')}, {_YEARS.format('p.dct_earliest')},"
    f" {_YEARS.format('p.dct_latest')}, p.dct_how, p.dct_reasons, w.origin,"
    " p.seen_at + :tshift FROM publications p JOIN wf_pub w ON w.id = p.id"
    " JOIN wf_doc m ON m.old = p.document_id WHERE p.id <= :p_max",
    "INSERT INTO readings (id, document_id, extractor, created_at, current, contract, note)"
    " SELECT r.id + :k_r, m.new, r.extractor, r.created_at + :tshift, r.current,"
    " c.contract, r.note FROM readings r JOIN wf_contract c ON c.id = r.id"
    " JOIN wf_doc m ON m.old = r.document_id WHERE r.id <= :r_max",
    *(_fact_insert(table) for table in t.FACT_TABLES),
    "INSERT INTO copies (document_id, copy_of, similarity) SELECT a.new, b.new, c.similarity"
    " FROM copies c JOIN wf_doc a ON a.old = c.document_id JOIN wf_doc b ON b.old = c.copy_of",
    "INSERT INTO signatures (document_id, scheme, signature) SELECT m.new, s.scheme,"
    " s.signature FROM signatures s JOIN wf_doc m ON m.old = s.document_id",
    "INSERT INTO signature_bands (key, document_id)"
    " SELECT b.key # CAST(:mask AS bigint), m.new"
    " FROM signature_bands b JOIN wf_doc m ON m.old = b.document_id",
    "INSERT INTO stories (id, scheme, seq, size, earliest, latest, centroid, entities)"
    " SELECT w.new, s.scheme, s.seq + :k_s, s.size,"
    f" {_YEARS.format('s.earliest')}, {_YEARS.format('s.latest')},"
    " (SELECT coalesce(json_object_agg(coalesce(wt.new, e.key), e.value ORDER BY e.o),"
    " '{}'::json) FROM json_each(s.centroid) WITH ORDINALITY AS e(key, value, o)"
    " LEFT JOIN wf_term wt ON wt.old = e.key),"
    " (SELECT coalesce(json_object_agg(CASE WHEN e.key ~ '^year:[0-9]{4}$'"
    " THEN 'year:' || (substr(e.key, 6)::int + CAST(:years AS int)) ELSE e.key END,"
    " e.value ORDER BY e.o), '{}'::json)"
    " FROM json_each(s.entities) WITH ORDINALITY AS e(key, value, o))"
    " FROM stories s JOIN wf_story w ON w.old = s.id",
    "INSERT INTO story_documents (document_id, story_id, seq, score, earliest, latest)"
    " SELECT m.new, w.new, sd.seq + :k_s, sd.score,"
    f" {_YEARS.format('sd.earliest')}, {_YEARS.format('sd.latest')}"
    " FROM story_documents sd JOIN wf_doc m ON m.old = sd.document_id"
    " JOIN wf_story w ON w.old = sd.story_id",
    # two keys of a story may meet in the copy's words: one row, the latest arrival
    "INSERT INTO story_keys (key, story_id, last_seq) SELECT q.key, q.story_id,"
    " max(q.last_seq) FROM (SELECT CASE"
    " WHEN k.key LIKE 'term:%' THEN 'term:' || coalesce(wt.new, substr(k.key, 6))"
    " WHEN k.key ~ '^year:[0-9]{4}$'"
    " THEN 'year:' || (substr(k.key, 6)::int + CAST(:years AS int))"
    " ELSE k.key END AS key, w.new AS story_id, k.last_seq + :k_s AS last_seq"
    " FROM story_keys k JOIN wf_story w ON w.old = k.story_id"
    " LEFT JOIN wf_term wt ON k.key LIKE 'term:%' AND wt.old = substr(k.key, 6)) AS q"
    " GROUP BY q.key, q.story_id",
    # in term order: two copies made at once lock the shared terms' rows in one order
    # (the second waits for the first; in two orders they would deadlock)
    f"INSERT INTO term_df (term, df) SELECT wt.new, sum(b.df) FROM {TERMS_TABLE} b"
    " JOIN wf_term wt ON wt.old = b.term GROUP BY wt.new ORDER BY wt.new"
    " ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
    "INSERT INTO event_facts (reading_id, idx, document_id, story_id, merged_event,"
    " independent_sources, contradicted, place_name, feature, country, admin1, lat, lon,"
    " outlet) SELECT f.reading_id + :k_r, f.idx, m.new, w.new,"
    " CASE WHEN f.merged_event ~ '#' THEN coalesce((SELECT d.new FROM wf_doc d"
    " WHERE d.old = substring(f.merged_event FROM '^(.*)#[^#]*$')),"
    " substring(f.merged_event FROM '^(.*)#[^#]*$'))"
    " || substring(f.merged_event FROM '#[^#]*$') ELSE f.merged_event END,"
    " f.independent_sources, f.contradicted, f.place_name, f.feature, f.country, f.admin1,"
    " f.lat, f.lon, coalesce(o.new, f.outlet) FROM event_facts f"
    " JOIN wf_doc m ON m.old = f.document_id LEFT JOIN wf_story w ON w.old = f.story_id"
    " LEFT JOIN wf_outlet o ON o.old = f.outlet WHERE f.reading_id <= :r_max",
    "INSERT INTO claim_facts (reading_id, idx, document_id, status, ledger)"
    " SELECT c.reading_id + :k_r, c.idx, m.new, c.status, l.ledger FROM claim_facts c"
    " JOIN wf_ledger l ON l.reading_id = c.reading_id AND l.idx = c.idx"
    " JOIN wf_doc m ON m.old = c.document_id WHERE c.reading_id <= :r_max",
    # copies made by other processes at once: they move the sequences one at a time
    LOCK,
    "SELECT setval(pg_get_serial_sequence('readings', 'id'), (SELECT max(id) FROM readings))",
    "SELECT setval(pg_get_serial_sequence('publications', 'id'),"
    " greatest((SELECT max(id) FROM publications), 1))",
    "UPDATE link_counters SET value = greatest(value, :s_top) WHERE name = 'documents'",
)


# ---------------------------------------------------------------- driving it


def _base(conn: sa.Connection, shared_df: int | None) -> Base:
    """The recorded base, or (first call) the store as it is now, recorded."""
    conn.execute(sa.text(LOCK))  # two processes starting at once record one base
    c = t.link_counters.c
    rows = dict(conn.execute(sa.select(c.name, c.value).where(c.name.like(COUNTER + "%"))).all())
    if rows:
        base = Base(**{f.name: int(rows[COUNTER + f.name]) for f in dataclasses.fields(Base)})
        if shared_df is not None and shared_df != base.shared_df:
            raise StoreError(
                f"the store was replicated with shared_df={base.shared_df}, not {shared_df}",
                where="replicate",
            )
        return base
    r_max = conn.execute(sa.select(sa.func.max(t.readings.c.id))).scalar()
    if r_max is None:
        raise StoreError("cannot replicate an empty store", where="replicate")
    p_max = conn.execute(sa.select(sa.func.max(t.publications.c.id))).scalar() or 0
    seq = conn.execute(sa.select(c.value).where(c.name == "documents")).scalar()
    if seq is None:
        seq = conn.execute(sa.select(sa.func.max(t.story_documents.c.seq))).scalar()
    ids = conn.execute(sa.select(t.documents.c.id)).scalars().all()
    numbers = [_NUMBERED.fullmatch(i) for i in ids]
    span = 0
    if all(numbers):
        span = max(int(m.group(2)) for m in numbers if m is not None) + 1
    base = Base(
        readings=int(r_max),
        publications=int(p_max),
        seq=int(seq or 0),
        span=span,
        shared_df=shared_df or 0,
    )
    conn.execute(sa.text(f"CREATE TABLE {TERMS_TABLE} AS SELECT term, df FROM term_df"))
    conn.execute(
        t.link_counters.insert(), [{"name": k, "value": v} for k, v in base.names().items()]
    )
    return base


def _copy_rows(conn: sa.Connection, table: str, cols: str, rows: Iterable[Any]) -> None:
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _stream(engine: sa.Engine, stmt: str, params: Mapping[str, Any]) -> Iterator[Any]:
    """Rows of a read on a connection of its own, fetched in batches."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            sa.text(stmt), dict(params)
        )
        yield from result


_BASE_DOCS = "(SELECT document_id FROM readings WHERE id <= :r)"


class _Facts:
    """What every copy needs of the base, read once."""

    def __init__(self, conn: sa.Connection, base: Base, shared_words: frozenset[str]) -> None:
        p = {"r": base.readings, "p": base.publications}

        def scalars(sql: str) -> list[Any]:
            return list(conn.execute(sa.text(sql), p).scalars())

        self.documents = conn.execute(
            sa.text(
                "SELECT id, outlet, url, origin, title, text,"
                " CASE WHEN raw <> text THEN raw END AS raw, CAST(removed AS text) AS removed"
                f" FROM documents WHERE id IN {_BASE_DOCS} ORDER BY id"
            ),
            p,
        ).all()
        if not self.documents:
            raise StoreError("the recorded base has no documents", where="replicate")
        self.last = conn.execute(
            sa.text(f"SELECT max(ingested_at) FROM documents WHERE id IN {_BASE_DOCS}"), p
        ).scalar()
        self.publications = conn.execute(
            sa.text("SELECT id, outlet, url, origin, title FROM publications WHERE id <= :p"), p
        ).all()
        self.stories = scalars(
            f"SELECT DISTINCT story_id FROM story_documents WHERE document_id IN {_BASE_DOCS}"
        )
        outlets = {r.outlet for r in self.documents} | {r.outlet for r in self.publications}
        outlets |= set(scalars("SELECT DISTINCT outlet FROM event_facts WHERE reading_id <= :r"))
        self.outlets = sorted(o for o in outlets if o is not None)
        self.when = sorted(
            set(
                scalars(
                    "SELECT value FROM times WHERE reading_id <= :r UNION"
                    " SELECT anchor FROM times WHERE reading_id <= :r UNION"
                    " SELECT date FROM events WHERE reading_id <= :r"
                )
            )
            - {None}
        )
        stories = f"(SELECT story_id FROM story_documents WHERE document_id IN {_BASE_DOCS})"
        self.terms = sorted(
            set(scalars(f"SELECT term FROM {TERMS_TABLE}"))
            | set(
                scalars(
                    "SELECT DISTINCT substr(key, 6) FROM story_keys WHERE key LIKE 'term:%'"
                    f" AND story_id IN {stories}"
                )
            )
            | set(
                scalars(
                    "SELECT DISTINCT e.key FROM stories s, json_each(s.centroid) AS e"
                    f" WHERE s.id IN {stories}"
                )
            )
        )
        self.strings = sorted(
            set(scalars("SELECT entity_text FROM event_participants WHERE reading_id <= :r"))
            | set(scalars("SELECT text FROM claim_sources WHERE reading_id <= :r"))
        )
        keep: set[str] = set()
        if base.shared_df:
            keep = set(shared_words) | set(
                scalars(f"SELECT term FROM {TERMS_TABLE} WHERE df >= {int(base.shared_df)}")
            )
        self.keep = frozenset(w for w in keep if _RUN.fullmatch(w))


def base_size(store: Any) -> int:
    """How many documents the base holds: the recorded one's, else the store's."""
    c = t.link_counters.c
    with store.engine.connect() as conn:
        r_max = conn.execute(
            sa.select(c.value).where(c.name == COUNTER + "readings")
        ).scalar_one_or_none()
        r = t.readings.c
        stmt = sa.select(sa.func.count(sa.distinct(r.document_id)))
        if r_max is not None:
            stmt = stmt.where(r.id <= r_max)
        return int(conn.execute(stmt).scalar_one())


def replicate(
    store: Any,
    copies: int,
    *,
    shared_df: int | None = None,
    shared_words: frozenset[str] = frozenset(),
    log: Callable[[str], None] | None = None,
    stop_at: dt.datetime | None = None,
    part: tuple[int, int] = (0, 1),
) -> list[tuple[int, float]]:
    """Grow ``store`` (a PostgreSQL Store) to hold its base ``1 + copies`` times, one
    transaction per copy; copies already stored are skipped. ``shared_df``: words in at
    least that many of the base's documents, and with it ``shared_words`` (the caller's:
    linking's stop words, ``link.stories.STOPWORDS``, a layer above the store), stay the
    same in every copy, as the words of a language do; None: every word changes (the
    choice is recorded with the base). ``stop_at``: no copy is begun after that (aware) time.
    ``part=(i, n)``: make only the copies ``k`` with ``(k - 1) % n == i`` (one of ``n``
    processes growing the store at once). Returns (copy, seconds) of each copy made.
    Raises StoreError on SQLite."""
    engine: sa.Engine = store.engine
    if engine.dialect.name != "postgresql":
        raise StoreError("replication is written for PostgreSQL only", where="replicate")
    index, parts = part
    if not 0 <= index < parts:
        raise StoreError(f"part {index} of {parts}: want 0 <= part < parts", where="replicate")
    with engine.begin() as conn:
        base = _base(conn, shared_df)
        facts = _Facts(conn, base, shared_words)
    made: list[tuple[int, float]] = []
    for k in range(1 + index, copies + 1, parts):
        if stop_at is not None and dt.datetime.now(dt.UTC) >= stop_at:
            if log is not None:
                log(f"replicate: stopped before copy {k} (stop_at)")
            break
        copy = Copy(k, base, facts.outlets, facts.keep)
        d = t.documents.c
        with engine.connect() as conn:
            first = copy.document_id(facts.documents[0].id)
            if conn.execute(sa.select(d.id).where(d.id == first)).first() is not None:
                continue
        t0 = time.perf_counter()
        for attempt in range(RETRIES + 1):
            try:
                with engine.begin() as conn:
                    _one_copy(engine, conn, copy, base, facts)
                break
            except sa.exc.OperationalError as e:
                if getattr(e.orig, "sqlstate", None) != DEADLOCK or attempt == RETRIES:
                    raise
                if log is not None:
                    log(f"replicate: copy {k} met another in a deadlock: made again")
        made.append((k, time.perf_counter() - t0))
        if log is not None:
            log(f"replicate: copy {k} of {copies} in {made[-1][1]:.1f} s")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))
    return made


def _one_copy(
    engine: sa.Engine, conn: sa.Connection, copy: Copy, base: Base, facts: _Facts
) -> None:
    for stmt in _TEMP:
        conn.execute(sa.text(stmt))
    texts: dict[str, tuple[str, str]] = {}  # old id -> (new text, its sha256)

    def documents() -> Iterator[tuple[Any, ...]]:
        for d in facts.documents:
            text = copy.words(d.text) or ""
            if text == d.text:
                raise StoreError(
                    f"document {d.id!r} has no word of its own (every word is shared): "
                    "its copy would be the same text; replicate with a higher shared_df",
                    where="replicate",
                )
            digest = hashlib.sha256(text.encode()).hexdigest()
            texts[d.id] = (text, digest)
            removed = [{**r, "text": copy.words(r.get("text"))} for r in json.loads(d.removed)]
            yield (
                d.id,
                copy.document_id(d.id),
                copy.outlet(d.outlet),
                copy.tagged(d.url),
                copy.tagged(d.origin),
                text,
                copy.words(d.raw),
                copy.words(d.title),
                digest,
                json.dumps(removed, ensure_ascii=False),
            )

    _copy_rows(
        conn,
        "wf_doc",
        "old, new, outlet, url, origin, text, raw, title, hash, removed",
        documents(),
    )
    _copy_rows(conn, "wf_story", "old, new", ((s, copy.story_id(s)) for s in facts.stories))
    _copy_rows(conn, "wf_outlet", "old, new", copy.outlets.items())
    _copy_rows(conn, "wf_when", "old, new", ((w, copy.when(w)) for w in facts.when))
    _copy_rows(conn, "wf_term", "old, new", ((w, copy.words(w)) for w in facts.terms))
    _copy_rows(conn, "wf_str", "old, new", ((w, copy.words(w)) for w in facts.strings))
    pubs = []
    for p in facts.publications:
        outlet, url, origin = copy.outlet(p.outlet), copy.tagged(p.url), copy.tagged(p.origin)
        key = publication_key(outlet, url, origin)
        pubs.append((p.id, key, outlet, url, origin, copy.words(p.title)))
    _copy_rows(conn, "wf_pub", "id, key, outlet, url, origin, title", pubs)
    _copy_rows(
        conn,
        "wf_contract",
        "id, contract",
        (
            (row.id, copy.contract(row.contract, *texts[row.document_id]))
            for row in _stream(
                engine,
                "SELECT id, document_id, contract FROM readings WHERE id <= :r",
                {"r": base.readings},
            )
        ),
    )
    _copy_rows(
        conn,
        "wf_ledger",
        "reading_id, idx, ledger",
        (
            (row.reading_id, row.idx, copy.ledger(row.ledger))
            for row in _stream(
                engine,
                "SELECT reading_id, idx, ledger FROM claim_facts WHERE reading_id <= :r",
                {"r": base.readings},
            )
        ),
    )
    now = conn.execute(sa.text("SELECT transaction_timestamp()")).scalar_one()
    params = {
        "years": copy.years,
        "mask": copy.mask,
        "k_r": copy.k * base.readings,
        "k_p": copy.k * base.publications,
        "k_s": copy.k * base.seq,
        "s_top": (copy.k + 1) * base.seq,
        "r_max": base.readings,
        "p_max": base.publications,
        # the copy's last document is stored now
        "tshift": dt.timedelta(0) if facts.last is None else now - facts.last,
    }
    # the planner then reads the grown tables by index, a copy's rows only
    conn.execute(sa.text("ANALYZE wf_doc, wf_story, wf_term, wf_str, wf_pub, wf_contract"))
    for stmt in _STATEMENTS:
        conn.execute(sa.text(stmt), params)
    # what the views count (store.view_counts): the copy's readings added
    r = t.readings.c
    first = copy.k * base.readings
    add_readings(conn, sa.select(r.id).where(r.id > first, r.id <= first + base.readings))
