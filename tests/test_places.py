"""Tests of the places stage: gazetteer, recognition, resolution, metonymy, LGL quality."""

from __future__ import annotations

import gzip
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from watchfloor.errors import ConfigError
from watchfloor.extract import places, sentences
from watchfloor.knowledge.gazetteer import (
    Gazetteer,
    GeoNamesRows,
    fold,
    load_gazetteer,
    name_keys,
    read_regions,
)
from watchfloor.vocab import Actor, ActorMention, PlaceMention, Span

EARTH_KM = 6371.0
# Quality pins: measured minus about one point (the code is deterministic).
LGL_SUBSET = 200  # first 200 LGL documents: keeps the gate well under 2 minutes
# Measured 2026-12-07 (docs/quality.md); full corpus in parentheses.
PIN_OVERLAP_F1 = 0.845  # measured 0.8548 on the subset (places.v5)
# With the outlet's state from its other articles (evaluation.places reads each twice):
PIN_ACC161 = 0.929  # measured 0.9391 over recognised toponyms (Gritta et al.); alone 0.8925
PIN_AUC = 0.157  # measured 0.1466 (lower is better); alone 0.1818
PIN_E2E161 = 0.851  # measured 0.8613: gold with coordinates found AND within 161 km
PIN_E2E161_ALONE = 0.808  # measured 0.8185: each article read alone (no outlet history)
# The held-out 30% of LGL (sha1(id) mod 10 >= 7; nothing was tuned on it), issue 19.
PIN_HELD_E2E161 = 0.805  # measured 0.8079 (the goal 0.80 is met; alone 0.7912, v2 0.7428)
PIN_HELD_E2E161_ALONE = 0.781  # measured 0.7912: each article read alone
PIN_HELD_SPAN_P = 0.883  # measured 0.8917 overlap span precision (v4 0.8930, v2 0.8615)
# Hand-judged place mentions of non-conflict news (tests/data/place_mention_judgements.jsonl).
PIN_REAL_PLACES = (
    0.943  # measured 0.951 (1,203 / 1,265 judged mentions still produced; round 5: 0.962)
)
# Judged mentions the stage may stop producing, and unjudged ones it may start producing,
# before the judgements must be renewed (python -m watchfloor.evaluation.place_mentions).
MAX_PLACES_LOST, MAX_PLACES_UNJUDGED = 125, 10  # measured 113 (lost to the fixes), 0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


class FakeKB:
    """The one ActorKB method the places stage uses."""

    def __init__(self, actors: dict[str, Actor] | None = None) -> None:
        self.actors = actors or {}

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)


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


def test_fold_and_keys() -> None:
    assert fold("Al Anbār") == "al anbar"
    assert fold("U.S.") == "u s"
    assert fold("Kata’ib") == "kataib"
    assert name_keys("Al Fallūjah") == ["al fallujah", "fallujah"]
    assert name_keys("Ar") == ["ar"]  # too short to lose its article


def test_fold_of_ascii_text_equals_the_general_fold() -> None:
    """fold's ASCII fast path gives what the decomposition path gives."""
    import unicodedata

    from watchfloor.knowledge import gazetteer

    def general(name: str) -> str:
        decomposed = unicodedata.normalize("NFKD", name.lower())
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return " ".join(plain.translate(gazetteer._DROP).split())

    names = ("Al-Anbar", "U.S.", "O'Neil's", " St. Louis,  Mo. ", "x`y--Z", "Tab\tsep", "", "--")
    for name in names:
        assert name.isascii() and fold(name) == general(name), name
    assert fold("Fallūjah") == general("Fallūjah") == "fallujah"  # not ASCII: the general path


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
    unpacked = tmp_path / "unpacked.tsv.gz"
    unpacked.write_bytes(gzip.compress(b"# header\n1\tcity\tA\tAAA\t\t\t0\t0\t9\t\t\ta\n"))
    with pytest.raises(ConfigError):  # rows without the packed name index
        load_gazetteer.__wrapped__(str(unpacked))
    good = tmp_path / "good.tsv.gz"
    good.write_bytes(gzip.compress(b"# header\n#keys\n"))
    with pytest.raises(ConfigError):  # regions.yaml names countries the file lacks
        load_gazetteer.__wrapped__(str(good))


