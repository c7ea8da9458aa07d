"""The store's tables (SQLAlchemy Core), shared by the API and the migrations.

``documents`` and ``readings`` are the record of truth: a document's raw and
clean text and metadata, and each reading of it as the contract JSON
(docs/output-contract.md). The fact tables below them are derived from a
reading, keyed by document and reading, and exist so facts can be queried in
SQL without parsing JSON. A reading's facts are written in the same
transaction as the reading.

Offsets in the fact tables are ``span_start``/``span_end`` (``end`` is an SQL
keyword); ``idx`` is a fact's position in its Reading list.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

# Constraint names are explicit so migrations can alter them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

# Identifiers (document, actor, place, claim ids) and codes come from users'
# files and the knowledge base, so no length is imposed on them: TEXT costs
# nothing more than VARCHAR on PostgreSQL and SQLite ignores lengths anyway.
ID = sa.Text
CODE = sa.Text
HASH = sa.String(64)  # a sha256 in hex


def _reading_fk() -> sa.Column[int]:
    return sa.Column(
        "reading_id",
        sa.Integer,
        sa.ForeignKey("readings.id", ondelete="CASCADE"),
        primary_key=True,
    )


def _document_col() -> sa.Column[str]:
    return sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )


def _span_cols(nullable: bool = False) -> list[sa.Column[object]]:
    return [
        sa.Column("span_start", sa.Integer, nullable=nullable),
        sa.Column("span_end", sa.Integer, nullable=nullable),
        sa.Column("span_text", sa.Text, nullable=nullable),
    ]


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("content_hash", HASH, nullable=False, unique=True),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("language", CODE),  # a BCP 47 tag
    sa.Column("dct_date", sa.Date),
    sa.Column("dct_earliest", sa.Date),
    sa.Column("dct_latest", sa.Date),
    sa.Column("dct_how", sa.String(16), nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("origin", sa.Text),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.Text),  # since 0002
    sa.Column("dct_reasons", sa.JSON, nullable=False, server_default=sa.text("'[]'")),  # 0002
    sa.Index(None, "ingested_at", "id"),  # 0008: storage order, newest first
)

readings = sa.Table(
    "readings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_col(),
    sa.Column("extractor", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("current", sa.Boolean, nullable=False),
    sa.Column("contract", sa.Text, nullable=False),  # JSON text, exactly as serialized
    sa.Column("note", sa.Text),  # why the document was not read (also in the contract); 0002
    sa.UniqueConstraint("document_id", "extractor"),
    sa.Index(None, "document_id", "current"),
)

actors_seen = sa.Table(
    "actors_seen",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("actor_id", ID, nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", CODE, nullable=False),
    sa.Column("country", CODE),
    sa.Column("code", CODE),
    sa.Column("sector", CODE),
    sa.Column("generic", sa.Boolean, nullable=False),
)

actor_mentions = sa.Table(
    "actor_mentions",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("actor_id", ID, nullable=False, index=True),
    *_span_cols(),
    sa.Column("sentence", sa.Integer, nullable=False),
)

place_mentions = sa.Table(
    "place_mentions",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("place_id", ID, nullable=False, index=True),
    sa.Column("name", sa.Text),
    sa.Column("country", CODE),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("feature", CODE),
    *_span_cols(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("metonymic", sa.Boolean, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
)

times = sa.Table(
    "times",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    *_span_cols(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("type", CODE, nullable=False),
    sa.Column("value", sa.Text),
    sa.Column("anchor", sa.Text),
    sa.Column("rule", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Column("mod", CODE),
)

claims = sa.Table(
    "claims",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("claim_id", ID, nullable=False),
    *_span_cols(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("modality", CODE, nullable=False, index=True),
)

claim_sources = sa.Table(
    "claim_sources",
    metadata,
    _reading_fk(),
    sa.Column("claim_idx", sa.Integer, primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),  # 0 = innermost, the outlet last
    _document_col(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", CODE, nullable=False),
    sa.Column("actor_id", ID, index=True),
    sa.Column("role", sa.Text),
    sa.Column("count", sa.Integer),
    *_span_cols(nullable=True),
)

events = sa.Table(
    "events",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("event_id", ID, nullable=False),
    sa.Column("event", CODE, nullable=False, index=True),
    sa.Column("mode", CODE),
    sa.Column("modality", CODE, nullable=False, index=True),
    sa.Column("date", sa.Text),  # as extracted: ISO day, range, or another TIMEX3 value
    sa.Column("date_start", sa.Date, index=True),  # first day the date covers, when known
    sa.Column("date_end", sa.Date, index=True),  # last day the date covers, when known
    sa.Column("date_approx", sa.Boolean, nullable=False),
    sa.Column("place_id", ID, index=True),
    sa.Column("claim_id", ID),
    sa.Column("cameo", CODE),
    sa.Column("quad_class", sa.Integer),
    *_span_cols(),
    sa.Column("sentence", sa.Integer, nullable=False),
    # 0008: the events of a document; a page by date ("date", "-date") read in index order
    sa.Index(None, "document_id"),
    sa.Index("ix_events_dates", "date_start", "date_end"),
)
# Descending dates, unknown last (store.filters.order_by "-date"): migration 0008 makes
# it per backend (PostgreSQL says NULLS LAST; SQLite's DESC puts NULL last already and
# refuses the words in an index), so it is not in the metadata (``in_metadata``).
EVENTS_DATES_DESC = "ix_events_dates_desc"
# The same for independent sources descending (``sort=-sources``): migration 0009.
EVENT_FACTS_SOURCES_DESC = "ix_event_facts_sources_desc"

event_participants = sa.Table(
    "event_participants",
    metadata,
    _reading_fk(),
    sa.Column("event_idx", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),  # "actor" or "recipient"
    sa.Column("idx", sa.Integer, primary_key=True),
    _document_col(),
    sa.Column("actor_id", ID, index=True),
    sa.Column("entity_text", sa.Text, nullable=False),
    sa.Column("code", CODE),
    sa.Column("sector", CODE),
    sa.Column("country", CODE),
    *_span_cols(nullable=True),
)

quarantine = sa.Table(
    "quarantine",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("content_hash", HASH),  # sha256 of the whole input; None when no bytes
    sa.Column("size", sa.Integer),  # bytes in the whole input
    sa.Column("data", sa.LargeBinary),  # the input, or its first bytes
    sa.Column("truncated", sa.Boolean, nullable=False),
    sa.Column("error", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index(None, "content_hash"),
)

# ---------------------------------------------------------------- since 0002
# New facts about documents live in tables of their own rather than in new
# columns of ``documents``: SQLite cannot add a foreign key to an existing
# table without rebuilding it, and rebuilding ``documents`` would cascade-delete
# every reading.

# Original bytes (an HTML page, a feed entry), content-addressed: stored once
# however many documents were derived from them.
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("sha256", HASH, primary_key=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

document_sources = sa.Table(
    "document_sources",
    metadata,
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    # None when a document names a media type without bytes (Document.source_type alone).
    sa.Column("sha256", HASH, sa.ForeignKey("sources.sha256"), nullable=True, index=True),
    sa.Column("media_type", sa.Text),  # Document.source_type
)

# Every time a stored text was seen: its first add, and each exact duplicate
# from another outlet, URL or origin. ``key`` hashes (outlet, url, origin), so
# the same publication is recorded once (a constraint, safe under concurrency).
publications = sa.Table(
    "publications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_col(),
    sa.Column("key", HASH, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("dct_date", sa.Date),
    sa.Column("dct_earliest", sa.Date),
    sa.Column("dct_latest", sa.Date),
    sa.Column("dct_how", sa.String(16), nullable=False),
    sa.Column("dct_reasons", sa.JSON, nullable=False),
    sa.Column("origin", sa.Text),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("document_id", "key"),
)

# A near-duplicate document and the first stored copy of its text.
copies = sa.Table(
    "copies",
    metadata,
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "copy_of",
        ID,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("similarity", sa.Float, nullable=False),  # estimated Jaccard of shingle sets
)

# MinHash signatures (watchfloor.link.duplicates) and their LSH band keys: a
# new document's candidates are the documents sharing one of its band keys, an
# index lookup on ``signature_bands.key`` instead of a scan of every signature.
signatures = sa.Table(
    "signatures",
    metadata,
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("scheme", sa.String(32), nullable=False),  # duplicates.NAME that computed it
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

signature_bands = sa.Table(
    "signature_bands",
    metadata,
    sa.Column("key", sa.BigInteger, primary_key=True),  # the primary key's index serves lookups
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Index(None, "document_id"),
)

# Subscribed feeds and the entries already seen, so a re-poll fetches only what is new.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),  # the HTTP header, verbatim
    sa.Column("title", sa.Text),
    sa.Column("polled_at", sa.DateTime(timezone=True)),
)

feed_entries = sa.Table(
    "feed_entries",
    metadata,
    sa.Column("feed_url", sa.Text, primary_key=True),
    sa.Column("entry_id", sa.Text, primary_key=True),
    sa.Column(
        "document_id",
        ID,
        sa.ForeignKey("documents.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------- since 0003
# Stories (watchfloor.link.stories): each document belongs to one story. A
# story's profile (centroid of its members' TF-IDF vectors, entity counts,
# span of dates) is what a new document is scored against; ``story_keys`` is
# the inverted index (salient term or entity -> stories, with the arrival
# number of the story's latest document), so a new document's candidates are
# a few index lookups, never a scan; ``term_df`` and ``link_counters`` keep
# the document frequencies and counts incrementally.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("scheme", sa.String(32), nullable=False),  # stories.NAME that built it
    sa.Column("seq", sa.BigInteger, nullable=False),  # arrival number of its first document
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("earliest", sa.Date),  # span of its documents' event dates, when known
    sa.Column("latest", sa.Date),
    sa.Column("centroid", sa.JSON, nullable=False),  # term -> weight (the heaviest terms)
    sa.Column("entities", sa.JSON, nullable=False),  # entity key -> documents mentioning it
)

story_documents = sa.Table(
    "story_documents",
    metadata,
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "story_id", ID, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),  # arrival number (index: 0008)
    sa.Column("score", sa.Float),  # its score against the story when it joined; None: it began it
    sa.Column("earliest", sa.Date),  # the days its events fall in, when known
    sa.Column("latest", sa.Date),
)

story_keys = sa.Table(
    "story_keys",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),  # "term:<t>", "actor:<id>", "place:<id>"
    sa.Column("story_id", ID, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("last_seq", sa.BigInteger, nullable=False),
    sa.Index(None, "key", "last_seq"),
    sa.Index(None, "story_id"),
)

term_df = sa.Table(
    "term_df",
    metadata,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("df", sa.Integer, nullable=False),
)

link_counters = sa.Table(
    "link_counters",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),  # "documents": documents linked so far
    sa.Column("value", sa.BigInteger, nullable=False),
)

FACT_TABLES = (
    actors_seen,
    actor_mentions,
    place_mentions,
    times,
    claims,
    claim_sources,
    events,
    event_participants,
)

# ---------------------------------------------------------------- since 0004
# Watches (watchfloor.views.watch): saved queries, the reading id up to which each
# has been evaluated, and every alert fired. An alert's ``key`` names what it
# is about ("event:<document>:<event>", "corroboration:<merged>:<n>"); the
# unique (watch, key) pair is what makes an alert fire once.
watches = sa.Table(
    "watches",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("query", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("watermark", sa.BigInteger, nullable=False),  # last reading id evaluated
    sa.Column("last_run_at", sa.DateTime(timezone=True)),
)

watch_alerts = sa.Table(
    "watch_alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "watch", sa.String(64), sa.ForeignKey("watches.name", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("document_id", ID),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("pending", sa.JSON, nullable=False),  # sinks not yet delivered to (retried)
    sa.Column("undelivered", sa.Boolean, nullable=False),  # pending is not empty
    sa.UniqueConstraint("watch", "key"),
    sa.Index(None, "undelivered"),
)

# ---------------------------------------------------------------- since 0005
# Full-text search (watchfloor.store.search, migration 0005) lives outside this
# metadata, because it differs per backend: SQLite has the FTS5 table
# ``documents_fts`` (and its shadow tables) and ``documents_fts_ids``, kept by
# triggers; PostgreSQL has the generated column ``documents.search`` and its
# GIN index. Schema comparisons leave them out with ``in_metadata``.
SEARCH_TABLES = ("documents_fts",)  # a prefix: documents_fts, _ids and FTS5's shadow tables


def in_metadata(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name``: False for the full-text search objects of 0005, the
    per-backend indexes of 0008 and 0009 and the table store.replicate keeps in a
    grown store."""
    if name is None:
        return True
    if type_ == "table":  # and replicate.TERMS_TABLE, the base a replicated store keeps
        return not name.startswith((*SEARCH_TABLES, "replicate_"))
    if type_ == "column":
        return not (parent_names.get("table_name") == "documents" and name == "search")
    if type_ == "index":
        return name not in ("ix_documents_search", EVENTS_DATES_DESC, EVENT_FACTS_SOURCES_DESC)
    return True


