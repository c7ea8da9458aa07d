"""Near-duplicate detection: reprints are found, different stories are not, lookups use the index."""

from __future__ import annotations

from pathlib import Path

from watchfloor.link.duplicates import (
    BANDS,
    MIN_SHINGLES,
    DuplicateIndex,
    band_keys,
    comparable_signature,
    near_duplicate_groups,
    pack,
    signature,
    similarity,
    unpack,
)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
SEED0, SEED1 = (p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))


def test_reprint_with_other_headline_and_footer_is_a_near_duplicate() -> None:
    body = SEED0.split("\n", 2)[2]
    reprint = (
        "Iraq: US troops on alert (wire)\n\n" + body + "\n\nRead more on our site. Copyright 2019."
    )
    assert similarity(signature(SEED0), signature(reprint)) >= 0.7
    groups = near_duplicate_groups([("a", SEED0), ("b", SEED1), ("c", reprint)])
    assert groups == {"c": "a"}


def test_two_stories_on_the_same_topic_are_not_duplicates() -> None:
    assert similarity(signature(SEED0), signature(SEED1)) < 0.1
    assert near_duplicate_groups([("a", SEED0), ("b", SEED1)]) == {}


def test_signatures_are_stable_and_index_finds_candidates_without_scanning() -> None:
    assert (signature(SEED1) == signature(SEED1)).all()
    index = DuplicateIndex()
    words = [f"w{i}" for i in range(10_000)]
    for i in range(200):  # distinct texts long enough to be indexed
        assert index.add(f"filler{i}", " ".join(words[i * 40 : (i + 1) * 40])) == []
    assert len(index.signatures) == 200
    index.add("seed1", SEED1)
    edited = SEED1.replace("In a perplexing development", "In a puzzling development")
    assert index.match(edited)[0][0] == "seed1"
    assert index.match("a completely different text about harvest festivals and football") == []


def test_empty_and_short_texts() -> None:
    assert near_duplicate_groups([("a", ""), ("b", "short text")]) == {}


def test_texts_too_short_to_compare_are_not_indexed() -> None:
    short = " ".join(f"w{i}" for i in range(MIN_SHINGLES + 3))  # MIN_SHINGLES - 1 shingles
    long = " ".join(f"w{i}" for i in range(MIN_SHINGLES + 4))
    assert comparable_signature(short) is None
    assert comparable_signature(long) is not None
    index = DuplicateIndex()
    assert index.add("a", short) == [] and index.add("b", short) == []
    assert index.signatures == {}


def test_band_keys_and_packed_signatures_are_stable_database_values() -> None:
    sig = signature(SEED0)
    keys = band_keys(sig)
    assert len(keys) == BANDS
    assert all(-(2**63) <= k < 2**63 for k in keys)  # fits a BIGINT column
    assert keys == band_keys(signature(SEED0))
    assert (unpack(pack(sig)) == sig).all()
    assert len(pack(sig)) == 4 * len(sig)
    edited = signature(SEED0.replace("reinforcements", "troops", 1))
    assert set(keys) & set(band_keys(edited))  # a light edit shares bands
    assert not set(keys) & set(band_keys(signature(SEED1)))
