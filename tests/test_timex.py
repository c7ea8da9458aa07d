"""TIMEX3 values: the one reading of which days a date value covers (watchfloor.timex)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchfloor import timex
from watchfloor.link.merge import date_range
from watchfloor.views.common import export
from watchfloor.views.common.queries import days_of


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2019-03-06", "2019-03-06", "2019-03-06"),
        ("2019-03-06T14:00", "2019-03-06", "2019-03-06"),
        ("2019-03-06TNI", "2019-03-06", "2019-03-06"),
        ("2019-03-04/2019-03-08", "2019-03-04", "2019-03-08"),
        ("2019-03", "2019-03-01", "2019-03-31"),
        ("2020-02", "2020-02-01", "2020-02-29"),
        ("2019-03-XX", "2019-03-01", "2019-03-31"),
        ("2019", "2019-01-01", "2019-12-31"),
        ("2019-XX", "2019-01-01", "2019-12-31"),
        ("2019-W10", "2019-03-04", "2019-03-10"),
        ("2019-W10-5", "2019-03-08", "2019-03-08"),
        ("2019-W10-WE", "2019-03-09", "2019-03-10"),
        ("2020-W01", "2019-12-30", "2020-01-05"),
        ("2019-Q1", "2019-01-01", "2019-03-31"),
        ("2019-Q4", "2019-10-01", "2019-12-31"),
        ("2019-H2", "2019-07-01", "2019-12-31"),
        ("2019-SU", "2019-06-01", "2019-09-22"),
        ("199", "1990-01-01", "1999-12-31"),
        ("19", "1900-01-01", "1999-12-31"),
        ("2019-03/2019-04", "2019-03-01", "2019-04-30"),
        ("2019-W10/2019-03-20", "2019-03-04", "2019-03-20"),
    ],
)
def test_days_of_every_kind_of_date_value(value: str, first: str, last: str) -> None:
    assert timex.days(value) == (d(first), d(last))


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "PRESENT_REF",
        "PAST_REF",
        "P3D",
        "PXW",
        "XXXX-03",
        "XXXX-WXX-5",
        "2019-WI",  # winter: no single span of days
        "2019-13",
        "2019-02-30",
        "2019-W60",
        "2019-03-08/2019-03-01",
        "a/b/c",
        "March 2019",
    ],
)
def test_days_refuse_what_names_no_known_days(value: str | None) -> None:
    assert timex.days(value) is None
    assert timex.day_count(value) is None


# Every kind of TIMEX3 date value the grammar admits, built from its parts.
years = st.integers(1900, 2100)
kinds = st.one_of(
    st.builds(lambda y: f"{y}", years),
    st.builds(lambda y, m: f"{y}-{m:02d}", years, st.integers(1, 12)),
    st.builds(
        lambda y, m, x: f"{y}-{m:02d}-{x:02d}", years, st.integers(1, 12), st.integers(1, 28)
    ),
    st.builds(lambda y, w: f"{y}-W{w:02d}", years, st.integers(1, 52)),
    st.builds(lambda y, w, x: f"{y}-W{w:02d}-{x}", years, st.integers(1, 52), st.integers(1, 7)),
    st.builds(lambda y, w: f"{y}-W{w:02d}-WE", years, st.integers(1, 52)),
    st.builds(
        lambda y, p: f"{y}-{p}", years, st.sampled_from(["Q1", "Q2", "Q3", "Q4", "H1", "H2"])
    ),
    st.builds(lambda y, s: f"{y}-{s}", years, st.sampled_from(["SP", "SU", "FA"])),
    st.builds(lambda y: f"{y // 10}", years),
    st.builds(lambda y: f"{y // 100}", years),
)


def coarser(value: str) -> list[str]:
    """The values that hold ``value``: its month and year, or for a week's day or
    weekend its ISO week (an ISO week may begin in the calendar year before, so
    a calendar year does not hold its weeks)."""
    if "-W" in value:
        return [value[:8]] if len(value) > 8 else []
    out = [value[:4]] if len(value) > 4 and value[4] == "-" else []
    if len(value) == 10:
        out.append(value[:7])
    return out


@given(kinds)
def test_a_value_covers_an_ordered_span_inside_what_holds_it(value: str) -> None:
    assert timex.is_valid(value)
    span = timex.days(value)
    assert span is not None and span[0] <= span[1]
    for outer in coarser(value):
        holder = timex.days(outer)
        assert holder is not None and holder[0] <= span[0] and span[1] <= holder[1], outer


@given(kinds, kinds)
def test_a_range_runs_from_its_first_value_to_its_last(a: str, b: str) -> None:
    da, db = timex.days(a), timex.days(b)
    assert da is not None and db is not None
    expected = (da[0], db[1]) if da[0] <= db[1] else None
    assert timex.days(f"{a}/{b}") == expected


@pytest.mark.parametrize("value", ["2019-W10", "2019-03-07", "2019-03", "2019-Q1", "2019-W10-5"])
def test_store_merge_pages_and_exports_read_a_value_alike(value: str) -> None:
    span = timex.days(value)
    assert date_range(value) == span
    assert days_of(value) == span
    n = timex.day_count(value)
    assert export.time_precision(value) == (1 if n == 1 else 2 if n is not None and n <= 7 else 3)


def test_a_week_is_week_precise_in_exports_and_not_a_day() -> None:
    assert export.time_precision("2019-W10") == 2
    assert export.time_precision("2019-W10-5") == 1
    assert export.time_precision("2019-03") == 3
    row = export.plover_record(
        {"id": "d1", "claims": []},
        {"id": "e1", "event": "FIGHT", "modality": "asserted", "date": "2019-W10"},
    )
    assert row["date"] is None  # a week is not a day
    row = export.plover_record(
        {"id": "d1", "claims": []},
        {"id": "e1", "event": "FIGHT", "modality": "asserted", "date": "2019-W10-5"},
    )
    assert row["date"] == "2019-03-08"
