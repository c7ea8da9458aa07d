"""Property over every gold corpus in ../shared/eval: boilerplate removal never
cuts into a gold span (a toponym, a time expression, an attribution, an event
mention...). The corpora are real news articles; anything we cut from them
must be outside everything the annotators marked."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from watchfloor.ingest.boilerplate import clean

pytestmark = [pytest.mark.shared, pytest.mark.slow]

CORPORA = (
    "geoparsing/lgl.jsonl",
    "temporal/timebank.jsonl",
    "temporal/aquaint.jsonl",
    "attribution/polnear_train_dev.jsonl",
    "event_coref/ecbplus_topics_1_35.jsonl",
)


def gold_spans(obj: Any) -> Iterator[tuple[int, int]]:
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
            yield obj["start"], obj["end"]
        for v in obj.values():
            yield from gold_spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from gold_spans(v)


@pytest.mark.parametrize("rel", CORPORA)
def test_no_gold_span_falls_in_a_removed_region(
    shared: Path, rel: str, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = spans = 0
    cut: Counter[str] = Counter()
    hits = []
    with (shared / "eval" / rel).open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            _, removed = clean(rec["text"])
            docs += 1
            regions = [r for r in removed if r.reason != "whitespace"]
            cut.update(r.reason for r in regions)
            for start, end in gold_spans(rec.get("gold")):
                spans += 1
                for r in regions:
                    if start < r.end and r.start < end:
                        hits.append((rec["id"], rec["text"][start:end], r.reason, r.text[:60]))
    with capsys.disabled():
        print(f"\n{rel}: {docs} docs, {spans} gold spans, cut {dict(cut) or 'nothing'}")
    assert docs > 0 and spans > 0
    assert hits == []
