"""Names that look like toponyms and are not: people, organisations, ordinary words.

Owns the screening step of the places stage (docs/extract-places.md,
"Precision on names"). Recognition proposes toponyms; ``screen`` refuses
those the article shows to be something else, each with a reason that
``watchfloor places`` prints:

* **a person's name**: a token of a person named in the document (a
  multi-token spaCy PERSON entity, a linked knowledge-base person), a
  surname after a common first name or a first name before a surname
  ("Hugh Jackman", "Maria Bello", "Wladimir Klitschko"), a name spaCy tagged
  PERSON that is a common first name or surname ("Moreno", "Paul"), a title
  before it ("President Bush"), an age or "who" after it ("Jackman, 40,");
* **an organisation located elsewhere**: "Beaumont Hospital in Royal Oak";
  a street or park named after a place ("Newton Street"); a natural feature
  ("Platte River", "Gulf of Aden") that the gazetteer has no entry of that
  kind for: its same-named town or state is not it;
* **an ordinary word or a common first name without support**: "Us",
  "Paul", "Earth", "Congress": read only with a dateline, "A, B", a locative
  preposition, or another place of the article in the same state (or, for a
  place of WEAK_COUNTRY_POP people or more, the same country).

Strong support (a dateline, "A, B" with B containing A, a locative
preposition before it, an office title after it: "in Jackson", "Jackson,
Miss.") overrides every refusal but the organisation ones.

Data: ``knowledge/data/name_words.tsv`` (first names and surnames of the
1990 US Census, public domain; ordinary words of Webster's Second, public
domain), built by ``scripts/build_name_lists.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from watchfloor.errors import ConfigError
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import column
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places.cues import STREET_WORDS
from watchfloor.knowledge.gazetteer import Entry, Gazetteer, fold
from watchfloor.vocab import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

NAME_WORDS = "name_words.tsv"
FIRST, SURNAME, WORD = "F", "S", "W"
# Prepositions before a name that make it a place even when it is a person's
# name elsewhere ("in Jackson", "near Marion"): the locative cues of places.py.
LOCATIVE = frozenset({"in", "near", "outside", "across", "throughout"})
# Titles before a name that make it a person's ("President Bush", "Mr. Page").
TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "president", "sen", "senator", "rep", "gov", "governor",
     "coach", "judge", "officer", "sgt", "lt", "capt", "det", "deputy", "actor", "actress",
     "singer", "rapper", "quarterback", "pitcher", "striker", "boxer"}
)  # fmt: skip
# Prefixes of ships' names ("INS Mysore", "USS Cole"): a ship, not its namesake.
SHIP_PREFIXES = frozenset({"INS", "USS", "HMS", "HMCS", "HMAS", "MV", "SS", "RFS", "PNS"})
# Natural features and the gazetteer kinds (Place.feature) that may name them:
# "X River" is the river, never the town or state called X. Kinds of the
# extended gazetteer (issue 19); with only populated places and divisions no
# kind matches and the name is refused.
FEATURE_KINDS: dict[str, frozenset[str]] = {
    "river": frozenset({"river"}),
    "creek": frozenset({"river"}),
    "lake": frozenset({"lake"}),
    "reservoir": frozenset({"lake", "dam"}),
    "dam": frozenset({"dam"}),
    "mountain": frozenset({"mountain"}),
    "mountains": frozenset({"mountain"}),
    "valley": frozenset({"region", "district"}),
    "desert": frozenset({"region", "desert"}),
    "gulf": frozenset({"sea", "region"}),
    "sea": frozenset({"sea", "region"}),
    "bay": frozenset({"sea", "bay"}),
    "strait": frozenset({"sea"}),
    "canyon": frozenset({"region"}),
    "falls": frozenset({"river"}),
}
# "Gulf of Aden", "Bay of Bengal", "Sea of Japan": the feature before "of".
FEATURE_BEFORE_OF = frozenset({"gulf", "bay", "sea", "strait", "straits", "lake", "isle"})
# Capitalised feature words right before a name: "Lake Ontario", "Mount Hood".
FEATURE_BEFORE = frozenset({"lake", "mount", "mt"})
# Support that lets even a name spaCy tagged ORG or PERSON be read as a place.
FIRM_SUPPORT = frozenset({"dateline", "followed by a place containing it"})
# A needy name of a place this big is supported by another place of its
# country; a smaller one needs another place of its state or province.
WEAK_COUNTRY_POP = 100_000
# A place this big is read even when its name is a word ("Mobile", "Nice") or,
# written as its own name, a first name ("Columbus", "Georgia"): its usual
# sense ("Lester" is an alternate name of Leicester: not enough).
EXEMPT_POP = 100_000
# Last words of a division's name ("Laurel County"): its own evidence.
DIVISION_ENDS = frozenset({"county", "parish", "province", "governorate", "district", "oblast"})
# Words that make a PERSON-tagged entity an organisation's or a place's name
# ("Huntsville Fire", "Jordan Elementary School", "Steveston Harbour").
ORGANISATION_WORDS = frozenset(
    {"fire", "police", "sheriff", "city", "county", "school", "elementary", "high", "college",
     "university", "church", "hospital", "department", "club", "parks", "park", "harbour",
     "harbor", "colony", "olympic", "commonwealth", "historic", "center", "centre", "elks",
     "council", "board", "court", "township", "village", "town", "lodge", "league", "team",
     "bank", "company", "networks", "group", "airlines", "bancorp", "trust"}
)  # fmt: skip
# Entity labels of organisations (for "X Hospital in Y").
ORG_LABELS = frozenset({"ORG", "FAC"})
# Prepositions that place an organisation ("Beaumont Hospital in Royal Oak").
ORG_LOCATED = frozenset({"in", "at", "of"})


class Topo(Protocol):
    """What screening reads of a recognised toponym (places.Toponym)."""

    start: int
    end: int
    key: str
    candidates: list[Entry]
    region: Any
    via: str
    refused: str | None
    sub_city: str | None
    local: str | None


@lru_cache(maxsize=1)
def name_words() -> dict[str, str]:
    """Folded name -> flags (F first name, S surname, W ordinary word)."""
    try:
        text = (
            resources.files("watchfloor.knowledge")
            .joinpath("data", NAME_WORDS)
            .read_text(encoding="utf-8")
        )
    except OSError as exc:
        raise ConfigError(f"name list missing: {NAME_WORDS} ({exc})") from exc
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, flags = line.partition("\t")
            table[key] = flags
    return table


@dataclass(frozen=True)
class People:
    """The person names of one document: token -> the name it is part of."""

    parts: dict[str, str]  # tokens of multi-token PERSON entities and KB persons
    loose: frozenset[str]  # also the tokens of one-token PERSON entities


def people(
    parsed: SpacyDoc,
    gazetteer: Gazetteer | None,
    actor_mentions: Iterable[ActorMention],
    kb: ActorKB | None,
) -> People:
    """Person names of a document, from spaCy PERSON entities and linked KB persons
    (``gazetteer`` None: a PERSON entity that is a place's whole name is not told apart)."""
    parts: dict[str, str] = {}
    loose: set[str] = set()
    flags = name_words()
    text, alpha = column(parsed, "text"), column(parsed, "is_alpha")
    folded = place_cues.folded_tokens(parsed)  # fold of each token's text
    for ent in entities(parsed):
        if ent.label_ != "PERSON":
            continue
        words = [
            folded[j]
            for j in range(ent.start, ent.end)
            if alpha[j] and text[j][:1].isupper() and folded[j] not in TITLES
        ]
        loose.update(words)
        if len(words) >= 2 and _person_like(ent, words, flags, gazetteer):
            for w in words:
                parts.setdefault(w, ent.text)
    for m in actor_mentions:
        # None: an id another stage made that the KB lacks, or no KB
        actor = kb.get(m.actor_id) if kb is not None else None
        if actor is not None and actor.type == "person" and not actor.generic:
            own = set(fold(actor.name).split())  # not "U.S." of "U.S. President Obama"
            for w in m.span.text.split():
                if w[:1].isupper() and fold(w) in own and fold(w) not in TITLES:
                    parts.setdefault(fold(w), actor.name)
                    loose.add(fold(w))
    return People(parts, frozenset(loose))


def _person_like(
    ent: Any, words: list[str], flags: dict[str, str], gazetteer: Gazetteer | None
) -> bool:
    """A multi-token PERSON entity that is a person's name, not a mis-tagged name of a
    place's institution ("Huntsville Fire", "Sri Lanka's", "Jordan Elementary School"):
    a first name opens it or a surname closes it, with no possessive or
    organisation word in it."""
    whole_place = gazetteer is not None and fold(ent.text) in gazetteer
    if "," in ent.text or whole_place or any(t.tag_ == "POS" for t in ent):
        return False
    if any("'" in t.text or "’" in t.text or t.lower_ in ORGANISATION_WORDS for t in ent):
        return False
    return FIRST in flags.get(words[0], "") or SURNAME in flags.get(words[-1], "")


def contains(outer: Entry, inner: Entry) -> bool:
    """``outer`` is, at a higher level, where ``inner`` lies (country, division)."""
    if outer.feature == "country":
        return inner.country == outer.country and inner.gid != outer.gid
    return outer.gid in (inner.admin1, inner.admin2)


def screen(
    parsed: SpacyDoc,
    toponyms: Sequence[Topo],
    folks: People,
    best: Callable[[Any], Entry | None],
) -> None:
    """Refuse (``refused``) the toponyms the article shows not to be places; turn
    street names into sub-city toponyms (``sub_city``) and natural features into
    names that need a place of their name near the article's places (``local``)."""
    words = name_words()
    occupied = {j for t in toponyms for j in range(t.start, t.end)}
    for i, t in enumerate(toponyms):
        nxt = toponyms[i + 1] if i + 1 < len(toponyms) else None
        t.refused = _lower_word(parsed, t) or _organisation(parsed, t, nxt)
        if t.refused is None:
            # asked again below: the same answer unless _feature or _unknown_place
            # moved the toponym's ends or changed its candidates
            strong, seen = _strong(parsed, t, nxt), (t.start, t.end, t.candidates)
            if strong is None:
                t.refused = _named_after_person(parsed, t, words)
        if t.refused is None:
            _feature(parsed, t, occupied)
        if t.refused is None and t.sub_city is None and t.local is None:
            _unknown_place(parsed, t, occupied, best)
        if t.refused is None and t.sub_city is None:
            if seen[0] != t.start or seen[1] != t.end or seen[2] is not t.candidates:
                strong = _strong(parsed, t, nxt)
            if strong is None:
                t.refused = _person(parsed, t, folks, words)
    needy = [_needy(parsed, t, words, best) for t in toponyms]
    kept = [
        (t, best(t))
        for t, why in zip(toponyms, needy, strict=True)
        if why is None and not t.refused and t.sub_city is None and t.local is None
    ]
    for i, (t, why) in enumerate(zip(toponyms, needy, strict=True)):
        if t.refused or t.sub_city is not None:
            continue
        nxt = toponyms[i + 1] if i + 1 < len(toponyms) else None
        if t.local is not None:
            if not _weak(t, kept, local=True):
                t.refused = f"{t.local}, and no place of its name lies near the article's places"
            continue
        if why is None:
            continue
        strong = _strong(parsed, t, nxt)
        if " tagged ORG" in why and strong is not None and strong.startswith("after"):
            strong = None  # "in Congress": an institution, whatever the preposition
        if strong is None and not _weak(t, kept):
            t.refused = f"{why}, and nothing in the article supports it as a place"


# -- support -------------------------------------------------------------------


def _strong(parsed: SpacyDoc, t: Topo, nxt: Topo | None) -> str | None:
    """Evidence that overrides a person's name: dateline, "A, B", a locative cue."""
    if t.via.startswith("evidence (dateline)"):
        return "dateline"
    if t.via.endswith("listed before a plural division word"):
        return "a division by its list"  # "Cooke, Grayson and Love counties"
    if t.via.startswith("evidence") and "before the title" in t.via:
        return "office title"
    text, lower = column(parsed, "text"), column(parsed, "lower_")
    size = len(text)
    comma_before = t.start > 0 and text[t.start - 1] == ","
    if t.via.endswith("listed with a place") and (
        not comma_before or t.end >= size or column(parsed, "pos_")[t.end] not in ("VERB", "AUX")
    ):
        return "listed with a place"  # "Gainesville and Lindsay", not "Nashville, Page left"
    if len(t.key.split()) > 1 and t.key.split()[-1] in DIVISION_ENDS:
        return "division word"
    if (
        nxt is not None
        and nxt.start == t.end + 1
        and text[t.end] == ","
        and any(contains(o, e) for o in nxt.candidates for e in t.candidates)
    ):
        return "followed by a place containing it"
    before = lower[t.start - 1] if t.start > 0 else ""
    after = column(parsed, "tag_")[t.end] if t.end < size else ""
    if before in LOCATIVE and after != "POS":
        return f"after '{before}'"
    return place_cues.support(parsed, t.start, t.end)  # "the village of X", "Tauber of X"


def _weak(t: Topo, others: list[tuple[Topo, Entry | None]], local: bool = False) -> bool:
    """Another place of the article in the candidate's state (or, for a place of
    WEAK_COUNTRY_POP people or more and unless ``local``, in its country)."""
    for o, e in others:
        if e is None or o.key == t.key:
            continue
        for c in t.candidates:
            if c.admin1 is not None and c.admin1 in (e.gid, e.admin1):
                return True
            if not local and c.population >= WEAK_COUNTRY_POP and e.country == c.country:
                return True
    return False


# -- refusals ------------------------------------------------------------------


def _person(parsed: SpacyDoc, t: Topo, folks: People, words: dict[str, str]) -> str | None:
    """Why the toponym is a person's name (None: it is not shown to be one)."""
    tokens = [fold(parsed[j].text) for j in range(t.start, t.end)]
    if all(w in folks.parts for w in tokens):
        return f"part of the person name '{folks.parts[tokens[-1]]}' in the article"
    if len(tokens) != 1 or t.region is not None:
        return None
    word, flags = tokens[0], words.get(tokens[0], "")
    token = parsed[t.start]
    prev: Any = parsed[t.start - 1] if t.start > 0 else None
    nxt: Any = parsed[t.end] if t.end < len(parsed) else None
    if prev is not None and fold(prev.text.rstrip(".")) in TITLES:
        return f"a person: the title '{prev.text}' before it"
    if prev is not None and prev.text.rstrip(".") in SHIP_PREFIXES:
        return f"a ship: '{prev.text} {token.text}'"
    if (
        _name_like(prev)
        and FIRST in words.get(fold(prev.text), "")
        and (SURNAME in flags or word in folks.loose)
    ):
        return f"a surname after the first name '{prev.text}'"
    nxt_word = fold(nxt.text) if _name_like(nxt) else ""
    if nxt_word and nxt_word not in STREET_WORDS and nxt_word not in ORGANISATION_WORDS:
        # "Lester Holt"; "Wladimir Klitschko" (one GPE entity, Klitschko a person here)
        surname = SURNAME in words.get(nxt_word, "") or nxt_word in folks.loose
        one_name = (
            token.ent_type_ in ("PERSON", "GPE") and nxt.ent_iob_ == "I" and nxt_word in folks.loose
        )
        if (surname and FIRST in flags) or one_name:
            return f"a first name before the surname '{nxt.text}'"
    if _age_or_who(parsed, t.end) and (FIRST in flags or SURNAME in flags):
        return "a person: an age or 'who' follows the name"
    return None


def _name_like(token: Any) -> bool:
    return token is not None and token.is_alpha and token.text[:1].isupper() and not token.is_stop


def _age_or_who(parsed: SpacyDoc, end: int) -> bool:
    """ "Jackman, 40, ..." or "LaSalle, who ...": what follows a person's name."""
    if end + 1 >= len(parsed) or parsed[end].text != ",":
        return False
    after = parsed[end + 1]
    return after.lower_ == "who" or (
        after.like_num and end + 2 < len(parsed) and parsed[end + 2].text == ","
    )


def _needy(
    parsed: SpacyDoc, t: Topo, words: dict[str, str], best: Callable[[Any], Entry | None]
) -> str | None:
    """Why a one-word toponym needs support: a common first name or an ordinary word,
    or a surname that spaCy tagged as a person."""
    if t.end - t.start != 1 or t.region is not None:
        return None
    flags = words.get(t.key, "")
    label = parsed[t.start].ent_type_
    if not (FIRST in flags or WORD in flags or (SURNAME in flags and label == "PERSON")):
        return None
    top = best(t)
    if top is None or top.feature == "country":
        return None
    if top.population >= EXEMPT_POP and (FIRST not in flags or fold(top.name) == t.key):
        return None  # "Columbus", "Mobile": a city this big is its name's usual sense
    what = (
        "a common first name"
        if FIRST in flags
        else "an ordinary word"
        if WORD in flags
        else "a common surname"
    )
    if label in ("ORG", "PERSON"):
        return f"{what} tagged {label}"
    return f"'{parsed[t.start].text}' is {what}"


def _lower_word(parsed: SpacyDoc, t: Topo) -> str | None:
    """A lower-case stop word ("in us") is a word, whatever the model tagged it."""
    token = parsed[t.start]
    if t.end - t.start == 1 and token.is_stop and token.text.islower():
        return f"'{token.text}' is a lower-case word"
    return None


def _named_after_person(parsed: SpacyDoc, t: Topo, words: dict[str, str]) -> str | None:
    """A first name or surname opening a longer organisation's name before another
    capitalised word ("MacArthur Foundation", "Lucas Oil Stadium") names the
    person the body is named after; a town's body is named by its municipal word
    ("Clinton Police"), a big city's name is its usual sense ("Jackson")."""
    if t.end - t.start != 1 or t.region is not None or t.end >= len(parsed):
        return None
    flags = words.get(t.key, "")
    head, nxt = parsed[t.start], parsed[t.end]
    if not (FIRST in flags or SURNAME in flags) or head.ent_type_ not in ORG_LABELS:
        return None
    if nxt.ent_iob_ != "I" or not nxt.text[:1].isupper() or head.ent_iob_ != "B":
        return None
    if nxt.lower_ in place_cues.MUNICIPAL_WORDS | DIVISION_ENDS or fold(nxt.text) in STREET_WORDS:
        return None  # "Clinton Police", "Darby Street": the town's body, a street
    own = [e for e in t.candidates if fold(e.name) == t.key]  # not Ormoc's alias "MacArthur"
    if not own or any(
        e.feature in ("country", "admin1") or e.population >= EXEMPT_POP for e in own
    ):
        return None
    name = parsed[t.start : t.end + 1].text
    return f"a person's name opening the organisation's name '{name}'"


def _organisation(parsed: SpacyDoc, t: Topo, nxt: Topo | None) -> str | None:
    """A name inside an organisation's name that the article places elsewhere."""
    iob, label = column(parsed, "ent_iob_"), column(parsed, "ent_type_")
    if label[t.start] not in ORG_LABELS:
        return None
    end = t.end
    while end < len(parsed) and iob[end] == "I":
        end += 1
    if end == t.end or nxt is None or end >= len(parsed) - 1:
        return None
    if parsed[end].lower_ not in ORG_LOCATED or nxt.start != end + 1:
        return None
    if any(
        contains(e, o) or contains(o, e) or e.gid == o.gid
        for e in t.candidates
        for o in nxt.candidates
    ):
        return None
    name = parsed[t.start : end].text
    return (
        f"names an organisation ('{name}') the article places in {parsed[nxt.start : nxt.end].text}"
    )


def _feature(parsed: SpacyDoc, t: Topo, occupied: set[int]) -> None:
    """A street or park named like a place becomes a sub-city toponym ("Newton
    Street": in the article's city); a natural feature ("Naugatuck River", "Lake
    Ontario", "Gulf of Aden") keeps only candidates that are no country or
    first-level division, and needs a place of its name near the others."""
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    last = t.key.split()[-1]
    before_free, after_free = t.start - 1 not in occupied, t.end not in occupied
    if last in FEATURE_KINDS and not any(_names(e, last) for e in t.candidates):
        _localise(t, f"names a {last}")
        return
    single = t.end - t.start == 1 and t.start > 0 and before_free
    if single and fold(text[t.start]) in STREET_WORDS and text[t.start - 1][:1].isupper():
        t.start -= 1  # "Main Street", "High Street"
        t.sub_city = f"a street ('{parsed[t.start : t.end].text}')"
        return
    if not before_free:
        pass
    elif t.start > 0 and text[t.start - 1][:1].isupper() and lower[t.start - 1] in FEATURE_BEFORE:
        t.start -= 1  # "Lake Ontario", "Mount Hood"
        _localise(t, f"names '{parsed[t.start : t.end].text}'")
        return
    elif t.start >= 2 and lower[t.start - 1] == "of" and lower[t.start - 2] in FEATURE_BEFORE_OF:
        t.start -= 2  # "Gulf of Aden"
        _localise(t, f"names the {lower[t.start]} of {parsed[t.start + 2 : t.end].text}")
        return
    if not after_free or t.end >= len(parsed) or not text[t.end][:1].isupper():
        return
    word = fold(text[t.end])
    # "California Highway Patrol", "Wall Street Journal": a longer name, no street
    inside = t.end + 1 < len(parsed) and (
        parsed[t.end + 1].ent_iob_ == "I" or parsed[t.end + 1].text[:1].isupper()
    )
    if word in STREET_WORDS and last not in DIVISION_ENDS and not inside:
        t.end += 1  # "Newton Street", "Cypress Park"
        t.sub_city = f"a street or park ('{parsed[t.start : t.end].text}')"
    elif word in FEATURE_KINDS and not any(_names(e, word) for e in t.candidates):
        t.end += 1  # "Mississippi River", "Kanawha Valley"
        _localise(t, f"names a {word} ('{parsed[t.start : t.end].text}')")


def _names(e: Entry, word: str) -> bool:
    """The gazetteer entry is a feature of that kind, or has the word in its name."""
    return e.feature in FEATURE_KINDS[word] or word in fold(e.name).split()


def _localise(t: Topo, why: str) -> None:
    """Keep the candidates that may share a feature's name (no country or state)."""
    t.candidates = [e for e in t.candidates if e.feature not in ("country", "admin1")]
    t.local = why
    if not t.candidates:
        t.refused = (
            f"{why}; the gazetteer has no such feature and only a state or country of its name"
        )


def _unknown_place(
    parsed: SpacyDoc, t: Topo, occupied: set[int], best: Callable[[Any], Entry | None]
) -> None:
    """A state or country opening a longer place name the gazetteer lacks ("Tennessee
    Colony", "French Quarter"): the whole name is a sub-city toponym, placed at the
    article's city or left unresolved, never at the state or country."""
    top = best(t)
    if top is None or top.feature not in ("country", "admin1") or t.end >= len(parsed):
        return
    first, nxt = parsed[t.start], parsed[t.end]
    if first.ent_type_ not in ("GPE", "LOC") or nxt.ent_iob_ != "I" or t.end in occupied:
        return
    if not nxt.text[:1].isupper() or nxt.lower_ in DIVISION_ENDS or nxt.lower_ in FEATURE_KINDS:
        return
    end = t.end
    while end < len(parsed) and parsed[end].ent_iob_ == "I" and end not in occupied:
        end += 1
    if parsed[end - 1].lower_ in ORGANISATION_WORDS:
        return  # "West Coast Bank": an organisation, refused or read elsewhere
    t.sub_city = f"'{parsed[t.start : end].text}' names a place the gazetteer lacks"
    t.end = end
