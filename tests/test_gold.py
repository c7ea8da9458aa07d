"""Acceptance: every item of ../shared/seeds/gold.yaml against `read`.

The first seed is read with --dct 2019-03-10, the second without. The floor
is 90% of the items; the pin below is what the extractors reach today, so a
regression on any item fails. Every miss is printed with its reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.evaluation.seeds import Checker, check

FLOOR = 0.90  # the acceptance floor of the spine
PINNED_PASSES = 77  # measured 77 of 80 (96.2%); a drop below it fails


@pytest.mark.shared
@pytest.mark.slow
def test_seed_gold_items(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = check(shared)
    passed = [i for i in items if i.passed]
    misses = [i for i in items if not i.passed]
    with capsys.disabled():
        print(f"\nseeds gold: {len(passed)}/{len(items)} items pass")
        for i in misses:
            print(f"  MISS {i.document} {i.kind}: {i.name} -- {i.reason}")
    assert len(items) > 60, "the gold file should yield every item"
    assert len(passed) / len(items) >= FLOOR
    assert len(passed) >= PINNED_PASSES
    # Issue 7, acceptance 1: every source chain of the gold passes.
    chains = [i for i in items if i.kind == "event source"]
    assert chains and all(i.passed for i in chains), [i for i in chains if not i.passed]


def _checker() -> Checker:
    actor = {"id": "irq.insider", "name": "anonymous insider (Iraq)", "country": "IRQ"}
    return Checker("t", {"text": "", "actors": [actor], "claims": [], "events": []})


@pytest.mark.parametrize(
    ("gold", "count", "passes"),
    [
        ("three Iraqi insiders", 3, True),
        ("insiders", None, True),
        ("two Iraqi insiders", 3, False),  # the count must agree
        ("three Syrian insiders", 3, False),  # the affiliation must agree
        ("three Iraqi officials", 3, False),  # every other word must be in the source
        ("three Iraqi", 3, False),  # a description needs a word of the source itself
    ],
)
def test_chain_source_description_rule(gold: str, count: int | None, passes: bool) -> None:
    source = {
        "text": "insiders within Iraq, including three prominent individuals",
        "actor": "irq.insider",
        "count": count,
        "kind": "anonymous",
    }
    assert _checker()._source_matches(gold, source) is passes
