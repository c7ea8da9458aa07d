"""Resolution: what each kept candidate names (rules 3-5 of docs/knowledge-actors.md).

A KB name or typed unknown (the context country for context classes); an office
title's holder on the publication date, else the government; a bare country name,
when the parse makes it an argument, as its armed forces or its government; a
demonym that takes the class of the mention it qualifies, or names a policy's author.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from watchfloor.extract.actors.candidates import Pick
from watchfloor.extract.actors.document import (
    COUNTRY_ENT_LABELS,
    NOUN_TAGS,
    TITLE_NAME_GAP,
    token_span,
)
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import derived
from watchfloor.extract.places import names as place_names
from watchfloor.knowledge.actors import ActorKB, Candidate, Word
from watchfloor.vocab import Dct

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Dependency labels that make a bare country name an argument of its head.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent"})
# Prepositions that mark a destination after a motion word ("to Iraq") but a recipient otherwise.
DESTINATION_PREPS = frozenset({"to", "for", "toward", "towards"})
# Labels followed upward from an orphan demonym to the mention it qualifies.
QUALIFIER_DEPS = frozenset({"conj", "amod", "compound", "nmod", "appos"})
# Steps followed upward from an orphan demonym (coordination chains are short).
QUALIFIER_MAX_STEPS = 3


# Typed unknowns that name a thing when "of" follows ("a source of income").
OF_NOT_PERSON = frozenset({"generic.individual", "generic.insider"})
OF_NEXT = re.compile(r"\s+of\b")
# Verbs whose subject is described or undergoes, not acts: "Egypt is ...", "Greece has seen".
EXPERIENCER_VERBS = frozenset({"be", "see", "witness", "experience", "undergo"})


# A direction word before a country name makes it a region ("southern Iran"): a place.
DIRECTION_WORDS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern"}
    | {"southeastern", "southwestern", "north", "south", "east", "west", "upper", "lower"}
)


def resolve(
    pick: Pick,
    i: int,
    picks: Sequence[Pick],
    parsed: SpacyDoc,
    tok_starts: list[int],
    kb: ActorKB,
    dct: Dct,
    context: str | None,
    mentioned: set[str | None],
    text: str,
) -> str | None:
    c = pick.cand
    if c.kind == "name" and c.actor_id is not None:
        if kb[c.actor_id].generic and not _ends_in_noun(pick, parsed, tok_starts):
            return None  # "an official statement": an adjective, not a typed unknown
        if kb[c.actor_id].generic and _followed_by_of(pick, text, c.actor_id):
            return None  # "a source of bragging rights": a thing, not a person
        return _contextual(c.actor_id, kb, context)
    if c.kind == "class":
        return c.actor_id
    if c.kind == "role":
        return _resolve_role(pick, i, picks, parsed, kb, dct, mentioned, text)
    if c.kind == "country" and c.is_name and c.country:
        return _bare_country(pick, parsed, tok_starts, kb)
    return None


def office_before_person(
    pick: Pick, i: int, picks: Sequence[Pick], ws: Sequence[Word], kb: ActorKB, text: str
) -> bool:
    """A KB name or class ending in an office title, right before a KB person: the person.

    Imported dictionaries list office phrases as actors ("the US Secretary of
    State"), and "French Foreign Minister" reads as a government noun too;
    before "Bernard Kouchner" the phrase is a title, like rule 3's.
    """
    c = pick.cand
    nxt = picks[i + 1] if i + 1 < len(picks) else None
    if c.kind not in ("name", "class") or nxt is None or nxt.cand.kind != "name":
        return False
    if not TITLE_NAME_GAP.match(text[pick.end : nxt.start]):
        return False
    if kb[nxt.cand.actor_id or ""].type != "person":
        return False
    return any(end == c.end for j in range(c.start, c.end) for end, _ in kb.offices(ws, j))


def role_form(c: Candidate, ws: Sequence[Word], kb: ActorKB) -> tuple[str, ...] | None:
    """The words of the office title in a country + title mention ("prime", "minister")."""
    for j in range(c.start, c.end):
        for end, key in kb.offices(ws, j):
            if end == c.end and key == c.title:
                return tuple(w.key for w in ws[j:end])
    return None


def _ends_in_noun(pick: Pick, parsed: SpacyDoc, tok_starts: list[int]) -> bool:
    last = token_span(parsed, tok_starts, pick.start, pick.end)[-1]
    return bool(last.pos_ in NOUN_TAGS)


def _followed_by_of(pick: Pick, text: str, actor_id: str) -> bool:
    """ "a source of ...", "sources of ...": for person-like unknowns a thing, not a person."""
    return actor_id in OF_NOT_PERSON and bool(OF_NEXT.match(text[pick.end :]))


def _contextual(actor_id: str, kb: ActorKB, context: str | None) -> str:
    """A bare typed unknown of a context class takes the document's context country."""
    if actor_id.startswith("generic."):
        key = actor_id.removeprefix("generic.")
        if key in kb.context_classes and context:
            return kb.class_actor(context, key) or actor_id
    return actor_id


def _resolve_role(
    pick: Pick,
    i: int,
    picks: Sequence[Pick],
    parsed: SpacyDoc,
    kb: ActorKB,
    dct: Dct,
    mentioned: set[str | None],
    text: str,
) -> str | None:
    c = pick.cand
    assert c.country is not None and c.title is not None
    nxt = picks[i + 1] if i + 1 < len(picks) else None
    if nxt and TITLE_NAME_GAP.match(text[pick.end : nxt.start]) and nxt.cand.kind == "name":
        actor = kb[nxt.cand.actor_id or ""]
        if actor.type == "person":
            return None  # the name that follows is the mention
    gov = kb.class_actor(c.country, "gov")
    if _person_follows(pick.end, parsed, text):
        return gov  # an office holder the KB does not know: the government, not a guess
    holder = kb.resolve_role(
        c.country,
        c.title,
        dct.date,
        earliest=dct.earliest,
        latest=dct.latest,
        mentioned=(m for m in mentioned if m),
    )
    return holder or gov


def _person_follows(end: int, parsed: SpacyDoc, text: str) -> bool:
    """True when a PERSON entity starts right after ``end`` (past a comma or spaces)."""
    for ent in entities(parsed):
        if ent.start_char >= end:
            return ent.label_ == "PERSON" and bool(TITLE_NAME_GAP.match(text[end : ent.start_char]))
    return False


def _bare_country(pick: Pick, parsed: SpacyDoc, tok_starts: list[int], kb: ActorKB) -> str | None:
    """A country name as an argument: its armed forces or its government (docs: rule 4)."""
    c = pick.cand
    assert c.country is not None
    span = token_span(parsed, tok_starts, pick.start, pick.end)
    if not any(
        e.label_ in COUNTRY_ENT_LABELS and e.start_char < pick.end and pick.start < e.end_char
        for e in entities(parsed)
    ):
        return None
    first = span[0]
    if first.i > 0 and parsed[first.i - 1].lower_ in DIRECTION_WORDS:
        return None  # "southern Iran", "northern Ireland": a region
    if _in_longer_place(parsed, span) or _person_name_part(parsed, span):
        return None  # "New Jersey" is not Jersey; "Eddie Jordan ... reach out to Jordan"
    if _with_person(span.root):
        return None  # "Brown and Jordan shot ...": a person's name
    governor = _governor(span.root, kb)
    if governor is None:
        return None
    key = "mil" if _acts(span.root) and _is_military(governor, kb) else "gov"
    return kb.class_actor(c.country, key)


def _in_longer_place(parsed: SpacyDoc, span: Any) -> bool:
    """The country name ends a longer place name: "New Jersey", "Papua New Guinea"."""
    first = span[0]
    if first.ent_iob_ != "I" or first.ent_type_ not in ("GPE", "LOC") or first.i == 0:
        return False
    before = parsed[first.i - 1]  # "New", not "The"
    return before.ent_iob_ in ("B", "I") and before.pos_ == "PROPN" and not before.is_stop


def _person_name_part(parsed: SpacyDoc, span: Any) -> bool:
    """Every word of the country name is part of a person named in the document
    ("Eddie Jordan" ... "Jordan"): place_names.people over spaCy's PERSON entities."""
    parts = derived(
        parsed, "actors_person_parts", lambda p: [place_names.people(p, None, (), None)]
    )
    names = parts[0].parts
    return all(t.is_alpha and t.lower_ in names for t in span)


def _with_person(tok: Any) -> bool:
    """The name is coordinated with a person ("Brown and Jordan"): a person too."""
    top = tok
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    group = [top, *(t for t in top.subtree if t.dep_ == "conj")]
    return any(t.ent_type_ == "PERSON" for t in group if t is not tok)


def _acts(tok: Any) -> bool:
    """The name is the doer (subject, agent, possessor), not the target of the governing word.

    "Israel struck" is its armed forces; "attacking the United States" names
    the country attacked: its government (the state), not its military.
    """
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "agent", "poss"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "by"


def _governor(tok: Any, kb: ActorKB) -> Any:
    """The word a country name is an argument of, or None when it is not an argument."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ARGUMENT_DEPS:
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in kb.agent_rule.locative_verbs:
            return None  # "regions bordering Syria": a place
        if tok.dep_ == "nsubj" and tok.head.lemma_ in EXPERIENCER_VERBS:
            return None  # "Egypt is not unfamiliar to ...", "the rioting Greece has seen"
        return tok.head
    rule = kb.agent_rule
    if tok.dep_ == "poss" and not _in(tok.head, rule.place_nouns):
        if any(a.dep_ == "amod" and a.tag_ == "JJS" for a in tok.head.children):
            return None  # "France's third-largest chemical group": a ranking in a country
        return tok.head  # "Turkey's efforts"; not "Iraq's borders"
    if tok.dep_ == "pobj" and tok.head.lower_ in rule.agent_prepositions:
        prep = tok.head
        if prep.lower_ in DESTINATION_PREPS and (
            _in(prep.head, rule.motion_words) or _in(prep.head.head, rule.motion_words)
        ):
            return None  # "reinforcements to Iraq": a destination
        if _in(prep.head, rule.place_nouns):
            return None  # "the border with Georgia": a place
        if (
            prep.lower_ in DESTINATION_PREPS
            and prep.head.pos_ in ("NOUN", "PROPN")
            and not _in(prep.head, POLICY_NOUNS | ADDRESSED_NOUNS)
        ):
            return None  # "traffic to India", "services to Singapore": where, not whom
        return prep.head.head if prep.head.dep_ == "agent" else prep.head
    return None


def _is_military(head: Any, kb: ActorKB) -> bool:
    """The governing word is a military verb or noun, or one of its arguments is military."""
    rule = kb.agent_rule
    if _in(head, rule.military_verbs) or _in(head, rule.military_nouns):
        return True
    return any(_military_arg(child, rule.military_nouns, depth=1) for child in head.children)


def _in(tok: Any, lexicon: frozenset[str]) -> bool:
    """The word or its lemma is in the lexicon (the lemmatizer reads "bases" as "basis")."""
    return bool(tok.lower_ in lexicon or tok.lemma_.lower() in lexicon)


def _military_arg(tok: Any, nouns: frozenset[str], depth: int) -> bool:
    if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and _in(tok, nouns):
        return True
    if tok.dep_ == "prep":
        return any(g.dep_ == "pobj" and _in(g, nouns) for g in tok.children)
    if tok.dep_ in ("xcomp", "ccomp", "advcl") and depth > 0:
        return any(_military_arg(g, nouns, depth - 1) for g in tok.children)
    return False


def orphan_demonyms(
    picks: Sequence[Pick],
    resolved: list[tuple[Pick, str]],
    parsed: SpacyDoc,
    tok_starts: list[int],
    kb: ActorKB,
) -> list[tuple[Pick, str]]:
    """Demonyms coordinated with a country-class mention take its class (docs: rule 5)."""
    done = {p.start for p, _ in resolved}
    classed = [(p, _class_of(p, aid)) for p, aid in resolved]
    out: list[tuple[Pick, str]] = []
    for pick in picks:
        c = pick.cand
        if c.kind != "country" or pick.start in done or c.country is None:
            continue
        tok = token_span(parsed, tok_starts, pick.start, pick.end).root
        for _ in range(QUALIFIER_MAX_STEPS):
            if tok.dep_ not in QUALIFIER_DEPS or tok.head is tok:
                break
            tok = tok.head
            owners = [k for p, k in classed if p.start <= tok.idx < p.end]
            if not owners:
                continue
            aid = kb.class_actor(c.country, owners[0]) if owners[0] else None
            if aid:
                out.append((pick, aid))
            break  # reached a mention: of a class (taken) or a named actor (not)
    return out


# Nouns of what a state says or does: a demonym or country name modifying one names its
# author, the government ("an Indian proposal", "a Senegalese peace plan", "US mediation").
POLICY_NOUNS = frozenset(
    {"proposal", "ultimatum", "plan", "offer", "demand", "demands", "change", "changes"}
    | {"policy", "policies", "rule", "decision", "request", "initiative", "statement"}
    | {"warning", "threat", "threats", "appeal", "refusal", "position", "stance", "pressure"}
    | {"sanctions", "mediation", "veto", "embargo", "blockade", "crackdown", "recognition"}
    | {"diplomacy", "diplomats", "diplomat", "delegation", "envoy", "negotiators"}
)


# Nouns whose "to <country>" names a recipient: "aid to Iraq", "a letter to Iran".
ADDRESSED_NOUNS = frozenset(
    {"aid", "assistance", "support", "help", "loan", "loans", "letter", "message", "call"}
    | {"threat", "response", "reply", "answer", "arms", "sales", "exports", "ultimatum", "visit"}
    | {"apology", "invitation", "note", "protest", "complaint", "ties", "relations", "link"}
)


def authoring_demonyms(
    picks: Sequence[Pick], done: set[int], parsed: SpacyDoc, tok_starts: list[int], kb: ActorKB
) -> list[tuple[Pick, str]]:
    """A country form modifying a policy noun is its government (docs: rule 5)."""
    out: list[tuple[Pick, str]] = []
    for pick in picks:
        c = pick.cand
        if c.kind != "country" or pick.start in done or c.country is None:
            continue
        root = token_span(parsed, tok_starts, pick.start, pick.end).root
        head = root.head
        if (
            root.dep_ in ("amod", "compound", "nmod")
            and head.i > root.i
            and _in(head, POLICY_NOUNS)
        ):
            aid = kb.class_actor(c.country, "gov")
            if aid:
                out.append((pick, aid))
    return out


def _class_of(pick: Pick, actor_id: str) -> str | None:
    """The class key of a country-class mention ("irq.leg" -> "leg"), else None."""
    if pick.cand.kind == "class":
        return pick.cand.class_key
    prefix, _, key = actor_id.partition(".")
    return key if key and len(prefix) == 3 and prefix != "generic" and "." not in key else None
