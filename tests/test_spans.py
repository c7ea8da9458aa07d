"""Property: every span of every output indexes the clean text exactly.

For every span-bearing object in the JSON that `read` prints,
``text[start:end] == span["text"]``; for ``removed``, the same holds on the
raw input. Checked on the seeds, on real articles from ../shared/eval, and on
generated documents mixing article sentences, junk lines and odd characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.extract.pipeline import read
from watchfloor.ingest.files import document_from_record
from watchfloor.serialize import document_reading_to_dict

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"


def spans(obj: Any) -> Iterator[dict[str, Any]]:
    """Every dict with integer start/end and a text, anywhere in the output."""
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and "text" in obj:
            yield obj
        for v in obj.values():
            yield from spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from spans(v)


def assert_honest(out: dict[str, Any], raw: str) -> int:
    text = out["text"]
    n = 0
    for key, value in out.items():
        if key in ("text", "removed"):
            continue
        for s in spans(value):
            assert text[s["start"] : s["end"]] == s["text"], s
            n += 1
    for r in out["removed"]:
        assert raw[r["start"] : r["end"]] == r["text"]
    json.dumps(out, ensure_ascii=False)  # serialisable
    return n


def _read(resources: Any, record: dict[str, Any]) -> tuple[dict[str, Any], str]:
    doc = document_from_record(record, record.get("id", "test"))
    return document_reading_to_dict(*read(doc, resources)), doc.raw


def test_seed_spans_are_honest(resources: Any) -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out, raw = _read(resources, {"id": path.stem, "text": raw, "dct": "2019-03-10"})
        assert assert_honest(out, raw) > 50


@pytest.mark.shared
@pytest.mark.slow
def test_eval_article_spans_are_honest(resources: Any, shared: Path) -> None:
    checked = 0
    for rel in (
        "temporal/timebank.jsonl",
        "attribution/polnear_train_dev.jsonl",
        "geoparsing/lgl.jsonl",
    ):
        with (shared / "eval" / rel).open(encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k >= 15:
                    break
                rec = json.loads(line)
                out, raw = _read(
                    resources, {"id": str(rec["id"]), "text": rec["text"], "dct": rec.get("dct")}
                )
                checked += assert_honest(out, raw)
    assert checked > 500


SEED_SENTENCES = [
    s.strip()
    for p in sorted(SAMPLES.glob("*.txt"))
    for s in p.read_text(encoding="utf-8").split("\n")
    if len(s.split()) > 6
]
ODD = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\u00a0",
        "“",
        "’",
        "—",
        "🙂",
        "e\u0301",
        "\u200b",
        "<b>",
        "&amp;",
        "Scroll Top",
        "Related Posts",
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.tuples(st.sampled_from(SEED_SENTENCES), ODD), min_size=1, max_size=6),
    sep=st.sampled_from(["\n", "\n\n", "\r\n", " "]),
    dct=st.sampled_from([None, "2019-03-10", "2023-08-01"]),
)
def test_property_generated_documents(
    resources: Any, parts: list[tuple[str, str]], sep: str, dct: str | None
) -> None:
    text = "Headline of a report\n\n" + sep.join(a + b for a, b in parts)
    out, raw = _read(resources, {"id": "gen", "text": text, "dct": dct})
    assert_honest(out, raw)
