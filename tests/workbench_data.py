"""A store of real articles for the workbench tests: the demo seeds, the hostile article
and news texts of ../shared/eval (ECB+ topics 1-35 and LGL), never copied into the repo.

    python tests/workbench_data.py OUT.db [--ecb 4] [--lgl 40]

``build(url)`` reads ``ECB_PER_TOPIC`` articles of each ECB+ topic 1-35 (their
first lines are often the article's URL, then its headline) and the first
``LGL_DOCS`` LGL articles, plus the two seeds and the hostile article of
tests/test_ui.py, and ingests them with ``watchfloor ingest`` (every store
hook: copies, stories, link facts). The selection is fixed, so the store is
the same on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from click.testing import CliRunner

from watchfloor.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WATCHFLOOR_SHARED", ROOT.parent / "shared")).resolve()
ECB = ("story_clustering", "ecbplus_stories_topics_1_35.jsonl")
LGL = ("geoparsing", "lgl.jsonl")
ECB_PER_TOPIC = 4  # 35 topics x 4 = 140 articles, two real-world events per topic
LGL_DOCS = 40
SAMPLES = ROOT / "src" / "watchfloor" / "samples"


def articles(
    ecb_per_topic: int = ECB_PER_TOPIC, lgl_docs: int = LGL_DOCS, shared: Path = SHARED
) -> list[dict[str, str]]:
    """The batch records: id, text and dct (when the corpus gives one) of each article."""
    out: list[dict[str, str]] = []
    taken: dict[str, int] = {}
    with shared.joinpath("eval", *ECB).open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            topic = rec["gold"]["topic"]
            if int(topic) > 35 or taken.get(topic, 0) >= ecb_per_topic:
                continue
            taken[topic] = taken.get(topic, 0) + 1
            out.append({"id": rec["id"], "text": rec["text"], **_dct(rec)})
    with shared.joinpath("eval", *LGL).open(encoding="utf-8") as f:
        for line in f:
            if sum(1 for a in out if a["id"].startswith("lgl-")) >= lgl_docs:
                break
            rec = json.loads(line)
            out.append({"id": rec["id"], "text": rec["text"], **_dct(rec)})
    return out


def _dct(rec: dict[str, object]) -> dict[str, str]:
    return {"dct": str(rec["dct"])} if rec.get("dct") else {}


def build(
    url: str,
    tmp: Path,
    ecb_per_topic: int = ECB_PER_TOPIC,
    lgl_docs: int = LGL_DOCS,
    shared: Path = SHARED,
) -> int:
    """Ingest the seeds, the hostile article and the real articles into ``url``; returns
    the number of documents given."""
    from test_ui import HOSTILE

    batch = tmp / "workbench.jsonl"
    records = [HOSTILE, *articles(ecb_per_topic, lgl_docs, shared)]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    seeds = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    for args in (["ingest", *seeds, "--db", url], ["ingest", str(batch), "--db", url]):
        done = CliRunner().invoke(main, args)
        if done.exit_code != 0:
            raise RuntimeError(done.output)
    batch.unlink()
    return len(seeds) + len(records)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--ecb", type=int, default=ECB_PER_TOPIC)
    ap.add_argument("--lgl", type=int, default=LGL_DOCS)
    a = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    print(build(a.out, Path(a.out).parent, a.ecb, a.lgl), "documents given")
