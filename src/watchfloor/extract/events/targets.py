"""Who an act is done to, and with what: the rules that retype violence and seizures.

PLOVER (0.5/0.6, as the gold records code it): violence against civilians, or
by unconventional means (suicide attacks, bombs, grenades, mines), is
**ASSAULT**; violence between armed forces is **FIGHT**. So the cue's type is
not the last word: "gunmen killed five villagers" is an ASSAULT, "gunmen
killed five soldiers" a FIGHT; "a suicide bomber ... killing twelve" an
ASSAULT `suicide-attack` whatever the verb; police firing on protesters an
ASSAULT (the codebook's crowd-control). People seized by an armed group are
abducted (ASSAULT `abduct`, "combatants captured during conflict" too), not
property confiscated; a crowd that protests is a PROTEST, not a diplomatic
protest (DISAPPROVE).

Who a participant is comes from its KB sector (``civilian_sectors``,
``armed_sectors`` of the cue lexicon) or, for generic nouns, from
``person_types`` ("villagers" civilian, "worshippers" civilian, "soldiers"
armed, "protesters" crowd, "smugglers" criminal).
"""

from __future__ import annotations

from typing import Any

from watchfloor.extract.events.lexicon import Cue, EventLexicon
from watchfloor.extract.nlp.numbers import CARDINALS
from watchfloor.vocab import EntityRef, Event

# Kinds of people against whom violence is ASSAULT (PLOVER: against civilians).
UNARMED_KINDS = frozenset({"civilian", "crowd", "official"})
# Dependencies of a violent act whose head may name its means ("a bomber killed").
MEANS_DEPS = frozenset({"nsubj", "nsubjpass", "compound", "amod"})
# Prepositions introducing the means of an act ("killed by a bomb", "with grenades").
MEANS_PREPS = frozenset({"by", "with", "in", "using", "as"})
# Verbs whose person object is seized by force: an abduction when no state does it.
SEIZING_VERBS = frozenset({"seize", "capture", "grab", "snatch", "take"})
# Sectors of actors that arrest rather than abduct.
STATE_SECTORS = frozenset({"GOV", "COP", "MIL", "JUD", "SPY"})
# FIGHT modes of conventional military force: the act stays FIGHT whoever it hits.
CONVENTIONAL_MODES = frozenset({"heavy-weapons", "aerial", "artillery"})
# ASSAULT modes that, done by a crowd, are a riot (PLOVER PROTEST riot: violent
# collective action intended to cause injury or property damage).
RIOT_MODES = frozenset({"beat", None})
# The verb "protest" with a crowd as subject and no object: a demonstration.
PROTEST_VERBS = frozenset({"protest"})


def retype(
    lex: EventLexicon,
    tok: Any,
    cue: Cue,
    actors: tuple[EntityRef, ...],
    recipients: tuple[EntityRef, ...],
) -> Cue | None:
    """The cue the act is really coded by, or None to keep ``cue``."""
    riotous = (
        (cue.type == "ASSAULT" and cue.mode in RIOT_MODES)
        or (cue.type == "COERCE" and cue.mode == "destroy")
        or (cue.type == "CRIME" and _lemma(tok) in LOOTING)
        or (cue.type == "FIGHT" and cue.mode is None)  # "protesters clashed with police"
    )
    if riotous and any(person_kind(lex, a) == "crowd" for a in actors):
        return Cue("PROTEST", "riot", "target")  # rioters torching shops: a riot
    if cue.type == "SUPPORT" and _lemma(tok) in SIGNING_VERBS and _signs_peace(lex, tok):
        return Cue("AGREE", None, "target")  # "signed a peace agreement"
    crime = _crime(lex, tok, cue, actors, recipients)
    if crime is not None:
        return crime
    if cue.type in ("FIGHT", "ASSAULT"):
        return _violence(lex, tok, cue, actors, recipients)
    if cue.type == "COERCE" and cue.mode == "confiscate" and _lemma(tok) in SEIZING_VERBS:
        if _has_person(lex, recipients) and not _sector_in(actors, STATE_SECTORS):
            return Cue("ASSAULT", "abduct", "target")
        if _takes_ground(lex, tok):
            return Cue("FIGHT", "occupy", "target")  # "M23 seized the town of Bunagana"
        return None
    if cue.type == "DISAPPROVE" and _lemma(tok) in PROTEST_VERBS and tok.pos_ == "VERB":
        # "demonstrators protesting election results", "hundreds protested in Lagos";
        # "residents protested the decision" may be a complaint, not a demonstration
        crowd = any(person_kind(lex, a) == "crowd" for a in actors)
        bare = not any(c.dep_ == "dobj" for c in tok.children)
        if crowd or (bare and _crowd(lex, tok, actors)):
            return Cue("PROTEST", "demo", "target")
    return None