BUILT_ROWS = [
    "7\tcity\tSpringfield\tUSA\t5\t\t39.8\t-89.6\t116000\t\t\tspringfield",
    "5\tadmin1\tIllinois\tUSA\t\t\t40\t-89\t12000000\t37,-91,42,-87\t\tillinois|ill",
    "3\tcountry\tUnited States\tUSA\t\t\t39\t-98\t3\t25,-125,49,-67\t021\tunited states|=US",
    "9\tcapital\tWashington\tUSA\t\t\t38.9\t-77\t700000\t\t\twashington|springfield",
]


def test_the_packed_geonames_file_reads_back_as_built() -> None:
    built = GeoNamesRows.of_lines(BUILT_ROWS)
    read = GeoNamesRows.read("# a header\n# two lines\n" + built.pack())
    assert read.rows == built.rows and read.gids == [3, 5, 7, 9]
    assert read.countries == [("USA", 3)] and read.capitals == [("USA", 9)]
    assert {k: v for k, v in read.index.items()} == {
        "united states": "3",
        "=US": "3",
        "illinois": "5",
        "ill": "5",
        "springfield": "7|9",
        "washington": "9",
    }
    gaz = Gazetteer(read, [])
    assert [e.id for e in gaz.lookup("springfield")] == ["geonames:7", "geonames:9"]
    assert gaz.get("geonames:7").admin1 == "Illinois" and gaz.country("USA") is not None
    assert gaz.capital_of == {"USA": 9} and "ill" in gaz and gaz.lookup("chicago") == []
    with pytest.raises(ConfigError):
        gaz.get("geonames:4")
    assert GeoNamesRows.read(GeoNamesRows.of_lines([]).pack()).rows == []


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
    # "US forces", "US military": parts of actor names; "Iraqi" is a demonym:
    # reported as non-locational (metonymic) mentions, never as locations
    text = _sample("000_c846c11fc7740915.txt")
    forces = [m for m in mentions if text[m.span.end : m.span.end + 7] == " forces"]
    assert forces and all(m.metonymic for m in forces)
    iraqi = [m for m in mentions if m.span.text.startswith("Iraqi")]
    assert iraqi and all(m.metonymic and gaz.get(m.place_id).country == "IRQ" for m in iraqi)


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


def test_demonyms_and_actor_names_are_not_locations(nlp: Any, gaz: Gazetteer) -> None:
    demonyms = _find(nlp, gaz, "Iraqi officials met Syrian diplomats.")
    assert [gaz.get(m.place_id).country for m in demonyms] == ["IRQ", "SYR"]
    assert all(m.metonymic for m in demonyms)
    text = "The Iraqi parliament debated the presence of US troops."
    assert all(m.metonymic for m in _find(nlp, gaz, text))
    (ohio,) = _by_text(_find(nlp, gaz, "She grew up near an Ohio church."), "Ohio")
    assert not ohio.metonymic
    # a language is not a demonym
    assert _find(nlp, gaz, "She speaks French and German.") == ()
    # a hyphenated compound of demonyms is each of them
    crew = _find(nlp, gaz, "A Soyuz capsule carrying a Russian-American crew lifted off.")
    assert [(m.span.text, gaz.get(m.place_id).country) for m in crew] == [
        ("Russian", "RUS"),
        ("American", "USA"),
    ]
    assert all(m.metonymic for m in crew)


def test_names_inside_organisation_names(nlp: Any, gaz: Gazetteer) -> None:
    text = "The Kentucky State Police and the U.S. Navy searched the school in Bicester."
    mentions = _find(nlp, gaz, text)
    (ky,) = _by_text(mentions, "Kentucky")
    assert gaz.get(ky.place_id).feature == "admin1" and ky.metonymic
    (us,) = _by_text(mentions, "U.S.")
    assert gaz.get(us.place_id).country == "USA" and us.metonymic
    assert not _by_text(mentions, "Kentucky State")


