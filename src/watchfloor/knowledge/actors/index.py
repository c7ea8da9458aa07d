"""The name index: candidate mentions, and the hash tables of key tuples they are found in.

Aliases are stored in hash tables of key tuples with their prefixes (a token
trie); a scan walks every word start once, so its cost does not grow with the
number of aliases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from watchfloor.knowledge.actors.words import Word, alias_words, shape_ok

# Longest alias, in words, the scanner tries from one start word; a bound that
# keeps the scan linear (the longest packaged alias has 8 words).
MAX_ALIAS_WORDS = 10


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible actor mention: words ``start``..``end`` (exclusive) of a word list.

    ``kind``: "name" (a KB alias), "class" (country + class noun, or a bare
    typed unknown), "role" (country + office title), "country" (a country
    name or demonym alone, kept for the parse rules of the extractor).
    """

    start: int
    end: int
    kind: str
    priority: int
    actor_id: str | None = None
    country: str | None = None
    class_key: str | None = None
    title: str | None = None
    is_name: bool = False  # for "country": a country name ("Iraq", "US")
    is_demonym: bool = False  # for "country": an adjective ("Iraqi", "US")


@dataclass(frozen=True, slots=True)
class Entry:
    shapes: tuple[int, ...]
    payload: tuple[str, str | None]  # (kind-specific id, country or None)


class Table:
    """Key-tuple -> entries, with every proper prefix recorded (a hash trie)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], list[Entry]] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.first_words: set[str] = set()  # a quick "no match here" for most words

    def add(self, surface: str, payload: tuple[str, str | None]) -> None:
        keys, shapes = alias_words(surface)
        self.add_keys(keys, shapes, payload)

    def add_keys(
        self, keys: tuple[str, ...], shapes: tuple[int, ...], payload: tuple[str, str | None]
    ) -> None:
        if not keys or len(keys) > MAX_ALIAS_WORDS:
            return
        bucket = self.entries.setdefault(keys, [])
        entry = Entry(shapes, payload)
        if entry not in bucket:
            bucket.append(entry)
        for i in range(1, len(keys)):
            self.prefixes.add(keys[:i])
        self.first_words.add(keys[0])

    def match(self, ws: Sequence[Word], i: int) -> list[tuple[int, Entry]]:
        """All (end, entry) whose keys equal words i..end and whose case fits."""
        found: list[tuple[int, Entry]] = []
        if i >= len(ws) or ws[i].key not in self.first_words:
            return found
        key: tuple[str, ...] = ()
        for j in range(i, min(len(ws), i + MAX_ALIAS_WORDS)):
            key = (*key, ws[j].key)
            for e in self.entries.get(key, ()):
                if shape_ok(e.shapes, ws[i : j + 1]):
                    found.append((j + 1, e))
            if key not in self.prefixes:
                break
        return found