# Verbs of signing an agreement (SUPPORT, CAMEO 057; AGREE when it makes peace).
SIGNING_VERBS = frozenset({"sign"})


def _signs_peace(lex: EventLexicon, tok: Any) -> bool:
    """Whether the agreement signed (the object, an AGREE cue noun) makes peace: a
    peace word in its phrase ("a peace deal", "a ceasefire agreement", "an agreement
    on a bilateral ceasefire")."""
    for c in tok.children:
        cue = lex.nouns.get(_lemma(c)) if c.dep_ == "dobj" else None
        if cue is not None and cue.type == "AGREE":
            words = {_lemma(w) for w in c.subtree} | {w.lower_ for w in c.subtree}
            if words & lex.peace_words:
                return True
    return False


# Acts of plunder: by a crowd a riot, by armed men property seized (COERCE), else CRIME.
LOOTING = frozenset({"loot", "pillage", "plunder", "ransack"})
# FIGHT cues of entry by force that, done by police, are a search (PLOVER COERCE).
RAID_VERBS = frozenset({"raid", "storm"})
# Generic nouns of the police (their KB sector is COP).
POLICE_WORDS = frozenset({"police", "policeman", "policemen", "gendarme", "gendarmerie", "customs"})
# ASSAULT modes that stay ASSAULT whoever the victims (bombs are no theft).
UNCONVENTIONAL_MODES = frozenset({"explosives", "suicide-attack", "sexual", "abduct"})
# Coercive modes of acts done to a group or goods (arrests, seizures, searches).
POLICING_MODES = frozenset({"arrest", "confiscate", "restrict", None})


def _crime(
    lex: EventLexicon,
    tok: Any,
    cue: Cue,
    actors: tuple[EntityRef, ...],
    recipients: tuple[EntityRef, ...],
) -> Cue | None:
    """The act as CRIME (or a looting by armed men as COERCE), or None.

    PLOVER CRIME is trafficking, smuggling, theft: an arrest or seizure whose object
    names organised crime or contraband ("members of a drug trafficking gang", "two
    tonnes of cocaine") reports the crime; violence by thieves, robbers or poachers
    against no person is the theft ("armed robbers attacked a bank"). A raid by
    police is a search (COERCE), a crime when it is against one."""
    if cue.type == "CRIME":
        if _lemma(tok) in LOOTING and any(person_kind(lex, a) == "armed" for a in actors):
            return Cue("COERCE", "confiscate", "target")  # "rebels looted a health centre"
        return None
    raid = cue.type == "FIGHT" and _lemma(tok) in RAID_VERBS and _police(actors)
    if raid and _unarmed_or_none(lex, recipients):
        cue = Cue("COERCE", None, "target")  # "police raided the offices"
        return Cue("CRIME", None, "target") if _names_crime(lex, tok) else cue
    if cue.type == "COERCE" and cue.mode in POLICING_MODES and _names_crime(lex, tok):
        return Cue("CRIME", None, "target")
    if cue.type in ("FIGHT", "ASSAULT") and cue.mode not in UNCONVENTIONAL_MODES:
        thieves = any(_head_word(a) in lex.acquisitive for a in actors)
        if thieves and not _has_person(lex, recipients) and violence_means(lex, tok) is None:
            return Cue("CRIME", None, "target")  # "poachers killed two rhinos"
    return None


def _head_word(ref: EntityRef) -> str:
    words = ref.entity_text.lower().replace("-", " ").split()
    return _singular(words[-1]) if words else ""


def _police(actors: tuple[EntityRef, ...]) -> bool:
    return any(a.sector == "COP" or _head_word(a) in POLICE_WORDS for a in actors)


