"""Publication-date inference: seeds through the real parse, constructed texts, day sets, KB dates."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.errors import ConfigError
from watchfloor.extract import actors, sentences, times
from watchfloor.extract.times import dct
from watchfloor.extract.times.lexicon import ORDINALS
from watchfloor.ingest.files import read_text_file
from watchfloor.knowledge.actors import ActorKB, load_kb
from watchfloor.vocab import Dct, DctHow, Document

TODAY = dt.date(2026, 1, 1)
SEED1 = "000_c846c11fc7740915.txt"
SEED2 = "001_24d880bd7d5a1e28.txt"
# Measured with `python -m watchfloor.evaluation.dct` restricted to the first 60
# TimeBank documents: 25 ranges inferred, 100.0% containing the true date.
PIN_SUBSET_CORRECT = 99.0
PIN_SUBSET_INFERRED = 24


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def infer_text(nlp: Any, kb: ActorKB, text: str, doc: Document | None = None) -> Dct:
    document = doc or Document("t", text, text, "")
    parsed = nlp(document.text)
    sents = sentences.find(parsed)
    mentions = actors.find(parsed, sents, kb, Dct())
    refs = times.find(parsed, sents, Dct())
    return dct.infer(parsed, sents, document, mentions, kb, refs, today=TODAY)


def seed(name: str) -> Document:
    return read_text_file(Path(str(resources.files("watchfloor") / "samples" / name)))


# ----------------------------------------------------------------------------- seeds


def test_seed_one_is_dated_to_the_week_after_wednesday_6_march_2019(nlp: Any, kb: ActorKB) -> None:
    got = infer_text(nlp, kb, "", seed(SEED1))
    assert got.how is DctHow.INFERRED and got.date is None
    assert got.earliest is not None and got.latest is not None
    assert got.earliest <= dt.date(2019, 3, 9) and got.latest >= dt.date(2019, 3, 13)
    assert got.latest < dt.date(2019, 3, 20)  # one week, not 2013 or 2024
    assert any("last Wednesday, the sixth of this March" in r for r in got.reasons)
    assert any(r.startswith("Mike Pompeo as US Secretary of State") for r in got.reasons)


def test_seed_two_stays_open_ended_from_the_framework_founding(nlp: Any, kb: ActorKB) -> None:
    got = infer_text(nlp, kb, "", seed(SEED2))
    assert got.how is DctHow.INFERRED and got.date is None
    assert got.earliest == dt.date(2021, 1, 1) and got.latest is None
    assert "Coordination Framework" in got.reasons[0]


def test_a_known_date_is_kept(nlp: Any, kb: ActorKB) -> None:
    doc = seed(SEED1)
    given_doc = Document(doc.id, doc.text, doc.raw, "", dct=Dct.given(dt.date(2019, 3, 10)))
    assert infer_text(nlp, kb, "", given_doc) == given_doc.dct


def test_nothing_to_go_on_leaves_the_date_unknown(nlp: Any, kb: ActorKB) -> None:
    got = infer_text(nlp, kb, "Troops moved north. The convoy was attacked near the river.")
    assert got == Dct()


# ----------------------------------------------------------------------------- constructed


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORDS = {n: w for w, n in ORDINALS.items() if n > 0}


def _ordinal(n: int) -> str:
    if n in WORDS:
        return WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1975, 1, 1), max_value=dt.date(2025, 12, 31)),
    back=st.integers(min_value=1, max_value=7),
)
def test_a_consistent_weekday_date_apposition_contains_the_true_day(
    day: dt.date, back: int
) -> None:
    from watchfloor.extract.nlp import load_nlp

    nlp, kb = load_nlp(), load_kb()
    said = day - dt.timedelta(days=back)
    if said.year != day.year:  # "this <month>" would not be said across a new year
        return
    text = (
        "The army has been moving troops since last "
        f"{WEEKDAYS[said.weekday()]}, the {_ordinal(said.day)} of this {said:%B}, officials said."
    )
    got = infer_text(nlp, kb, text)
    assert got.how is DctHow.INFERRED and got.date is None
    assert got.latest is not None  # earlier years stay possible: the start may be open
    assert (got.earliest or dt.date.min) <= day <= got.latest, got.reasons


def test_office_holder_bounds_the_range_and_former_holder_follows_it(nlp: Any, kb: ActorKB) -> None:
    now = infer_text(nlp, kb, "Secretary of State Mike Pompeo said the talks would go on.")
    assert (now.earliest, now.latest) == (dt.date(2018, 4, 26), dt.date(2021, 1, 27))
    after = infer_text(nlp, kb, "Former Secretary of State Mike Pompeo said the talks failed.")
    assert after.earliest == dt.date(2021, 1, 20) and after.latest is None


def test_a_name_without_its_office_says_nothing(nlp: Any, kb: ActorKB) -> None:
    assert infer_text(nlp, kb, "Mike Pompeo wrote a book about his years in office.") == Dct()


def test_dated_past_and_future_events_bound_both_sides(nlp: Any, kb: ActorKB) -> None:
    text = "The ministry signed the deal on March 3, 2011. Elections will be held in 2012."
    got = infer_text(nlp, kb, text)
    assert (got.earliest, got.latest) == (dt.date(2011, 3, 3), dt.date(2012, 12, 31))


# ----------------------------------------------------------------------------- day sets


D = dt.date


def test_union_and_intersection_of_day_sets() -> None:
    a = dct.union([(D(2020, 1, 5), D(2020, 1, 9)), (D(2020, 1, 1), D(2020, 1, 4))])
    assert a == ((D(2020, 1, 1), D(2020, 1, 9)),)
    b = ((D(2019, 1, 1), D(2020, 1, 2)), (D(2020, 1, 8), D(2021, 1, 1)))
    assert dct.intersect(a, b) == ((D(2020, 1, 1), D(2020, 1, 2)), (D(2020, 1, 8), D(2020, 1, 9)))


def test_combine_drops_the_weaker_of_two_conflicting_constraints() -> None:
    strong = dct.Constraint(((D(2019, 1, 1), D(2019, 12, 31)),), "strong", dct.STRONG)
    weak = dct.Constraint(((D(2024, 1, 1), dct.OPEN_END),), "weak", dct.WEAK)
    days, reasons = dct.combine([weak, strong], TODAY)
    assert days == strong.days
    assert reasons[0].startswith("strong") and reasons[1].endswith("ignored")


def test_combine_never_reaches_past_today_unless_open_ended() -> None:
    late = dct.Constraint(((D(2025, 12, 1), D(2026, 2, 1)),), "late", dct.STRONG)
    days, reasons = dct.combine([late], TODAY)
    assert days == ((D(2025, 12, 1), TODAY),) and reasons[-1].startswith("not after today")
    open_ = dct.Constraint(((D(2025, 12, 1), dct.OPEN_END),), "open", dct.STRONG)
    assert dct.combine([open_], TODAY)[0] == open_.days


# ----------------------------------------------------------------------------- KB dates


def _kb_with(tmp_path: Path, entry: str) -> ActorKB:
    f = tmp_path / "extra.yaml"
    f.write_text("actors:\n" + entry, encoding="utf-8")
    load_kb.cache_clear()
    try:
        return load_kb((str(f),))
    finally:
        load_kb.cache_clear()


def test_organisation_dates_are_read_with_their_source(tmp_path: Path) -> None:
    kb = _kb_with(
        tmp_path,
        "  - {id: grp, name: Group X, type: armed_group, source: test,\n"
        "     founded: {date: 2014, source: a}, dissolved: {date: '2016-02', source: b}}\n",
    )
    assert kb["grp"].founded == D(2014, 1, 1) and kb["grp"].dissolved == D(2016, 2, 29)
    got = kb.org_date("grp", "dissolved")
    assert got is not None and (got.text, got.source) == ("2016-02", "b")


@pytest.mark.parametrize(
    "value",
    ["{date: 2014}", "{date: 'March 2014', source: a}", "2014", "{date: 2014, source: a, x: 1}"],
)
def test_malformed_organisation_dates_are_config_errors(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError):
        _kb_with(tmp_path, f"  - {{id: grp, name: G, type: ngo, source: t, founded: {value}}}\n")


def test_packaged_founding_dates_carry_sources(kb: ActorKB) -> None:
    dated = [a for a in kb.actors.values() if a.founded is not None]
    assert len(dated) >= 30
    for a in dated:
        org = kb.org_date(a.id, "founded")
        assert org is not None and org.source and org.day == a.founded


# ----------------------------------------------------------------------------- quality


@pytest.mark.shared
@pytest.mark.slow
def test_inferred_ranges_contain_the_true_date_on_timebank(shared: Path) -> None:
    from watchfloor.evaluation.dct import evaluate

    got = evaluate(shared / "eval" / "temporal" / "timebank.jsonl", limit=60)
    assert got["inferred"] >= PIN_SUBSET_INFERRED
    assert got["correct"] >= PIN_SUBSET_CORRECT, got["wrong"]
