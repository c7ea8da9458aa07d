"""What the views count, kept as the store grows: the timeline's days, actors, places.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

``event_day_counts`` (the events of current readings per type, first day and last
day), ``actor_counts`` and ``place_counts`` (the actors' and places' lists: their
counts and attributes), kept by ``Store.add`` (``store.view_counts``) and read by the
timeline and the actors and places pages instead of an aggregate of every event and
mention. The readings stored before are counted here, in the migration's
transaction (one aggregate of each fact table, paid once per store; about as long
as one unfiltered timeline took before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = "(SELECT id FROM readings WHERE current)"


def _days(column: str, dialect: str) -> str:
    """The ISO day of a date column as text, "" when unknown (``view_counts.days_key``)."""
    if dialect == "postgresql":
        return f"coalesce(to_char({column}, 'YYYY-MM-DD'), '')"
    return f"coalesce({column}, '')"  # SQLite keeps a date as its ISO text


def _fill(dialect: str) -> list[str]:
    days = f"{_days('date_start', dialect)} || '/' || {_days('date_end', dialect)}"
    return [
        "INSERT INTO event_day_counts (event, days, date_start, date_end, events)"
        f" SELECT event, {days}, date_start, date_end, count(*) FROM events"
        f" WHERE reading_id IN {CURRENT} GROUP BY event, date_start, date_end",
        "INSERT INTO actor_counts (actor_id, name, type, country, code, sector, generic,"
        " documents, mentions, events)"
        " SELECT i.id, s.name, s.type, s.country, s.code, s.sector, s.generic,"
        " coalesce(s.documents, 0), coalesce(m.n, 0), coalesce(e.n, 0) FROM"
        f" (SELECT actor_id AS id FROM actors_seen WHERE reading_id IN {CURRENT}"
        f" UNION SELECT actor_id FROM actor_mentions WHERE reading_id IN {CURRENT}"
        " UNION SELECT actor_id FROM event_participants"
        f" WHERE reading_id IN {CURRENT} AND actor_id IS NOT NULL) AS i"
        " LEFT JOIN (SELECT actor_id, max(name) AS name, max(type) AS type,"
        " max(country) AS country, max(code) AS code, max(sector) AS sector,"
        " max(CAST(generic AS INTEGER)) AS generic, count(DISTINCT document_id) AS documents"
        f" FROM actors_seen WHERE reading_id IN {CURRENT} GROUP BY actor_id) AS s"
        " ON s.actor_id = i.id"
        " LEFT JOIN (SELECT actor_id, count(*) AS n FROM actor_mentions"
        f" WHERE reading_id IN {CURRENT} GROUP BY actor_id) AS m ON m.actor_id = i.id"
        " LEFT JOIN (SELECT actor_id, count(*) AS n FROM (SELECT DISTINCT actor_id,"
        " reading_id, event_idx FROM event_participants"
        f" WHERE reading_id IN {CURRENT} AND actor_id IS NOT NULL) AS x GROUP BY actor_id)"
        " AS e ON e.actor_id = i.id",
        "INSERT INTO place_counts (place_id, name, country, lat, lon, feature, documents,"
        " mentions, locational_mentions, events)"
        " SELECT i.id, s.name, s.country, s.lat, s.lon, s.feature, coalesce(s.documents, 0),"
        " coalesce(s.mentions, 0), coalesce(s.locational, 0), coalesce(e.n, 0) FROM"
        f" (SELECT place_id AS id FROM place_mentions WHERE reading_id IN {CURRENT}"
        " UNION SELECT place_id FROM events"
        f" WHERE reading_id IN {CURRENT} AND place_id IS NOT NULL) AS i"
        " LEFT JOIN (SELECT place_id, max(name) AS name, max(country) AS country,"
        " max(lat) AS lat, max(lon) AS lon, max(feature) AS feature,"
        " count(DISTINCT document_id) AS documents, count(*) AS mentions,"
        " sum(CASE WHEN metonymic THEN 0 ELSE 1 END) AS locational FROM place_mentions"
        f" WHERE reading_id IN {CURRENT} GROUP BY place_id) AS s ON s.place_id = i.id"
        " LEFT JOIN (SELECT place_id, count(*) AS n FROM events"
        f" WHERE reading_id IN {CURRENT} AND place_id IS NOT NULL GROUP BY place_id)"
        " AS e ON e.place_id = i.id",
    ]


def upgrade() -> None:
    op.create_table(
        "event_day_counts",
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("days", sa.String(length=32), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event", "days", name=op.f("pk_event_day_counts")),
    )
    op.create_table(
        "actor_counts",
        sa.Column("actor_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("sector", sa.Text(), nullable=True),
        sa.Column("generic", sa.Integer(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_actor_counts")),
    )
    op.create_table(
        "place_counts",
        sa.Column("place_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("feature", sa.Text(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("locational_mentions", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("place_id", name=op.f("pk_place_counts")),
    )
    for stmt in _fill(op.get_bind().dialect.name):
        op.execute(sa.text(stmt))


def downgrade() -> None:
    op.drop_table("place_counts")
    op.drop_table("actor_counts")
    op.drop_table("event_day_counts")
