"""Reading inputs: plain text, JSONL batches, directories, and bad input of every kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.errors import InputError
from watchfloor.ingest.files import MAX_DOCUMENT_BYTES, read_paths
from watchfloor.vocab import DctHow, Document

ARTICLE = "Militias threaten US bases\n\nThe militia said on Monday it would attack US bases.\n"


def _results(*paths: Path) -> list[Document | InputError]:
    return list(read_paths([str(p) for p in paths]))


def test_plain_text_title_and_hash(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Scroll Top\n" + ARTICLE, encoding="utf-8")
    (doc,) = _results(f)
    assert isinstance(doc, Document)
    assert doc.title == "Militias threaten US bases"
    assert doc.text.startswith("Militias threaten")
    assert doc.removed[0].text == "Scroll Top\n" and doc.removed[0].reason == "site_chrome"
    assert len(doc.content_hash) == 64 and doc.id == doc.content_hash[:16]
    assert doc.dct.how is DctHow.UNKNOWN and doc.dct.date is None


def test_jsonl_keeps_order_ids_and_fields(tmp_path: Path) -> None:
    f = tmp_path / "b.jsonl"
    rows = [
        {"id": "x2", "text": ARTICLE, "outlet": "Wire", "dct": "2020-01-05"},
        {
            "id": 7,
            "text": "Second story\n\nTroops moved north.",
            "title": "T",
            "url": "https://e.x/1",
        },
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a, b = _results(f)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.id, a.outlet, str(a.dct.date), a.dct.how) == (
        "x2",
        "Wire",
        "2020-01-05",
        DctHow.GIVEN,
    )
    assert (b.id, b.title, b.url) == ("7", "T", "https://e.x/1")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n ", "empty input"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("latin1.txt", "Caf\u00e9 in Mosul\n".encode("latin-1") * 3, "not valid utf-8"),
        ("junk.txt", b"Scroll Top\nLeave a comment\n", "no article text left"),
    ],
)
def test_bad_files_get_one_line_errors(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    (err,) = _results(f)
    assert isinstance(err, InputError)
    assert str(err).startswith(str(f) + ": ")
    assert reason in str(err).lower()
    assert "\n" not in str(err)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as h:
        h.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    (err,) = _results(f)
    assert isinstance(err, InputError)
    assert f"{MAX_DOCUMENT_BYTES:,}-byte limit" in str(err)


def test_malformed_jsonl_line_does_not_stop_the_batch(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_bytes(
        b'{"id": "ok1", "text": "One\\n\\nTroops moved."}\n'
        b'{"id": "bad", "text": \n'
        b"[1, 2]\n"
        b'{"id": "nofield"}\n'
        b'{"id": "baddate", "text": "x y z", "dct": "March 5"}\n'
        b'{"id": "ok2", "text": "Two\\n\\nTroops moved again."}\n'
    )
    results = _results(f)
    assert [r.id for r in results if isinstance(r, Document)] == ["ok1", "ok2"]
    errors = [str(r) for r in results if isinstance(r, InputError)]
    assert errors[0].startswith(f"{f}:2: malformed JSON")
    assert errors[1].startswith(f"{f}:3: expected a JSON object")
    assert errors[2] == f"{f}:4: missing field 'text'"
    assert errors[3].startswith(
        f"{f}:5: dct 'March 5' is not a date (YYYY-MM-DD, a month YYYY-MM or a year YYYY)"
    )
    assert all(isinstance(r, InputError) and r.data for r in results if not isinstance(r, Document))


def test_directory_is_walked_in_order_and_missing_paths_named(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Other\n\nText here.", encoding="utf-8")
    (tmp_path / "ignore.bin").write_bytes(b"\x00\x01")
    results = _results(tmp_path, tmp_path / "nope.txt")
    assert [r.title for r in results if isinstance(r, Document)] == [
        "Other",
        "Militias threaten US bases",
    ]
    assert str(results[-1]) == f"{tmp_path / 'nope.txt'}: no such file"


def test_csv_with_a_column_mapping(tmp_path: Path) -> None:
    from watchfloor.ingest.files import parse_columns

    f = tmp_path / "dump.csv"
    f.write_text(
        "guid,headline,body,source,published\n"
        'a1,Troops move,"US troops moved to Kirkuk.\n\nA second paragraph, with a comma.",Wire,2020-02-03\n'
        "a2,Empty,,Wire,2020-02-03\n"
        "a3,Bad date,Iraqi officials met in Baghdad.,Wire,03/02/2020\n"
        "a4,Talks,Iraqi officials met Iranian envoys.,Wire,\n",
        encoding="utf-8",
    )
    cols = parse_columns("id=guid,title=headline,text=body,outlet=source,dct=published")
    results = list(read_paths([str(f)], columns=cols))
    docs = [r for r in results if isinstance(r, Document)]
    errors = [str(r) for r in results if isinstance(r, InputError)]
    assert [(d.id, d.title, d.outlet) for d in docs] == [
        ("a1", "Troops move", "Wire"),
        ("a4", "Talks", "Wire"),
    ]
    assert "\n\nA second paragraph" in docs[0].text and str(docs[0].dct.date) == "2020-02-03"
    assert errors == [
        f"{f}:3: missing field 'text'",
        f"{f}:4: dct '03/02/2020' is not a date (YYYY-MM-DD, a month YYYY-MM or a year YYYY)",
    ]


def test_csv_without_a_text_column_and_bad_mappings(tmp_path: Path) -> None:
    from watchfloor.ingest.files import count_inputs, parse_columns

    f = tmp_path / "x.tsv"
    f.write_text("a\tb\n1\t2\n", encoding="utf-8")
    (err,) = _results(f)
    assert isinstance(err, InputError)
    assert "no column 'text' for the text (columns: a, b)" in str(err)
    assert count_inputs([str(f)]) == 1
    for bad in ("body", "nope=body", "text="):
        with pytest.raises(InputError, match="bad column mapping"):
            parse_columns(bad)
