"""Story linking time per document at 1k, 10k and 100k stored documents.

Linking a document (watchfloor.link.stories.link_one on the store's tables, what ``Store.add``
runs for a new document) must cost about the same whatever the store holds:
it looks up its terms' document frequencies, the stories posted under its
salient keys (at most STORIES_PER_KEY per key), and at most MAX_CANDIDATES
story profiles.

The store (a SQLite file) is filled with the state that linking N documents
leaves: stories of about STORY_SIZE documents made from the real ECB+ texts of
../shared/eval (never copied into the repo): each story is a real text with a
fifth of its terms replaced by a vocabulary of its own and synthetic actors,
places and dates; its centroid, index keys and the document frequencies are
computed from those texts exactly as linking computes them. Filling is bulk
(inserting 100k documents one link at a time would take an hour on this
machine); what is timed is linking, one document at a time:

* PROBES documents at each size: half are new reports of stored stories (a
  real text perturbed with a stored story's vocabulary), half new stories;
* each probe is linked in its own transaction and rolled back, so every probe
  sees the same store of N documents;
* median and p90 wall-clock milliseconds, and median CPU milliseconds (less
  sensitive to other processes on a shared machine).

    python bench/link.py [--sizes 1000,10000,100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.link import stories
from watchfloor.store import Store
from watchfloor.store import schema as t
from watchfloor.store.link_tables import DOCUMENTS_COUNTER, StoryTables

CORPUS = ("story_clustering", "ecbplus_stories_topics_1_35.jsonl")
STORY_SIZE = 8  # documents per synthetic story
PROBES = 200  # links timed at each size
SEED = 20261130
ACTORS, PLACES = 20_000, 5_000
BATCH = 5_000  # rows per executemany while filling


class Synth:
    """Synthetic stories and documents made from real texts, reproducibly."""

    def __init__(self, texts: list[str], seed: int = SEED) -> None:
        self.texts = texts
        self.rng = random.Random(seed)
        self.base_terms = [stories.terms_of(x) for x in texts]
        # document frequency of each term among the real texts
        self.base_df: Counter[str] = Counter(term for ts in self.base_terms for term in ts)

    def story(self, k: int) -> dict[str, Any]:
        rng = self.rng
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
        return {
            "words": [f"Storyname{k}x{i}" for i in range(12)],
            "base": rng.randrange(len(self.texts)),
            "day": day,
            "entities": frozenset(
                [f"actor:syn.actor.{rng.randrange(ACTORS)}" for _ in range(2)]
                + [f"place:syn.place.{rng.randrange(PLACES)}"]
            ),
        }

    def document(self, doc_id: str, story: dict[str, Any]) -> stories.Features:
        """A report of ``story``: its real text's terms, a fifth of them replaced by
        the story's own words (at the term level: tokenizing 100k texts is not the
        point of this bench)."""
        rng = self.rng
        terms: dict[str, float] = {}
        for term, weight in self.base_terms[story["base"]].items():
            if rng.random() < 0.2:
                word = rng.choice(story["words"]).lower()
                terms[word] = terms.get(word, 0.0) + 1.0
            else:
                terms[term] = weight
        day = story["day"] + dt.timedelta(days=rng.randrange(10))
        return stories.Features(
            document_id=doc_id,
            terms=terms,
            entities=story["entities"],
            earliest=day,
            latest=day,
            title="",
            year=day.year,
        )


def fill(conn: Any, synth: Synth, start: int, stop: int, kept: list[dict[str, Any]]) -> None:
    """Bulk-write the state linking documents start..stop-1 leaves (STORY_SIZE per story)."""
    now = dt.datetime.now(dt.UTC)
    docs: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    story_rows: list[dict[str, Any]] = []
    key_rows: list[dict[str, Any]] = []
    df_add: Counter[str] = Counter()
    for first in range(start, stop, STORY_SIZE):
        story = synth.story(first)
        kept.append(story)
        sid = stories.story_id_for(f"bench-{first}")
        profile = stories.new_profile(sid, first + 1)
        keys: dict[str, int] = {}
        for seq in range(first + 1, min(first + STORY_SIZE, stop) + 1):
            feats = synth.document(f"bench-{seq - 1}", story)
            df_add.update(feats.terms)
            # document frequencies as the corpus scaled to the store's size
            scale = seq / len(synth.texts)
            df = {term: max(1, round(synth.base_df.get(term, 0) * scale)) for term in feats.terms}
            vec = stories.vector(feats.terms, df, seq)
            profile = stories.absorb(profile, vec, feats)
            for key in stories.index_keys(vec, feats.entities):
                keys[key] = seq
            docs.append(
                {
                    "id": feats.document_id,
                    "content_hash": f"{seq:064x}",
                    "raw": "",
                    "text": "",
                    "dct_how": "given",
                    "removed": [],
                    "ingested_at": now,
                    "dct_reasons": [],
                }
            )
            members.append(
                {
                    "document_id": feats.document_id,
                    "story_id": sid,
                    "seq": seq,
                    "score": 0.5,
                    "earliest": feats.earliest,
                    "latest": feats.latest,
                }
            )
        story_rows.append(
            {
                "id": sid,
                "scheme": stories.NAME,
                "seq": profile.seq,
                "size": profile.size,
                "earliest": profile.earliest,
                "latest": profile.latest,
                "centroid": profile.centroid,
                "entities": profile.entities,
            }
        )
        key_rows += [{"key": k, "story_id": sid, "last_seq": s} for k, s in keys.items()]
    for table, rows in (
        (t.documents, docs),
        (t.stories, story_rows),
        (t.story_documents, members),
        (t.story_keys, key_rows),
    ):
        for i in range(0, len(rows), BATCH):
            conn.execute(table.insert(), rows[i : i + BATCH])
    c = t.term_df.c
    known = dict(conn.execute(sa.select(c.term, c.df)).all())
    conn.execute(t.term_df.delete())
    merged = Counter(known)
    merged.update(df_add)
    rows = [{"term": k, "df": v} for k, v in merged.items()]
    for i in range(0, len(rows), BATCH):
        conn.execute(t.term_df.insert(), rows[i : i + BATCH])
    conn.execute(t.link_counters.delete())
    conn.execute(t.link_counters.insert().values(name=DOCUMENTS_COUNTER, value=stop))


def probe(store: Store, synth: Synth, size: int, kept: list[dict[str, Any]]) -> dict[str, float]:
    """Link PROBES documents into a store of ``size`` documents, each rolled back."""
    wall: list[float] = []
    cpu: list[float] = []
    joined = 0
    for i in range(PROBES):
        story = synth.rng.choice(kept) if i % 2 == 0 else synth.story(10**9 + i)
        feats = synth.document(f"probe-{size}-{i}", story)
        with store.engine.connect().execution_options(wf_write=True) as conn:
            tx = conn.begin()
            conn.execute(
                t.documents.insert().values(
                    id=feats.document_id,
                    content_hash=f"p{size}-{i}",
                    raw="",
                    text="",
                    dct_how="given",
                    removed=[],
                    ingested_at=dt.datetime.now(dt.UTC),
                    dct_reasons=[],
                )
            )
            w0, c0 = time.perf_counter(), time.process_time()
            decision = stories.link_one(stories.SqlIndex(StoryTables(conn)), feats)
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            joined += decision.story_id is not None
            tx.rollback()
    return {
        "wall_ms_median": round(statistics.median(wall), 3),
        "wall_ms_p90": round(statistics.quantiles(wall, n=10)[-1], 3),
        "cpu_ms_median": round(statistics.median(cpu), 3),
        "joined_a_story": joined,
    }


def run(sizes: list[int]) -> dict[str, Any]:
    texts = [r["text"] for r in records(eval_path(*CORPUS)) if len(r["text"]) > 400]
    synth = Synth(texts)
    out: dict[str, Any] = {}
    kept: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        done = 0
        for size in sorted(sizes):
            started = time.perf_counter()
            with store.engine.connect().execution_options(wf_write=True) as conn, conn.begin():
                fill(conn, synth, done, size, kept)
            done = size
            print(f"  filled {size:,} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            out[str(size)] = probe(store, synth, size, kept)
        store.close()
    first, last = str(min(sizes)), str(max(sizes))
    return {
        "sizes": out,
        "ratio_wall_largest_to_smallest": round(
            out[last]["wall_ms_median"] / out[first]["wall_ms_median"], 3
        ),
        "ratio_cpu_largest_to_smallest": round(
            out[last]["cpu_ms_median"] / out[first]["cpu_ms_median"], 3
        ),
        "probes": PROBES,
        "story_size": STORY_SIZE,
    }


def report(out: dict[str, Any]) -> None:
    for size, f in out["sizes"].items():
        print(
            f"story linking at {int(size):>7,} stored documents: {f['wall_ms_median']:.2f} ms "
            f"median ({f['wall_ms_p90']:.2f} p90), {f['cpu_ms_median']:.2f} ms CPU; "
            f"{f['joined_a_story']}/{out['probes']} probes joined a story"
        )
    print(
        f"ratio largest/smallest: {out['ratio_wall_largest_to_smallest']:.2f} wall, "
        f"{out['ratio_cpu_largest_to_smallest']:.2f} CPU (goal: flat, about 1)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    out = run(sorted(int(s) for s in args.sizes.split(",")))
    report(out)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
