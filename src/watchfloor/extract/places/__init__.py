"""places: the ``places.v6`` stage: toponyms in the text, resolved to gazetteer places
(docs/extract-places.md). ``find`` runs it; the parts live by what they do:

    recognise  the spans that name places, with their candidates (runs the passes)
    extents    a span made a toponym: trimmed, extended, given its candidates
    scan       the scans of unclaimed tokens: salient names, feature names, lists
    evidence   names of any size the document supports, with the reason
    demonyms   demonyms as non-locational mentions of their place
    names      names that are not places (people, organisations, ordinary words)
    cues       what in the article supports a name as a place
    resolve    which candidate each toponym names, from its evidence
    context    the outlet's country and home town; the article's city
    toponym    a toponym, and what recognition and resolution share
    explain    ``watchfloor places``: every candidate, its evidence, and why

Recognition, each pass over the tokens the earlier ones left:
  1. spaCy's GPE, LOC and FAC entities (a leading "the" and a trailing "'s"
     are not part of the toponym; "Rockford, Ill." is read as its parts);
  2. a gazetteer scan of capitalised tokens the model left out, or tagged
     PERSON/ORG as a whole, accepting only salient places (countries,
     divisions, capitals, named regions, cities of SCAN_MIN_POP or more):
     Middle Eastern names and spellings ("Fallujah", "Arbil");
  3. an evidence pass for names of any size that the document supports: a
     dateline, "A, B" with B containing A, a locative preposition, the same
     name read elsewhere, a county or state read elsewhere, or a salient name
     opening an organisation's name ("the Ohio Department of Health");
  4. demonyms ("Iraqi", "Russians"; data/demonyms.yaml) tagged NORP;
  5. extensions: a division word after the name ("Anbar province") joins the
     toponym and restricts it to divisions; a direction word before a country
     ("northwestern Iraq") makes it a relative region of that country; AP
     state abbreviations with their dot ("Tenn.", "W. Va.").

Non-locational uses are reported with ``metonymic=True`` and never locate an
event: a toponym that is the subject of a speech or decision verb ("Baghdad
would not allow", "Washington said": its government), a demonym (its people),
a name inside an actor's or organisation's name ("US forces", "the
Kentucky State Police"), and in a sentence reporting sports a name that is a
team ("Pakistan beat India in Lahore": Pakistan and India, not Lahore).

Resolution ranks the gazetteer candidates of each toponym by a log-linear
score: a prior by feature type, the log of the population, the document's
country and division context (other toponyms' winners, two rounds; the linked
actors' countries), coherence with all candidates of the other names (same
county or state), the admin hierarchy of "A, B" pairs ("Ramadi, Anbar"), one
sense per document. ``score`` is the softmax probability of the chosen
candidate; ``explain`` returns every candidate's score parts. No fuzzy
matching: a name matches only after folding (case, diacritics, hyphens, an
Arabic article)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from watchfloor.extract.nlp.metonymy import is_metonymic
from watchfloor.extract.nlp.tokens import column, ends, span_text
from watchfloor.extract.places.context import article_city, mark_home
from watchfloor.extract.places.explain import explain
from watchfloor.extract.places.recognise import recognise
from watchfloor.extract.places.resolve import actor_countries, resolve
from watchfloor.extract.places.toponym import non_locational
from watchfloor.extract.sentences import index_of
from watchfloor.knowledge.gazetteer import Gazetteer
from watchfloor.vocab import ActorMention, PlaceMention, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

__all__ = ["NAME", "explain", "find", "is_metonymic", "recognise", "resolve"]

NAME = "places.v6"


def find(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    actor_mentions: Iterable[ActorMention],
    kb: ActorKB | None,
    outlet: str | None = None,
    home: str | None = None,
    sports: frozenset[int] = frozenset(),
    outlet_state: int | None = None,
) -> tuple[PlaceMention, ...]:
    """Place mentions of a parsed document, resolved and sorted by position.
    ``outlet``: the ISO3 country of the outlet (``context.outlet_country``), if known;
    ``home``: the name of its web domain (``context.outlet_home``), if known;
    ``sports``: the sentences (``parsed.sents`` order) that report sports
    (``extract.sports``), in which a place that names a team is non-locational;
    ``outlet_state``: the geonameid of the state the outlet's other articles are
    about (``context.outlet_state``), if known."""
    actor_list = list(actor_mentions)
    every = recognise(parsed, gazetteer, actor_list, kb)
    toponyms = [t for t in every if t.refused is None and t.sub_city is None]
    mark_home(toponyms, home)
    results = resolve(
        toponyms, parsed, gazetteer, actor_countries(actor_list, kb), outlet, outlet_state
    )
    city = article_city(toponyms, results, gazetteer)
    streets = [t for t in every if t.refused is None and t.sub_city is not None]
    mentions = []
    idx, stops = column(parsed, "idx"), ends(parsed)
    for topo, (place_id, score) in [
        *zip(toponyms, results, strict=True),
        *((t, city or (None, 0.0)) for t in streets),
    ]:
        if place_id is None:
            continue
        start, end = idx[topo.start], stops[topo.end - 1]
        mentions.append(
            PlaceMention(
                place_id=place_id,
                span=Span(start, end, span_text(parsed, topo.start, topo.end)),
                sentence=index_of(sents, start),
                metonymic=non_locational(parsed, topo, sports),
                score=round(score, 3),
            )
        )
    return tuple(sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.place_id)))
