"""The bounds of the web's query parameters, one definition for the API and the pages."""

from __future__ import annotations

from watchfloor.knowledge.plover import load_plover

MAX_LIMIT = 500  # items per page of a list
MAX_OFFSET = 1_000_000_000
MAX_TEXT = 200  # characters of a text parameter (ids, names, search query)
MAX_WORDS = 8  # words of a search query
EVENT_TYPES = tuple(sorted(load_plover().types))

# No NUL: PostgreSQL text cannot hold it, so no id or name in the store has one.
TEXT_PATTERN = r"^[^\x00]*$"