def _names_crime(lex: EventLexicon, tok: Any) -> bool:
    """Whether what the act is done to names organised crime or contraband."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            for w in c.subtree:
                if _lemma(w) in lex.organised_crime or w.lower_ in lex.organised_crime:
                    return True
    return False


def _takes_ground(lex: EventLexicon, tok: Any) -> bool:
    """Whether a seizure's object is ground: a town, a base, a named place ("seized
    Bunagana", "seized control of the airport")."""
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        nodes = [c]
        if _lemma(c) == "control":
            nodes = [g for p in c.children if p.lower_ == "of" for g in p.children]
        for n in nodes:
            if _lemma(n) in lex.territory_nouns or n.ent_type_ in ("GPE", "LOC", "FAC"):
                return True
    return False


def _unarmed_or_none(lex: EventLexicon, recipients: tuple[EntityRef, ...]) -> bool:
    return not any(person_kind(lex, r) == "armed" for r in recipients)


def means_subject(lex: EventLexicon, tok: Any) -> bool:
    """An act whose subject is its means ("a car bomb exploded outside a restaurant"):
    the act is the news, with no participant named."""
    for c in tok.children:
        if c.dep_ == "nsubj" and (
            _lemma(c) in lex.violence_means or c.lower_ in lex.violence_means
        ):
            return True
    return False


def _violence(
    lex: EventLexicon,
    tok: Any,
    cue: Cue,
    actors: tuple[EntityRef, ...],
    recipients: tuple[EntityRef, ...],
) -> Cue | None:
    means = violence_means(lex, tok)
    explosive = means == "explosives" or (cue.type == "ASSAULT" and cue.mode == "explosives")
    if explosive and _destroys_property(lex, tok, recipients):
        return Cue("COERCE", "destroy", "target")  # "blew up three power lines"
    if means is not None:
        return (
            Cue("ASSAULT", means, "means") if (means, "ASSAULT") != (cue.mode, cue.type) else None
        )
    if cue.type != "FIGHT":
        return None
    if _lemma(tok) in SEIZING_VERBS and _has_person(lex, recipients):
        return Cue("ASSAULT", "abduct", "target")  # combatants captured: ASSAULT abduct
    if _against_unarmed(lex, recipients) and not _conventional(lex, tok, cue):
        return Cue("ASSAULT", None, "target")
    if _unarmed_sides(lex, actors, recipients) and not _conventional(lex, tok, cue):
        return Cue("ASSAULT", None, "target")  # "the suspect shot him", a brawl
    return None


# Kinds of people whose violence is no fight between armed forces.
UNARMED_ACTOR_KINDS = frozenset({"civilian", "unspecified", "criminal", "official"})


def _unarmed_sides(
    lex: EventLexicon, actors: tuple[EntityRef, ...], recipients: tuple[EntityRef, ...]
) -> bool:
    """Whether the actors are all people of a known unarmed kind (a suspect, a
    villager, a gang) and no recipient is armed: PLOVER ASSAULT, not FIGHT."""
    kinds = [person_kind(lex, a) for a in actors]
    if not kinds or not all(k in UNARMED_ACTOR_KINDS for k in kinds):
        return False
    return _unarmed_or_none(lex, recipients)


def _destroys_property(lex: EventLexicon, tok: Any, recipients: tuple[EntityRef, ...]) -> bool:
    if any(person_kind(lex, r) is not None or _counted(r) for r in recipients):
        return False
    return any(
        c.dep_ in ("dobj", "nsubjpass") and _lemma(c) in lex.property_nouns for c in tok.children
    )


def _conventional(lex: EventLexicon, tok: Any, cue: Cue) -> bool:
    """Whether the act is done by conventional military force (aircraft,
    artillery) or is two-sided fighting ("killed three in a gunbattle")."""
    if cue.mode in CONVENTIONAL_MODES:
        return True
    for node in _means_nodes(tok):
        words = [node, *(c for c in node.children if c.dep_ in ("compound", "amod"))]
        if any(_lemma(w) in lex.conventional_means for w in words):
            return True
    return False


def _lemma(tok: Any) -> str:
    return str(tok.lemma_).lower()


