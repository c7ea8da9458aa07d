"""Near-duplicate detection: reprints are found, different stories are not, lookups use the index."""

from __future__ import annotations

from pathlib import Path

from watchfloor.link.duplicates import DuplicateIndex, near_duplicate_groups, signature, similarity

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
    for i in range(200):
        index.add(f"filler{i}", f"unrelated report number {i} about weather in town {i} " * 3)
    index.add("seed1", SEED1)
    edited = SEED1.replace("In a perplexing development", "In a puzzling development")
    assert index.match(edited)[0][0] == "seed1"
    assert index.match("a completely different text about harvest festivals and football") == []


def test_empty_and_short_texts() -> None:
    assert near_duplicate_groups([("a", ""), ("b", "short text")]) == {}