def test_state_abbreviations_and_datelines(nlp: Any, gaz: Gazetteer) -> None:
    text = "HUDSON -- A man from Bolingbrook, Ill., and a woman from Paris, Tenn., were found."
    mentions = _find(nlp, gaz, text)
    ill = _by_text(mentions, "Ill.")
    assert ill and gaz.get(ill[0].place_id).name == "Illinois"
    paris = gaz.get(_by_text(mentions, "Paris")[0].place_id)
    assert paris.country == "USA" and paris.admin1 == "Tennessee"
    assert _by_text(mentions, "HUDSON")
    # without the dot the abbreviation is a word: "Miss Smith" is no state
    assert not any(
        gaz.get(m.place_id).name == "Mississippi" for m in _find(nlp, gaz, "Miss Smith won.")
    )


def test_candidates_of_other_names_cohere(nlp: Any, gaz: Gazetteer) -> None:
    # Paris, Tennessee lies in Henry County, Tennessee: each picks the other
    text = "Deputies in Henry County arrested a man in Paris on Friday."
    mentions = _find(nlp, gaz, text)
    paris = gaz.get(_by_text(mentions, "Paris")[0].place_id)
    county = gaz.get(_by_text(mentions, "Henry County")[0].place_id)
    assert paris.admin1 == "Tennessee" and county.admin1 == "Tennessee"


def test_one_sense_per_document(nlp: Any, gaz: Gazetteer) -> None:
    text = "She moved to Paris, Texas, last year. Paris has two schools."
    ids = {m.place_id for m in _find(nlp, gaz, text) if m.span.text == "Paris"}
    assert len(ids) == 1 and gaz.get(ids.pop()).admin1 == "Texas"


def test_surnames_and_generic_words_are_not_read_as_places(nlp: Any, gaz: Gazetteer) -> None:
    text = "Brown said the Central High School team from Ohio lost to West."
    assert {m.span.text for m in _find(nlp, gaz, text)} == {"Ohio"}


def test_united_states_point_and_america(nlp: Any, gaz: Gazetteer) -> None:
    us = gaz.country("USA")
    assert us is not None and km(us.lat, us.lon, 39.76, -98.5) < 20
    (america,) = _find(nlp, gaz, "Tourists came to America in record numbers.")
    assert gaz.get(america.place_id).country == "USA"


def test_georgian_follows_the_context(nlp: Any, gaz: Gazetteer) -> None:
    text = "Georgian troops left Tbilisi as Russian tanks entered Georgia."
    mentions = _find(nlp, gaz, text)
    assert gaz.get(_by_text(mentions, "Georgian")[0].place_id).country == "GEO"


def test_held_out_split_is_stable() -> None:
    from watchfloor.evaluation.places import split_of

    parts = [split_of(f"doc-{i}") for i in range(1000)]
    assert 250 < parts.count("held") < 350
    assert split_of("doc-1") == split_of("doc-1")


def test_actor_mentions_hide_places_inside_them_and_lend_context(nlp: Any, gaz: Gazetteer) -> None:
    text = "The Jordan Valley Authority met officials from Amman."
    start = text.index("Jordan Valley Authority")
    actor = ActorMention("a1", Span(start, start + 23, "Jordan Valley Authority"), 0)
    kb = FakeKB({"a1": Actor(id="a1", name="JVA", type="government", country="JOR")})
    mentions = _find(nlp, gaz, text, (actor,), kb)
    assert all(m.metonymic for m in mentions if start <= m.span.start < start + 23)
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
    assert every["e2e_recall161"] >= PIN_E2E161
    assert result["no_outlet_history"]["e2e_recall161"] >= PIN_E2E161_ALONE


@pytest.mark.shared
@pytest.mark.slow
def test_lgl_held_out_gate(shared: Path) -> None:
    from watchfloor.evaluation.places import evaluate

    result = evaluate(shared / "eval" / "geoparsing" / "lgl.jsonl", split="held")
    assert result["documents"] == 174
    assert result["all"]["e2e_recall161"] >= PIN_HELD_E2E161
    assert result["no_outlet_history"]["e2e_recall161"] >= PIN_HELD_E2E161_ALONE
    assert result["all"]["span_overlap"]["p"] >= PIN_HELD_SPAN_P


# --------------------------------------------------------------------------- command


