"""Files with a byte-order mark: UTF-16 (LE, BE) and UTF-8 text, JSONL and CSV are decoded;
UTF-16 without a mark stays refused as binary, and so does binary data."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from watchfloor.errors import InputError
from watchfloor.ingest.files import read_paths

TEXT = "Troops move\n\nUS troops moved to Kirkuk on Friday, officials said.\n"
MARKED = {
    "utf-16-le": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-be": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
}


def only(paths: list[Path]) -> list[object]:
    return list(read_paths([str(p) for p in paths]))


@pytest.mark.parametrize("name", sorted(MARKED))
def test_a_text_file_with_a_byte_order_mark_is_decoded(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(MARKED[name])
    (doc,) = only([path])
    assert not isinstance(doc, InputError), doc
    assert doc.title == "Troops move"
    assert doc.raw == TEXT and not doc.raw.startswith("\ufeff")


def test_utf16_without_a_mark_and_binary_data_are_still_refused(tmp_path: Path) -> None:
    (tmp_path / "nobom.txt").write_bytes(TEXT.encode("utf-16-le"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    results = only(sorted(tmp_path.iterdir()))
    assert all(isinstance(r, InputError) for r in results)
    assert sorted(r.reason for r in results if isinstance(r, InputError)) == [
        "binary data (NUL bytes), not text",
        "binary data (NUL bytes), not text",
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_batches_with_a_byte_order_mark_are_decoded(tmp_path: Path, encoding: str) -> None:
    rows = [{"id": "a", "text": TEXT}, {"id": "b", "text": "Talks\n\nEnvoys met in Baghdad."}]
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding=encoding)
    csv = tmp_path / "batch.csv"
    csv.write_text(
        'id,text\na,"' + TEXT + '"\nb,"Talks\n\nEnvoys met in Baghdad."\n', encoding=encoding
    )
    for path in (jsonl, csv):
        docs = only([path])
        assert [getattr(d, "id", d) for d in docs] == ["a", "b"]
