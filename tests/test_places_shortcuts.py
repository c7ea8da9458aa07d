"""The shortcuts of the places stage's speed work give the answers of the long way:
the feature-name prefixes, the state abbreviations' first tokens, the kept best
candidate (docs/performance.md, "Geoparsing cost, second round")."""

from __future__ import annotations

import pytest
import spacy

from watchfloor.extract.places.context import mark_home
from watchfloor.extract.places.extents import (
    ABBREVIATION_STARTS,
    US_STATE_ABBREVIATIONS,
    state_abbreviation,
)
from watchfloor.extract.places.resolve import best_entry
from watchfloor.extract.places.toponym import Toponym
from watchfloor.knowledge.gazetteer import Gazetteer, load_gazetteer
from watchfloor.knowledge.place_kinds import FEATURE_KINDS


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_every_feature_name_and_its_first_words_are_feature_prefixes(gaz: Gazetteer) -> None:
    checked = 0
    for key, gids in gaz._extra.items():
        if not any(gaz.entry(g).feature in FEATURE_KINDS for g in gids):
            continue
        words = key.split(" ")
        for n in range(1, len(words) + 1):
            assert " ".join(words[:n]) in gaz.feature_prefixes, key
        checked += 1
    assert checked > 10_000
    assert "kerem shalom" in gaz.feature_prefixes


def test_state_abbreviations_open_with_a_listed_start() -> None:
    for key in US_STATE_ABBREVIATIONS:
        assert all(key[:n] in ABBREVIATION_STARTS for n in range(len(key) + 1))
    doc = spacy.blank("en")("Paris, Tenn. and Charleston, W. Va. but Miss Smith and Ill")
    found = {
        doc[i:end].text: state_abbreviation(doc, i, end)
        for i in range(len(doc))
        for end in range(i + 1, min(i + 4, len(doc)) + 1)
    }
    assert found["Tenn."] == "tennessee"
    assert found["W. Va."] == "west virginia"
    assert found["Miss"] is None and found["Ill"] is None  # no dot: words
    assert state_abbreviation(doc, 3, 3) is None  # an empty span


def test_the_kept_best_candidate_follows_the_home_towns_scores(gaz: Gazetteer) -> None:
    def paris() -> Toponym:
        return Toponym(0, 1, "paris", candidates=gaz.lookup("paris"))

    early = paris()
    before = best_entry(early, {})  # screening asks before the home is known
    assert best_entry(early, {}) is before
    mark_home([early], "theparisnews")
    assert early.home
    fresh = paris()
    fresh.home = True
    assert best_entry(early, {}) == best_entry(fresh, {})
    # a new candidate list (screening's) is chosen from again
    early.candidates = [e for e in early.candidates if e.gid != best_entry(fresh, {}).gid]
    other = Toponym(0, 1, "paris", candidates=list(early.candidates))
    other.home = True
    assert best_entry(early, {}) == best_entry(other, {})
    assert best_entry(early, {}) != best_entry(fresh, {})