def test_places_command_explains_the_winner() -> None:
    import json

    from click.testing import CliRunner

    from watchfloor.cli import main

    runner = CliRunner()
    text = "Deputies in Henry County arrested a man in Paris on Friday."
    out = runner.invoke(main, ["places", text, "--json", "--top", "2"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert "GeoNames" in result["attribution"]
    paris = next(t for t in result["toponyms"] if t["text"] == "Paris")
    assert paris["candidates"][0]["admin1"] == "Tennessee" and len(paris["candidates"]) == 2
    assert "coherence_admin2" in paris["reason"]
    plain = runner.invoke(main, ["places", "Iraqi officials met in Baghdad."])
    assert plain.exit_code == 0 and "read by: demonym" in plain.output
    assert plain.output.rstrip().endswith("CC BY 4.0.")


def test_speakers_and_office_titles(nlp: Any, gaz: Gazetteer) -> None:
    text = "Flores said the plan was sound. Huntsville Fire Chief Tom Grisham agreed."
    mentions = _find(nlp, gaz, text)
    assert not _by_text(mentions, "Flores")  # a person who speaks, not the town
    (huntsville,) = _by_text(mentions, "Huntsville")
    assert huntsville.metonymic  # the fire chief's town: associative, not a location


def test_names_listed_with_a_place(nlp: Any, gaz: Gazetteer) -> None:
    text = "The highway corridor east into Gainesville and Lindsay was a natural progression."
    (lindsay,) = _by_text(_find(nlp, gaz, text), "Lindsay")  # tagged PERSON by the model
    place = gaz.get(lindsay.place_id)
    assert place.country == "USA" and not lindsay.metonymic


# --------------------------------------------------------------------------- issue 19: names


def test_people_named_like_places_are_not_places(nlp: Any, gaz: Gazetteer) -> None:
    cases = {
        "The Academy said Jackman, 40, will host. Hugh Jackman is thrilled.": "Jackman",
        "Bettie Page died in Los Angeles. Born in Nashville, Page left her job.": "Page",
        "Actress Maria Bello is dating a chef.": "Bello",
        "NBC's Lester Holt moderates. Lester Holt needs to fact check.": "Lester",
        "Weitz is best known for his work with his brother Paul.": "Paul",
        "Chargers receiver Vincent Jackson was arrested. Jackson failed sobriety tests.": "Jackson",
    }
    for text, name in cases.items():
        assert not _by_text(_find(nlp, gaz, text), name), text
    # the same names stay places where the article makes them one
    (jackson,) = _by_text(_find(nlp, gaz, "The storm hit Jackson, Miss., on Friday."), "Jackson")
    assert gaz.get(jackson.place_id).admin1 == "Mississippi"


def test_ordinary_words_and_first_names_need_support(nlp: Any, gaz: Gazetteer) -> None:
    assert not _by_text(_find(nlp, gaz, "Reid's rep told Us. We appreciate it."), "Us")
    text = "Fourteen years in Congress is long enough, the Texas candidate said in Washington."
    assert not _by_text(_find(nlp, gaz, text), "Congress")
    # a big city named like a word keeps its usual sense
    assert _by_text(_find(nlp, gaz, "The storm reached Mobile on Monday."), "Mobile")


def test_organisations_placed_elsewhere_and_streets(nlp: Any, gaz: Gazetteer) -> None:
    text = "He was taken to Beaumont Hospital in Royal Oak, Michigan, on Friday."
    mentions = _find(nlp, gaz, text)
    assert not _by_text(mentions, "Beaumont") and _by_text(mentions, "Royal Oak")
    text = "Police in Millom said the bodies were found in Newton Street, Millom, on Saturday."
    (street,) = _by_text(_find(nlp, gaz, text), "Newton Street")  # not Newton, Massachusetts
    assert gaz.get(street.place_id).name == "Millom"


def test_names_of_bodies_named_after_people_words_and_teams(nlp: Any, gaz: Gazetteer) -> None:
    # round 5 of the precision sample (docs/quality.md): each was read as a place
    cases = {
        "She received a MacArthur Foundation grant last year.": "MacArthur",
        "The bomb exploded at the West Coast Bank on Highway 214.": "West Coast",
        "Let us rise to the call that is in us and send our answer.": "us",
        "The candidates are South Carolina state Reps. Justin Bamberg and Terry Alexander.": "Reps",
        "Indianapolis closes out the season when the Houston Texans visit.": "Texans",
    }
    for text, name in cases.items():
        assert not _by_text(_find(nlp, gaz, text), name), text
    (somali,) = _by_text(_find(nlp, gaz, "Somali pirates have become brazen."), "Somali")
    assert gaz.get(somali.place_id).feature == "country"  # Somalia, not Ethiopia's Somali region
    # a town's own bodies and streets keep their town
    text = "The Clinton Police Department closed Darby Street in Dublin, Ohio."
    assert _by_text(_find(nlp, gaz, text), "Clinton")


def test_rivers_and_gulfs_are_never_their_state_or_city(nlp: Any, gaz: Gazetteer) -> None:
    mentions = _find(nlp, gaz, "Barges moved down the Mississippi River near Memphis.")
    assert all(gaz.get(m.place_id).feature != "admin1" for m in mentions)
    mentions = _find(nlp, gaz, "Somali pirates attacked a tanker in the Gulf of Aden.")
    assert all(gaz.get(m.place_id).feature not in ("city", "capital") for m in mentions)


def test_outlet_country_from_the_web_address(nlp: Any, gaz: Gazetteer) -> None:
    from watchfloor.extract.places.context import outlet_country

    assert outlet_country("http://www.thisisoxfordshire.co.uk/news/1") == "GBR"
    assert outlet_country("lfpress.ca") == "CAN"
    assert outlet_country("https://www.latimes.com/x") is None
    assert outlet_country("https://example.io/") is None and outlet_country(None) is None
    parsed = nlp("Police in Richmond said a man was hurt on Friday.")
    (home,) = places.find(parsed, sentences.find(parsed), gaz, (), FakeKB(), "GBR")
    assert gaz.get(home.place_id).country == "GBR"  # a British paper's Richmond
    (usual,) = places.find(parsed, sentences.find(parsed), gaz, (), FakeKB())
    assert gaz.get(usual.place_id).admin1 == "Virginia"


def test_recognition_cues_read_what_the_parser_missed(nlp: Any, gaz: Gazetteer) -> None:
    text = "A spokesperson for the Byesville Volunteer Fire Department said so."
    (byesville,) = _by_text(_find(nlp, gaz, text), "Byesville")
    assert byesville.metonymic  # the town's fire department: associative
    text = "The Georgian Foreign Ministry said the talks failed."
    (georgian,) = _by_text(_find(nlp, gaz, text), "Georgian")
    assert georgian.metonymic and gaz.get(georgian.place_id).country == "GEO"
    assert not _by_text(_find(nlp, gaz, "Tourists walked along American Boulevard."), "American")


def test_places_command_explains_refusals() -> None:
    from click.testing import CliRunner

    from watchfloor.cli import main

    text = "The Academy said Jackman, 40, will host. Hugh Jackman is thrilled. Reid's rep told Us."
    out = CliRunner().invoke(main, ["places", text])
    assert out.exit_code == 0, out.output
    assert "refused: part of the person name 'Hugh Jackman'" in out.output
    assert "refused: 'Us' is an ordinary word" in out.output


def test_name_list_is_packaged() -> None:
    from watchfloor.extract.places.names import FIRST, SURNAME, WORD, name_words

    words = name_words()
    assert FIRST in words["paul"] and SURNAME in words["jackson"] and WORD in words["us"]
    assert 10_000 < len(words) < 30_000  # kept small: names and words that matter


@pytest.mark.shared
@pytest.mark.slow
def test_place_precision_on_judged_non_conflict_news(shared: Path) -> None:
    """Hand-judged place mentions of sports, entertainment, court and election news."""
    from watchfloor.evaluation.place_mentions import load_judgements, rescore
    from watchfloor.extract.pipeline import Resources

    judgements = load_judgements()
    assert len(judgements) >= 300
    assert all(j["verdict"] in ("place", "wrong_place", "not_a_place") for j in judgements)
    out = rescore(judgements, Resources.load())
    real = sum(j["verdict"] != "not_a_place" for j in out["kept"])
    assert real / len(out["kept"]) >= PIN_REAL_PLACES, out["wrong_by_reason"]
    assert out["judged_no_longer_produced"] <= MAX_PLACES_LOST
    assert out["new_unjudged"] <= MAX_PLACES_UNJUDGED, [u["surface"] for u in out["unjudged"]]


def test_place_judgements_hold_no_corpus_text() -> None:
    from watchfloor.evaluation.place_mentions import JUDGEMENTS, REASONS, VERDICTS, load_judgements

    keys = {"corpus", "doc", "start", "end", "hash", "place", "verdict", "reason", "round"}
    for j in load_judgements(JUDGEMENTS):
        assert set(j) == keys and j["verdict"] in VERDICTS and j["reason"] in REASONS
        assert len(j["hash"]) == 12 and j["end"] > j["start"]


def test_outlet_home_town_from_the_domain(nlp: Any, gaz: Gazetteer) -> None:
    from watchfloor.extract.places.context import outlet_home

    url_home = outlet_home("http://columbuslocalnews.com/articles/dublin_news/x.txt")
    assert outlet_home("http://www.palestineherald.com/local/x") == "palestineherald"
    assert outlet_home("http://chronicle.augusta.com/a") == "augusta"
    assert outlet_home("http://www.bbc.co.uk/news") == "bbc" and outlet_home(None) is None
    # a town section of a local paper's path; topics and article slugs are no town
    url = "http://columbuslocalnews.com/articles/2009/03/18/dublin_news/news/x.txt"
    assert outlet_home(url) == "columbuslocalnews|dublin"
    assert outlet_home("http://x.com/2009/local_news/breaking-news/paris-raid/") == "x"
    parsed = nlp("Dublin students are getting a kick out of martial arts classes.")
    (dublin,) = places.explain(parsed, gaz, (), None, top=10, home=url_home)
    ohio = next(c for c in dublin["candidates"] if c["admin1"] == "Ohio")
    assert ohio["parts"]["home_town"] > 0  # the section's town: no capital prior for Ireland's
    parsed = nlp("Palestine police arrested a man on Loop 256 on Friday.")
    (home,) = places.find(
        parsed, sentences.find(parsed), gaz, (), FakeKB(), None, "palestineherald"
    )
    assert gaz.get(home.place_id).country == "USA"  # the paper's town in Texas, not the country


def test_outlet_state_from_the_outlets_other_articles(nlp: Any, gaz: Gazetteer) -> None:
    from watchfloor.extract.places.context import article_states, outlet_key, outlet_state

    assert outlet_key("http://www.star-telegram.com/news/x.html") == "star-telegram.com"
    assert outlet_key(None) is None
    texas = next(e.gid for e in gaz.lookup("texas") if e.feature == "admin1")
    ohio = next(e.gid for e in gaz.lookup("ohio") if e.feature == "admin1")

    def article(text: str) -> frozenset[int]:
        parsed = nlp(text)
        found = places.find(parsed, sentences.find(parsed), gaz, (), FakeKB())
        return article_states(found, gaz)

    fort_worth = article("Police in Fort Worth, Texas, arrested two men on Friday.")
    assert texas in fort_worth
    assert article("The storm reached Ohio on Monday.") == frozenset({ohio})
    assert article("Iraqi forces advanced.") == frozenset()  # a demonym places nothing
    # the state most mentions lie in: Dallas and Austin outweigh Ohio
    assert article("Crews from Dallas and Austin drove to Ohio.") == frozenset({texas})
    # most of the other articles, and at least two of them, more than any other state
    assert outlet_state([fort_worth, fort_worth, frozenset({ohio})]) == texas
    assert outlet_state([fort_worth]) is None  # one article is no history
    assert outlet_state([fort_worth, fort_worth, frozenset(), frozenset(), frozenset()]) is None
    assert outlet_state([frozenset({texas, ohio})] * 2) is None  # a tie says nothing
    parsed = nlp("Police in Mansfield arrested a man on Tuesday.")
    (alone,) = places.find(parsed, sentences.find(parsed), gaz, (), FakeKB())
    (local,) = places.find(parsed, sentences.find(parsed), gaz, (), FakeKB(), outlet_state=texas)
    assert gaz.get(alone.place_id).admin1 != "Texas"
    assert gaz.get(local.place_id).admin1 == "Texas"  # the Fort Worth paper's Mansfield
