"""Tests of the places stage: gazetteer, recognition, resolution, metonymy, LGL quality."""

from __future__ import annotations

import gzip
import math
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from watchfloor.errors import ConfigError
from watchfloor.extract import places, sentences
from watchfloor.knowledge.gazetteer import Gazetteer, fold, load_gazetteer, name_keys, read_regions
from watchfloor.vocab import Actor, ActorMention, PlaceMention, Span

EARTH_KM = 6371.0
# Load-time budget of the gazetteer on this machine (the brief's target).
LOAD_SECONDS = 2.0
# Quality pins: measured minus about one point (the code is deterministic).
LGL_SUBSET = 200  # first 200 LGL documents: keeps the gate well under 2 minutes
PIN_OVERLAP_F1 = 0.613  # measured 0.6231 on the subset (full corpus: 0.6373)
PIN_ACC161 = 0.731  # measured 0.7414 on the subset (full corpus: 0.7464)
PIN_AUC = 0.279  # measured 0.2688 on the subset (lower is better; full: 0.2759)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


class FakeKB:
    """The one ActorKB method the places stage uses."""

    def __init__(self, actors: dict[str, Actor] | None = None) -> None:
        self.actors = actors or {}

    def get(self, actor_id: str) -> Actor:
        return self.actors[actor_id]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _sample(name: str) -> str:
    return resources.files("watchfloor.samples").joinpath(name).read_text(encoding="utf-8")


def _find(
    nlp: Any, gaz: Gazetteer, text: str, actors: tuple[ActorMention, ...] = (), kb: Any = None
) -> tuple[PlaceMention, ...]:
    parsed = nlp(text)
    return places.find(parsed, sentences.find(parsed), gaz, actors, kb or FakeKB())


def _by_text(mentions: tuple[PlaceMention, ...], text: str) -> list[PlaceMention]:
    return [m for m in mentions if m.span.text == text]


# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_loads_within_budget() -> None:
    load_gazetteer.cache_clear()
    t0 = time.perf_counter()
    load_gazetteer()
    assert time.perf_counter() - t0 < LOAD_SECONDS


def test_fold_and_keys() -> None:
    assert fold("Al Anbār") == "al anbar"
    assert fold("U.S.") == "u s"
    assert fold("Kata’ib") == "kataib"
    assert name_keys("Al Fallūjah") == ["al fallujah", "fallujah"]
    assert name_keys("Ar") == ["ar"]  # too short to lose its article


def test_traps_of_the_brief(gaz: Gazetteer) -> None:
    jordan = {e.feature for e in gaz.lookup("jordan")}
    assert "country" in jordan and "city" in jordan  # both exist: ranking must choose
    assert gaz.lookup("anbar")[0].feature == "admin1"
    assert any(e.name == "Al Fallūjah" for e in gaz.lookup("fallujah"))
    assert {e.country for e in gaz.lookup("erbil")} == {"IRQ"}
    assert gaz.lookup("debka") == []  # no fuzzy matching: Debka is not Déba


def test_get_round_trips_every_kind_of_id(gaz: Gazetteer) -> None:
    iraq = gaz.get("geonames:99237")
    assert (iraq.name, iraq.country, iraq.feature) == ("Iraq", "IRQ", "country")
    gulf = gaz.get("region:the-gulf")
    assert gulf.feature == "region" and gulf.country is None
    nw = gaz.get("region:irq-northwest")
    assert nw.name == "northwestern Iraq" and nw.feature == "region" and nw.country == "IRQ"
    s, w, n, e = gaz.extent("region:irq-northwest") or (0, 0, 0, 0)
    assert s <= nw.lat <= n and w <= nw.lon <= e
    with pytest.raises(ConfigError):
        gaz.get("geonames:0")
    with pytest.raises(ConfigError):
        gaz.get("region:irq-upwards")


def test_relative_regions_partition_the_country_box(gaz: Gazetteer) -> None:
    iraq = gaz.country("IRQ")
    assert iraq is not None and iraq.box is not None
    north = gaz.get("region:irq-north")
    south = gaz.get("region:irq-south")
    assert north.lat > iraq.box[0] and north.lat > south.lat
    assert gaz.get("region:irq-west").lon < gaz.get("region:irq-east").lon