# ---------------------------------------------------------------- since 0006
# Report snapshots (watchfloor.store.snapshots): what the last reports of a
# scope ("" = the whole store, or a watch's name) said, so the next report can
# say what changed since.
report_snapshots = sa.Table(
    "report_snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(64), nullable=False),
    sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Index(None, "scope", "generated_at"),
)

# ---------------------------------------------------------------- since 0007
# Link facts (watchfloor.link.facts, the ``facts`` hook): what linking says of each
# event and claim of a current reading, materialised when its story changes, so
# that the views filter on it in SQL. An event's row also keeps where it is (the
# place's country, admin1 and coordinates) and its outlet (the document's, or its
# first publication's), the filters that would otherwise need the reading decoded.
event_facts = sa.Table(
    "event_facts",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),  # the event's position in the reading
    _document_col(),
    sa.Column("story_id", ID, index=True),  # None: the document is in no story
    sa.Column("merged_event", sa.Text),  # MergedEvent.id of the event it is a report of
    sa.Column("independent_sources", sa.Integer, nullable=False, index=True),
    sa.Column("contradicted", sa.Boolean, nullable=False),
    sa.Column("place_name", sa.Text),  # the event's place, as the gazetteer names it
    sa.Column("feature", CODE),  # its kind: city, admin1, country, region ...
    sa.Column("country", CODE, index=True),
    sa.Column("admin1", sa.Text, index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("outlet", sa.Text, index=True),
    # 0012: the placed events of a document (the map's walk of the newest documents)
    sa.Index(
        "ix_event_facts_placed",
        "document_id",
        postgresql_where=sa.text("lat IS NOT NULL"),
        sqlite_where=sa.text("lat IS NOT NULL"),
    ),
)

