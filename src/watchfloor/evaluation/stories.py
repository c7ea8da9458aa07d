"""Story clustering measured on ECB+ (topics 1-35), end to end from raw text.

Every article is read by the pipeline (no publication date given: the corpus
gives one only to some ECB+ articles of the second story of each topic, so
using it would leak the answer), then clustered online in file order, which is
taken as arrival order. Scored against ``gold.story`` with B-cubed P/R/F1
(Bagga & Baldwin 1998) and the adjusted Rand index (Hubert & Arabie 1985).

Splits: held-out topics are those whose number mod 4 == 3 (3, 7, 11, 19, 23,
27, 31, 35), never used for tuning; dev is every other topic. Each split is
clustered on its own. Baselines for context: one cluster per gold topic (what
a perfect topic detector with no time awareness would score), and the same
online clusterer on plain word TF-IDF alone (no name weighting, entities or
dates), its threshold tuned on dev like the full method's.

    python -m watchfloor.evaluation.stories [--split dev|heldout|all] [--json]

spaCy parses are cached between runs (``corpus.parsed``: the temporary folder
or $WATCHFLOOR_EVAL_CACHE, never the repository); the extractors always run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.link import stories
from watchfloor.vocab import Document, Reading

CORPUS = ("story_clustering", "ecbplus_stories_topics_1_35.jsonl")
HELDOUT_MOD = 3  # held-out topics: int(topic) % 4 == 3
# The TF-IDF-only baseline's threshold, tuned on dev (grid 0.10..0.50 by 0.02).
BASELINE_THRESHOLD = 0.2


def bcubed(
    pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` against ``gold`` (same items)."""
    items = sorted(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_members: dict[Hashable, set[str]] = {}
    gold_members: dict[Hashable, set[str]] = {}
    for i in items:
        pred_members.setdefault(pred[i], set()).add(i)
        gold_members.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        c, g = pred_members[pred[i]], gold_members[gold[i]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Adjusted Rand index of ``pred`` against ``gold`` (1.0 for identical partitions)."""
    items = sorted(gold)
    table = Counter((pred[i], gold[i]) for i in items)
    rows = Counter(pred[i] for i in items)
    cols = Counter(gold[i] for i in items)
    index = sum(_pairs(n) for n in table.values())
    a = sum(_pairs(n) for n in rows.values())
    b = sum(_pairs(n) for n in cols.values())
    total = _pairs(len(items))
    if total == 0:
        return 1.0
    expected = a * b / total
    best = (a + b) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)


def in_split(record: Mapping[str, Any], split: str) -> bool:
    held = int(record["gold"]["topic"]) % 4 == HELDOUT_MOD
    return split == "all" or (split == "heldout") == held


def _document(record: Mapping[str, Any]) -> Document:
    text = record["text"]
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=record["id"], text=text, raw=text, content_hash=digest)


def read_all(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Document, Reading]]:
    """Every record read by the pipeline (no dct); parses cached (``corpus.parsed``)."""
    from watchfloor.errors import WatchfloorError
    from watchfloor.evaluation.corpus import parsed
    from watchfloor.extract.pipeline import EXTRACTOR, Resources, read_parsed

    res = Resources.load()
    docs = [_document(r) for r in rows]
    out: list[tuple[Document, Reading]] = []
    for doc, parse in zip(docs, parsed([d.text for d in docs], res.nlp), strict=True):
        try:
            out.append(read_parsed(doc, parse, res))
        except WatchfloorError:  # an extractor failure: link on text alone
            out.append((doc, Reading(document_id=doc.id, extractor=EXTRACTOR)))
    return out


def baseline_weights(threshold: float = BASELINE_THRESHOLD) -> stories.Weights:
    """Text alone: no entities, names, dates or years; one threshold at every size."""
    return stories.Weights(
        entity=0.0,
        threshold=threshold,
        max_gap_days=None,
        year_penalty=0.0,
        threshold_large=threshold,
        names=0.0,
    )


def plain_features(doc: Document, reading: Reading) -> stories.Features:
    """Features of the TF-IDF-only baseline: words alone, no name weight, no entities, no dates."""
    return stories.Features(
        doc.id, stories.terms_of(doc.text, 1.0, names=False), frozenset(), None, None, ""
    )


def scores(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    p, r, f = bcubed(pred, gold)
    return {
        "bcubed_p": round(p, 4),
        "bcubed_r": round(r, 4),
        "bcubed_f1": round(f, 4),
        "ari": round(adjusted_rand(pred, gold), 4),
        "stories": len(set(pred.values())),
    }


def evaluate(
    split: str = "all",
    weights: stories.Weights | None = None,
    path: Path | None = None,
    through_store: bool = False,
) -> dict[str, Any]:
    """Figures of one split. ``through_store``: link by ``Store.add`` into an
    in-memory SQLite store (what ``ingest`` does) instead of the in-memory index."""
    rows = list(records(path or eval_path(*CORPUS)))
    pairs = read_all(rows)
    chosen = [(r, pair) for r, pair in zip(rows, pairs, strict=True) if in_split(r, split)]
    gold = {r["id"]: r["gold"]["story"] for r, _ in chosen}
    started = time.perf_counter()
    if through_store:
        pred = cluster_in_store([pair for _, pair in chosen])
    else:
        pred = stories.cluster(
            (stories.features(d, rd) for _, (d, rd) in chosen), weights or stories.Weights()
        )
    elapsed = time.perf_counter() - started
    base = stories.cluster((plain_features(d, rd) for _, (d, rd) in chosen), baseline_weights())
    topic = {r["id"]: r["gold"]["topic"] for r, _ in chosen}
    dated = sum(1 for _, (d, rd) in chosen if stories.when(d, rd)[0] is not None)
    return {
        "split": split,
        "documents": len(chosen),
        "gold_stories": len(set(gold.values())),
        "documents_with_dates": dated,
        "stories": scores(pred, gold),
        "baseline_tfidf": scores(base, gold),
        "baseline_one_per_topic": scores(topic, gold),
        "ms_per_document": round(1000 * elapsed / max(1, len(chosen)), 3),
    }


def cluster_in_store(pairs: Sequence[tuple[Document, Reading]]) -> dict[str, str]:
    """Document id -> story id, each pair stored by ``Store.add`` (which links it)."""
    from watchfloor.store import Store

    out: dict[str, str] = {}
    with Store.open(":memory:") as store:
        for doc, reading in pairs:
            stored = store.add(doc, reading).document_id  # an exact copy: the stored one's
            story = store.story_of(stored)
            assert story is not None, f"{stored} was not linked"
            out[doc.id] = story
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--store",
        action="store_true",
        help="link through Store.add on an in-memory SQLite store (slower; same result)",
    )
    args = ap.parse_args(argv)
    out = evaluate(args.split, through_store=args.store)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(
        f"ECB+ stories, split {out['split']}: {out['documents']} documents, "
        f"{out['gold_stories']} gold stories, {out['documents_with_dates']} with dates"
    )
    for name in ("stories", "baseline_tfidf", "baseline_one_per_topic"):
        s = out[name]
        print(
            f"  {name:24} B3 P {s['bcubed_p']:.3f} R {s['bcubed_r']:.3f} F1 {s['bcubed_f1']:.3f}"
            f"  ARI {s['ari']:.3f}  ({s['stories']} clusters)"
        )
    where = "Store.add, SQLite in memory" if args.store else "in memory"
    print(f"  linking: {out['ms_per_document']} ms per document ({where})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
