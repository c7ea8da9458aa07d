"""Fuzz the batch readers: whatever bytes a batch holds, every item comes back as
a Document or a one-line InputError naming it, and good items survive bad ones."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.errors import InputError
from watchfloor.ingest.files import count_inputs, read_paths
from watchfloor.vocab import Document

GOOD = {"id": "good", "text": "Troops moved\n\nUS troops moved to Kirkuk on Friday."}
JUNK_LINE = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [b"{", b"[]", b"null", b'{"text": 5}', b'{"text": ""}', b'{"text": "\\u0000"}',
         b'{"id": [], "text": "x y"}', b"\xff\xfe", b'{"text": "a", "dct": "2019-02-30"}',
         b'"just a string"', b"{}" * 1000]
    ),
)  # fmt: skip


def _check(path: Path) -> list[Document]:
    docs = []
    for item in read_paths([str(path)]):
        if isinstance(item, InputError):
            message = str(item)
            assert message.startswith(str(path)) and "\n" not in message
        else:
            assert isinstance(item, Document) and item.text.strip()
            docs.append(item)
    return docs


@settings(max_examples=120, deadline=None)
@given(lines=st.lists(JUNK_LINE, max_size=8), at=st.integers(min_value=0, max_value=8))
def test_jsonl_fuzz(lines: list[bytes], at: int) -> None:
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    lines.insert(min(at, len(lines)), json.dumps(GOOD).encode())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.jsonl"
        path.write_bytes(b"\n".join(lines))
        docs = _check(path)
        assert "good" in [d.id for d in docs]
        assert count_inputs([str(path)]) == sum(1 for ln in lines if ln.strip())


@settings(max_examples=120, deadline=None)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_csv_fuzz(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.csv"
        path.write_bytes(b"id,text\n" + data)
        _check(path)