claim_facts = sa.Table(
    "claim_facts",
    metadata,
    _reading_fk(),
    sa.Column("idx", sa.Integer, primary_key=True),  # the claim's position in the reading
    _document_col(),
    sa.Column("status", sa.String(32), nullable=False),  # ledger.STATUSES
    sa.Column("ledger", sa.Text, nullable=False),  # the ledger's fields of the claim, JSON
    # 0012: the claims of a status in key order (``/api/claims?status=``): a count and
    # a page of one status read this index alone
    sa.Index("ix_claim_facts_status_claim", "status", "reading_id", "idx"),
)

# ---------------------------------------------------------------- since 0010
# The outlets' history (watchfloor.store.outlets): per outlet (``context.outlet_key``
# of a document's URL) how many stored articles were read, and per first-level
# division how many of them have it among their ``context.article_states``; and
# what each document counted, so that storing it again counts nothing and a new
# reading of it replaces what its old one counted.
outlet_articles = sa.Table(
    "outlet_articles",
    metadata,
    sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("outlet", sa.Text, nullable=False, index=True),
    sa.Column("reading_id", sa.Integer, nullable=False),  # the reading whose states count
    sa.Column("states", sa.JSON, nullable=False),  # its article states: geonameids, sorted
)

outlets = sa.Table(
    "outlets",
    metadata,
    sa.Column("outlet", sa.Text, primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
)

outlet_state_counts = sa.Table(
    "outlet_state_counts",
    metadata,
    sa.Column("outlet", sa.Text, primary_key=True),
    sa.Column("state", sa.Integer, primary_key=True),  # a first-level division's geonameid
    sa.Column("articles", sa.Integer, nullable=False),
)

# ---------------------------------------------------------------- since 0011
# What the views count, kept as the store grows (watchfloor.store.view_counts): the
# events of current readings per (type, first day, last day), the timeline's input;
# per actor and per place the counts of their lists (documents, mentions, events) and
# the largest value of each attribute over the readings listing them (what the lists'
# aggregates said). ``Store.add`` keeps them in its transaction; migration 0011 counted
# the readings stored before.
event_day_counts = sa.Table(
    "event_day_counts",
    metadata,
    sa.Column("event", CODE, primary_key=True),
    # "<first day>/<last day>" in ISO, "" for an unknown one ("/": undated): the key
    sa.Column("days", sa.String(32), primary_key=True),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("events", sa.Integer, nullable=False),
)

actor_counts = sa.Table(
    "actor_counts",
    metadata,
    sa.Column("actor_id", ID, primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("type", CODE),
    sa.Column("country", CODE),
    sa.Column("code", CODE),
    sa.Column("sector", CODE),
    sa.Column("generic", sa.Integer),  # max over the readings: 1 when any says generic
    sa.Column("documents", sa.Integer, nullable=False),  # listing it (0: only mentioned)
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),  # taking part, as actor or recipient
)

place_counts = sa.Table(
    "place_counts",
    metadata,
    sa.Column("place_id", ID, primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("country", CODE),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("feature", CODE),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),  # 0: only an event's place
    sa.Column("locational_mentions", sa.Integer, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
)