def test_kurdistan_region_lies_in_northern_iraq(gaz: Gazetteer) -> None:
    region = gaz.region_for(fold("Kurdistan Region"))
    assert region is not None and region.place.country == "IRQ"
    assert km(region.place.lat, region.place.lon, 36.19, 44.01) < 150  # Erbil


def test_malformed_regions_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        read_regions(b"regions: {not: a list}")
    with pytest.raises(ConfigError):
        Gazetteer([], [{"id": "x", "name": "X", "countries": ["ZZZ"]}])


def test_unreadable_data_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(ConfigError):
        load_gazetteer.__wrapped__(str(bad))
    good = tmp_path / "good.tsv.gz"
    good.write_bytes(gzip.compress(b"# header\n"))
    with pytest.raises(ConfigError):  # regions.yaml names countries the file lacks
        load_gazetteer.__wrapped__(str(good))


# --------------------------------------------------------------------------- seeds

SEED_000 = {
    "Iraq": ("IRQ", None),
    "Syria": ("SYR", None),
    "Israel": ("ISR", None),
    "Jordan": ("JOR", None),
    "Romania": ("ROU", None),
    "Bulgaria": ("BGR", None),
    "Kirkuk": ("IRQ", (35.47, 44.39, 100)),
    "Anbar province": ("IRQ", (33.0, 42.0, 200)),
    "Baghdad": ("IRQ", (33.34, 44.40, 100)),
    "Washington": ("USA", (38.90, -77.04, 100)),
}
SEED_001 = {
    "Iraq": ("IRQ", None),
    "Syria": ("SYR", None),
    "Lebanon": ("LBN", None),
    "northwestern Iraq": ("IRQ", None),
}


@pytest.mark.parametrize(
    ("sample", "gold"),
    [("000_c846c11fc7740915.txt", SEED_000), ("001_24d880bd7d5a1e28.txt", SEED_001)],
)
def test_seed_places(nlp: Any, gaz: Gazetteer, sample: str, gold: dict[str, Any]) -> None:
    text = _sample(sample)
    mentions = _find(nlp, gaz, text)
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text
    for surface, (iso3, where) in gold.items():
        found = _by_text(mentions, surface)
        assert found, f"{surface} not found"
        for m in found:
            place = gaz.get(m.place_id)
            assert place.country == iso3, f"{surface} -> {place}"
            if where is not None:
                lat, lon, limit = where
                assert km(place.lat, place.lon, lat, lon) <= limit, f"{surface} -> {place}"


def test_seed_000_shapes_and_metonymy(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, _sample("000_c846c11fc7740915.txt"))
    assert mentions == tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end)))
    (baghdad,) = _by_text(mentions, "Baghdad")
    assert baghdad.metonymic  # "Baghdad would not allow"
    assert not any(m.metonymic for m in _by_text(mentions, "Kirkuk"))
    assert gaz.get(_by_text(mentions, "Kirkuk")[0].place_id).feature == "city"
    assert gaz.get(_by_text(mentions, "northern Iraq")[0].place_id).feature == "region"
    assert gaz.get(_by_text(mentions, "southern Europe")[0].place_id).id == (
        "region:southern-europe"
    )
    # "US forces", "US military": actor names, not places; "Iraqi" is a demonym
    text = _sample("000_c846c11fc7740915.txt")
    assert not any(text[m.span.end : m.span.end + 7] == " forces" for m in mentions)
    assert not any(m.span.text.startswith("Iraqi") for m in mentions)


# --------------------------------------------------------------------------- units


def test_washington_is_dc_unless_the_state_is_in_context(nlp: Any, gaz: Gazetteer) -> None:
    (dc,) = _find(nlp, gaz, "Officials in Washington said the talks would resume.")
    assert gaz.get(dc.place_id).feature == "capital"
    assert dc.metonymic is False  # "Officials in Washington said": a location
    said = _find(nlp, gaz, "Washington said it would impose new sanctions.")
    assert said and said[0].metonymic
    state = _find(nlp, gaz, "Wildfires spread from Seattle and Spokane across Washington.")
    wa = [m for m in state if m.span.text == "Washington"]
    assert wa and gaz.get(wa[0].place_id).feature == "admin1"


