"""Byte-identical output check for speed work on the stages.

Reads the first N articles of the bench corpus (bench/run.py: build_corpus),
serializes every reading with ``document_reading_to_dict`` to canonical JSON,
and writes one line per article (id, sha256, JSON) to a file outside the repo.
``--compare`` reads again and reports every article whose JSON differs, with the
top-level keys that differ.

    # before a change: the reading of a pristine copy of src/
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/equivalence.py --write /tmp/eq_before.jsonl
    # after it
    .venv/bin/python bench/equivalence.py --compare /tmp/eq_before.jsonl

The file holds readings of corpus text: keep it in /tmp, never in the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_DOCS = 200


def readings(n: int) -> list[tuple[str, str]]:
    """(article id, canonical JSON of its reading) for the first n bench articles."""
    import run  # bench/run.py
    from watchfloor.extract.pipeline import Resources, read_many
    from watchfloor.ingest.files import document_from_record
    from watchfloor.serialize import document_reading_to_dict

    corpus = run.build_corpus(n)
    res = Resources.load()
    out = []
    docs = (document_from_record(r, r["id"]) for r in corpus)
    for rec, (doc, reading) in zip(corpus, read_many(docs, res), strict=True):
        if isinstance(reading, Exception):
            raise reading
        data = document_reading_to_dict(doc, reading)
        out.append((rec["id"], json.dumps(data, ensure_ascii=False, sort_keys=True)))
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _diff_keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the readings here")
    mode.add_argument("--compare", type=Path, help="compare the readings with this file")
    args = ap.parse_args()
    import watchfloor

    print(f"watchfloor from {Path(watchfloor.__file__).parent}", file=sys.stderr)
    now = readings(args.docs)
    if args.write:
        with args.write.open("w", encoding="utf-8") as f:
            for id_, js in now:
                f.write(json.dumps({"id": id_, "sha256": _digest(js), "json": js}) + "\n")
        total = _digest("".join(_digest(js) for _, js in now))
        print(f"{len(now)} readings written to {args.write}; digest {total}")
        return 0
    before = [json.loads(line) for line in args.compare.open(encoding="utf-8")]
    if [b["id"] for b in before] != [id_ for id_, _ in now]:
        print("the articles differ (another --docs?)")
        return 2
    bad = 0
    for b, (id_, js) in zip(before, now, strict=True):
        if b["sha256"] != _digest(js):
            bad += 1
            keys = _diff_keys(json.loads(b["json"]), json.loads(js))
            print(f"DIFFERS {id_}: {', '.join(keys)}")
    print(f"{len(now) - bad}/{len(now)} readings byte-identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
