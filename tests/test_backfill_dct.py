"""A batch line's ``dct`` may be a year or a month (backfilled archives): a given range."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from watchfloor.errors import InputError
from watchfloor.ingest.files import parse_dct, read_csv, read_jsonl
from watchfloor.vocab import DctHow


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("2006", dt.date(2006, 1, 1), dt.date(2006, 12, 31)),
        ("2006-05", dt.date(2006, 5, 1), dt.date(2006, 5, 31)),
        ("2008-02", dt.date(2008, 2, 1), dt.date(2008, 2, 29)),  # a leap February
        ("2007-02", dt.date(2007, 2, 1), dt.date(2007, 2, 28)),
    ],
)
def test_a_year_or_a_month_is_a_given_range(value: str, earliest: dt.date, latest: dt.date) -> None:
    got = parse_dct(value, "batch.jsonl:1")
    assert (got.date, got.earliest, got.latest, got.how) == (None, earliest, latest, DctHow.GIVEN)


def test_a_day_stays_a_day() -> None:
    got = parse_dct("2006-05-14", "batch.jsonl:1")
    assert got.date == got.earliest == got.latest == dt.date(2006, 5, 14)


@pytest.mark.parametrize("value", ["2006-13", "2006-00", "06", "2006-5", "May 2006", "2006-05-32"])
def test_anything_else_fails_its_line_naming_it(value: str) -> None:
    with pytest.raises(InputError, match=r"batch.jsonl:3: dct .* is not a date") as err:
        parse_dct(value, "batch.jsonl:3")
    assert value in str(err.value)


def test_batches_read_year_and_month_lines(tmp_path: Path) -> None:
    jsonl = tmp_path / "b.jsonl"
    lines = [
        {"id": "y", "dct": "2006", "text": "Gunmen attacked a checkpoint in Kirkuk."},
        {"id": "bad", "dct": "2006-13", "text": "Gunmen attacked a checkpoint in Kirkuk."},
        {"id": "m", "dct": "2006-05", "text": "Gunmen attacked a checkpoint in Kirkuk."},
    ]
    jsonl.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    got = list(read_jsonl(jsonl))
    assert [getattr(d, "id", None) for d in got] == ["y", None, "m"]  # one bad line fails alone
    assert isinstance(got[1], InputError)
    assert got[0].dct.earliest == dt.date(2006, 1, 1) and got[0].dct.date is None  # type: ignore[union-attr]
    csv = tmp_path / "b.csv"
    csv.write_text('id,dct,text\nm,2006-05,"Gunmen attacked a checkpoint."\n', encoding="utf-8")
    (doc,) = list(read_csv(csv))
    assert doc.dct.latest == dt.date(2006, 5, 31)  # type: ignore[union-attr]


def test_times_under_a_given_month_and_year() -> None:
    """A month fixes what all its days agree on; nothing is resolved against a day
    picked inside a range; a year is too long to fix any relative date."""
    import watchfloor
    from watchfloor.ingest.files import document_from_record

    text = "Gunmen attacked a police checkpoint in Kirkuk on May 3. Yesterday a bomb exploded."
    res = watchfloor.Resources.load()
    from watchfloor.extract.pipeline import read

    month = document_from_record({"text": text, "dct": "2006-05"}, "b:1")
    _, reading = read(month, res)
    values = {t.span.text: (t.value, t.reason) for t in reading.times}
    assert values["May 3"] == ("2006-05-03", None)
    assert values["Yesterday"] == (None, "ambiguous_in_dct_range")
    year = document_from_record({"text": text, "dct": "2006"}, "b:1")
    _, reading = read(year, res)
    values = {t.span.text: (t.value, t.reason) for t in reading.times}
    assert values["Yesterday"][0] is None
    assert values["May 3"][0] is None  # May 3 of which year? 2006, or 2005 read in January