def test_georgia_follows_the_country_context(nlp: Any, gaz: Gazetteer) -> None:
    caucasus = _find(nlp, gaz, "Russian tanks rolled from Tbilisi into Georgia and Armenia.")
    us = _find(nlp, gaz, "The storm hit Atlanta, Savannah and Macon in Georgia on Monday.")
    assert gaz.get(_by_text(caucasus, "Georgia")[0].place_id).country == "GEO"
    assert gaz.get(_by_text(us, "Georgia")[0].place_id).country == "USA"


def test_admin_hierarchy_pairs(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, "The family moved from Springfield, Illinois to Ohio.")
    place = gaz.get(_by_text(mentions, "Springfield")[0].place_id)
    assert place.country == "USA" and place.admin1 == "Illinois"


def test_middle_eastern_spellings_and_divisions(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, "Clashes were reported in Fallujah and in Arbil on Sunday.")
    assert {gaz.get(m.place_id).country for m in mentions} == {"IRQ"}
    assert {m.span.text for m in mentions} == {"Fallujah", "Arbil"}
    (anbar,) = _find(nlp, gaz, "Troops moved into Anbar province overnight.")
    assert anbar.span.text == "Anbar province"
    assert gaz.get(anbar.place_id).feature == "admin1"


def test_named_and_relative_regions(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, "Tension rose across the Middle East and in eastern Syria.")
    ids = {m.span.text: m.place_id for m in mentions}
    assert ids["Middle East"] == "region:middle-east"
    assert ids["eastern Syria"] == "region:syr-east"


def test_demonyms_and_actor_names_are_not_places(nlp: Any, gaz: Gazetteer) -> None:
    assert _find(nlp, gaz, "Iraqi officials met Syrian diplomats.") == ()
    text = "The Iraqi parliament debated the presence of US troops."
    assert all(m.span.text != "US" for m in _find(nlp, gaz, text))
    assert _by_text(_find(nlp, gaz, "She grew up near an Ohio church."), "Ohio")


def test_actor_mentions_hide_places_inside_them_and_lend_context(nlp: Any, gaz: Gazetteer) -> None:
    text = "The Jordan Valley Authority met officials from Amman."
    start = text.index("Jordan Valley Authority")
    actor = ActorMention("a1", Span(start, start + 23, "Jordan Valley Authority"), 0)
    kb = FakeKB({"a1": Actor(id="a1", name="JVA", type="government", country="JOR")})
    mentions = _find(nlp, gaz, text, (actor,), kb)
    assert all(not (start <= m.span.start < start + 23) for m in mentions)
    assert gaz.get(_by_text(mentions, "Amman")[0].place_id).country == "JOR"


def test_unknown_actor_ids_are_ignored(nlp: Any, gaz: Gazetteer) -> None:
    actor = ActorMention("nope", Span(0, 4, "Iraq"), 0)
    assert _find(nlp, gaz, "Iraq is hot.", (actor,), FakeKB())


def test_scores_are_probabilities(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, "Flights from Paris to Damascus and Jordan resumed.")
    assert mentions and all(0.0 < m.score <= 1.0 for m in mentions)


def test_empty_text(nlp: Any, gaz: Gazetteer) -> None:
    assert _find(nlp, gaz, "") == ()


# --------------------------------------------------------------------------- quality gate


@pytest.mark.shared
@pytest.mark.slow
def test_lgl_quality_gate(shared: Path) -> None:
    from watchfloor.evaluation.places import evaluate

    result = evaluate(shared / "eval" / "geoparsing" / "lgl.jsonl", limit=LGL_SUBSET)
    assert result["documents"] == LGL_SUBSET
    every = result["all"]
    assert every["span_overlap"]["f1"] >= PIN_OVERLAP_F1
    assert every["resolution"]["acc161"] >= PIN_ACC161
    assert every["resolution"]["auc"] <= PIN_AUC
