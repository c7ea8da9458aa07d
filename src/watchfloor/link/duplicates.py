"""Near-duplicate documents: one wire story reprinted by several sites.

A reprint is not an independent source, so linking needs to know which
documents are copies of each other even when their boilerplate, headline or a
sentence differ. Method: word 5-gram shingles of the clean text, a MinHash
signature per document, and banded locality-sensitive hashing, so finding the
candidates for a new document is a few dictionary lookups (an index, not a
scan over the store); candidates are confirmed by their estimated Jaccard
similarity.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

NAME = "duplicates.v1"

# 5-word shingles: long enough that two unrelated news texts share almost none,
# short enough that a changed sentence changes few of them.
SHINGLE_WORDS = 5
PERMUTATIONS = 64
# 16 bands of 4 rows: a pair with Jaccard similarity s becomes a candidate with
# probability 1 - (1 - s^4)^16 — 0.99 at s = 0.6, 0.05 at s = 0.2.
BANDS, ROWS = 16, 4
# Estimated Jaccard similarity of shingle sets at or above which two texts are
# the same text (a reprint with a different headline or footer stays above it).
NEAR_DUPLICATE_JACCARD = 0.7
# Texts with fewer shingles than this (under ~24 words: a headline, a teaser)
# are not compared: each shingle moves their Jaccard estimate by 5 points or
# more, so one edited word can make or break a match. Exact copies still match
# by content hash.
MIN_SHINGLES = 20
# The largest 32-bit prime: with 32-bit hashes, a*h + b stays below 2**64.
_PRIME = 4_294_967_291
_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20190310)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's shingle set (all at the maximum for an empty text)."""
    sh = shingles(text)
    if not sh:
        return np.full(PERMUTATIONS, _PRIME, dtype=np.uint64)
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in sh),
        dtype=np.uint64,
        count=len(sh),
    )
    permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) % np.uint64(_PRIME)
    return permuted.min(axis=1)


def comparable_signature(text: str) -> np.ndarray | None:
    """The signature of ``text``, or None when it is too short to compare (MIN_SHINGLES)."""
    if len(shingles(text)) < MIN_SHINGLES:
        return None
    return signature(text)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two shingle sets from their signatures."""
    return float(np.mean(a == b))


def band_keys(sig: np.ndarray) -> list[int]:
    """One key per LSH band: a signed 64-bit hash of (band number, band values).

    Two signatures share a key exactly when they agree on a whole band, so the
    keys can live in an indexed database column (BIGINT) and candidates for a
    new signature are found by looking its BANDS keys up.
    """
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def pack(sig: np.ndarray) -> bytes:
    """A signature as bytes (little-endian 32-bit values: every value is below _PRIME)."""
    return sig.astype("<u4").tobytes()


def unpack(data: bytes) -> np.ndarray:
    """The signature ``pack`` wrote."""
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)


@dataclass
class DuplicateIndex:
    """An LSH index of document signatures; add documents one at a time."""

    signatures: dict[str, np.ndarray] = field(default_factory=dict)
    buckets: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))

    def match(self, text: str) -> list[tuple[str, float]]:
        """Stored documents that are near-duplicates of ``text``, most similar first."""
        sig = comparable_signature(text)
        return [] if sig is None else self.match_signature(sig)

    def match_signature(self, sig: np.ndarray) -> list[tuple[str, float]]:
        """Indexed documents whose signature is within NEAR_DUPLICATE_JACCARD of ``sig``."""
        candidates = {doc for key in band_keys(sig) for doc in self.buckets.get(key, ())}
        scored = [(d, similarity(sig, self.signatures[d])) for d in candidates]
        return sorted(
            ((d, s) for d, s in scored if s >= NEAR_DUPLICATE_JACCARD), key=lambda x: (-x[1], x[0])
        )

    def add(self, doc_id: str, text: str) -> list[tuple[str, float]]:
        """Index a document; return the near-duplicates it has among those already added."""
        sig = comparable_signature(text)
        return [] if sig is None else self.add_signature(doc_id, sig)

    def add_signature(self, doc_id: str, sig: np.ndarray) -> list[tuple[str, float]]:
        """Index a signature; return the near-duplicates it has among those already added."""
        found = self.match_signature(sig)
        self.signatures[doc_id] = sig
        for key in band_keys(sig):
            self.buckets[key].append(doc_id)
        return found


def near_duplicate_groups(docs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each document id that copies an earlier one to the id of the first copy."""
    index = DuplicateIndex()
    first_of: dict[str, str] = {}
    for doc_id, text in docs:
        found = index.add(doc_id, text)
        if found:
            first_of[doc_id] = first_of.get(found[0][0], found[0][0])
    return first_of
