"""Words: a text and an alias cut into words, each reduced to the key they match on.

The words of a text are letters and digits, with inner apostrophes and dots
kept in the word, hyphens and spaces between words; each word's key is its
lower case with accents, apostrophes and dots removed, so "Kata'ib", "Kata’ib"
and "Kataib", or "Abdul-Mahdi" and "Abdul Mahdi", or "U.S." and "US" share
keys. A word's case shape is what an alias word may ask of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘`´.][^\W_]+)*\.?")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘`´.")
_POSSESSIVE = re.compile(r"^(.{2,}?)['’ʼ][sS]$")
NONE, CAP, UPPER = 0, 1, 2  # what a word's case must be for an alias word to match it


class Word(NamedTuple):
    """One word of a text: its character span, match key and case shape.

    A named tuple, not a dataclass: a document has thousands of words, and a
    tuple is made several times faster."""

    start: int
    end: int
    key: str
    shape: int  # UPPER (acronym: all letters upper), CAP (initial upper) or NONE


@lru_cache(maxsize=65536)
def word_key(surface: str) -> str:
    """Lower case, no accents, no apostrophes or dots: the key aliases and text share."""
    decomposed = unicodedata.normalize("NFKD", surface.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _shape(surface: str) -> int:
    letters = [c for c in surface if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return UPPER
    return CAP if letters and letters[0].isupper() else NONE


@lru_cache(maxsize=65536)
def _word_parts(surface: str) -> tuple[tuple[int, int, str, int], ...]:
    """The words of one match of _WORD: (start, end) offsets in it, key and shape.

    Kept per surface: a document repeats most of its words, and so do documents."""
    end = len(surface)
    if surface.endswith(".") and "." not in surface[:-1]:
        end -= 1  # a sentence full stop, not an abbreviation ("U.S.")
        surface = surface[:-1]
    poss = _POSSESSIVE.match(surface)
    if poss:
        base = poss.group(1)
        return (0, len(base), word_key(base), _shape(base)), (len(base), end, "s", NONE)
    return ((0, end, word_key(surface), _shape(surface)),)


def words(text: str) -> list[Word]:
    """Cut ``text`` into words; a possessive "'s" is a word of its own (key "s")."""
    out: list[Word] = []
    new = tuple.__new__  # Word(...) without the call of its __new__
    for m in _WORD.finditer(text):
        start = m.start()
        for a, b, key, shape in _word_parts(m.group()):
            out.append(new(Word, (start + a, start + b, key, shape)))
    return out


@lru_cache(maxsize=4)
def text_words(text: str) -> tuple[Word, ...]:
    """``words`` of a whole document, kept for the next stage that asks (actors, then dct)."""
    return tuple(words(text))


# Name particles whose case varies in news copy ("Al-Awsat" / "al-Awsat"): never case-checked.
PARTICLES = frozenset(
    {"al", "el", "ad", "ed", "as", "ash", "at", "az", "bin", "ibn", "bint", "abu", "of", "the"}
    | {"de", "la", "le", "du", "van", "von", "der", "s"}
)


def alias_words(alias: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """An alias's word keys and the case each text word must have (the match form)."""
    ws = words(alias)
    shapes = tuple(NONE if w.key in PARTICLES and w.shape != UPPER else w.shape for w in ws)
    return tuple(w.key for w in ws), shapes


def shape_ok(wanted: Sequence[int], got: Sequence[Word]) -> bool:
    for need, w in zip(wanted, got, strict=True):
        if need == UPPER and w.shape != UPPER:
            return False
        if need == CAP and w.shape == NONE:
            return False
    return True