def _means_nodes(tok: Any) -> list[Any]:
    """Where an act's means are named: its subject, agent, "with"/"by"/"in"
    object, compounds ("suicide attack"), or, for an act hanging from another
    verb ("blew himself up, killing 12"), that verb's subject."""
    nodes = [c for c in tok.children if c.dep_ in MEANS_DEPS]
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in MEANS_PREPS:
            nodes += [c for c in prep.children if c.dep_ == "pobj"]
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.i != tok.i:
        nodes += [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return nodes


def violence_means(lex: EventLexicon, tok: Any) -> str | None:
    """The ASSAULT mode of the unconventional means an act is done with, if any."""
    found: str | None = None
    for node in _means_nodes(tok):
        words = [node, *(c for c in node.children if c.dep_ in ("compound", "amod"))]
        for word in words:
            if word.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            mode = lex.violence_means.get(_lemma(word)) or lex.violence_means.get(word.lower_)
            if mode == "suicide-attack":
                return mode
            found = found or mode
    return found


def person_kind(lex: EventLexicon, ref: EntityRef, doc_words: Any = None) -> str | None:
    """civilian / crowd / official / armed / criminal for a participant, or None."""
    del doc_words
    if ref.sector:
        if ref.sector in lex.armed_sectors:
            return "armed"
        if ref.sector in lex.civilian_sectors:
            return "civilian"
    words = ref.entity_text.lower().replace("-", " ").split()
    if "armed" in words[:-1]:
        return "armed"  # "armed men", "an armed group"
    for word in reversed(words):  # the head noun is last: "Christian worshippers"
        kind = lex.person_types.get(word) or lex.person_types.get(_singular(word))
        if kind is not None:
            return kind
    return None


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _against_unarmed(lex: EventLexicon, recipients: tuple[EntityRef, ...]) -> bool:
    kinds = {person_kind(lex, r) for r in recipients}
    return bool(kinds & UNARMED_KINDS) and "armed" not in kinds


def _has_person(lex: EventLexicon, recipients: tuple[EntityRef, ...]) -> bool:
    for r in recipients:
        kind = person_kind(lex, r)
        if kind is not None and kind not in ("armed", "unspecified"):
            return True
        if _counted(r):
            return True  # "seized three", "captured 12"
    return False


# Number words standing alone for people ("three were abducted"): two to twelve, and
# the plural counts.
NUMBER_WORDS = frozenset({w for w, n in CARDINALS.items() if 2 <= n <= 12} | {"dozens", "hundreds"})


def _counted(ref: EntityRef) -> bool:
    first = ref.entity_text.split()[0].lower() if ref.entity_text.split() else ""
    return first.isdigit() or first in NUMBER_WORDS or first in ("thousands", "scores")


def _sector_in(refs: tuple[EntityRef, ...], sectors: frozenset[str]) -> bool:
    return any(r.sector in sectors for r in refs)


def _crowd(lex: EventLexicon, tok: Any, actors: tuple[EntityRef, ...]) -> bool:
    """Whether the protesting subject is a crowd or civilians (or a number of them)."""
    if any(person_kind(lex, a) in ("crowd", "civilian") for a in actors):
        return True
    if any(_counted(a) for a in actors):
        return True  # "hundreds", "thousands of people"
    for c in tok.children:
        if c.dep_ == "nsubj" and (c.pos_ == "NUM" or c.lower_ in ("hundreds", "thousands")):
            return True
    return False


# Kinds of generic people who are armed: their taking part makes an act in a report
# of a match more than sports.
ARMED_KINDS = frozenset({"armed", "criminal"})
# Words of death in a sentence: no game reports them ("a fan was killed after the match").
DEATH_LEMMAS = frozenset({"kill", "die", "dead", "death", "murder", "massacre", "stab"})


def violent_sentence(sent: Any, lex: EventLexicon) -> bool:
    """Whether a sentence reports a death or names a means of violence ("a fan was
    killed after the match", "a blast at the stadium", "grenades"): one scan of its
    tokens, made once per sentence (``more_than_sports`` takes it for each event)."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in DEATH_LEMMAS or lemma in lex.violence_means or tok.lower_ in lex.violence_means:
            return True
    return False


def more_than_sports(
    parsed: Any, sent: Any, lex: EventLexicon, event: Event, violent: bool | None = None
) -> bool:
    """An event in a sentence reporting sports (``extract.sports``) that is no game:
    an actor or recipient is armed (by its KB sector, or a generic person noun of an
    armed or criminal kind: "police", "gunmen", "smugglers"), or the sentence reports
    a death or names a means of violence (``violent``: ``violent_sentence`` of
    ``sent``, computed here when not given)."""
    if violent is None:
        violent = violent_sentence(sent, lex)
    if violent:
        return True
    for ref in (*event.actor, *event.recipient):
        if ref.sector in lex.armed_sectors:
            return True
        if ref.span is None:
            continue
        span = parsed.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
        if span is not None and any(
            lex.person_types.get(t.lemma_.lower()) in ARMED_KINDS for t in span
        ):
            return True
    return False
