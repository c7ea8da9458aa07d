"""Who takes part in an event and where it happened: arguments, participants, place.

The syntax of a trigger's arguments (``arguments``: actor and recipient token
sets from the dependency parse, for verbs and nouns, with inherited subjects,
relative pronouns and coordinations), their mapping to participants
(``participants``: actor mentions, then spaCy entities, pronouns of reported
speech and group possessives, then generic agent and person nouns and
counts), whether an act with no participant is kept (``reported_alone``: a
nominal act, a means as subject, an agentless passive) and the event's place
(``location``). Used by ``events.coder``;
docs/extract-events.md, "Participants" and "Where".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container
from typing import TYPE_CHECKING, Any

from watchfloor.extract.events import targets as event_targets
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import children, column
from watchfloor.vocab import Claim, EntityRef, PlaceMention, SourceKind, Span

if TYPE_CHECKING:
    from watchfloor.extract.events.coder import _Ctx, _Trigger
    from watchfloor.extract.events.lexicon import EventLexicon
    from watchfloor.knowledge.actors import ActorKB

# Prepositions whose object is the recipient of a verbal event.
VERB_RECIPIENT_PREPS = frozenset(
    {"against", "with", "on", "to", "from", "at", "toward", "towards", "upon", "into"}
)
# Prepositions whose object is the recipient of a nominal event ("arrest of X").
NOUN_RECIPIENT_PREPS = frozenset({"against", "on", "with", "to", "of", "in", "upon", "into"})
# Prepositions whose object is the place where the event happened.
LOCATION_PREPS = frozenset({"in", "at", "to", "into", "near", "inside", "across", "throughout"})
# Dependencies of a subject-less verb through which it inherits its governor's subject.
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "acl", "pcomp"})
# spaCy entity labels that can name an event participant when no actor mention does.
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Steps walked up the tree when inheriting a subject: chains deeper than this
# are rare in news prose, and a bound keeps the cost per trigger constant.
MAX_CLIMB = 6
# Relative pronouns standing for the noun a relative clause modifies.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Personal pronouns that, as the subject of reported speech, stand for the speaker.
SPEAKER_PRONOUNS = frozenset({"it", "they", "he", "she"})
# "talks among their leaders", "clashes between X and Y": the objects take part.
PARTICIPANT_PREPS = frozenset({"among", "between", "amongst"})
# Possessive pronouns that stand for a group ("their leadership", "its forces").
GROUP_POSSESSIVES = frozenset({"their", "its"})
# A pronoun's antecedent is looked for in its own sentence and the one before.
PRONOUN_SENTENCES_BACK = 1
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
# Heads of a verbless headline: a noun or a count ("Three killed in Kabul blast").
_HEADLINE_POS = frozenset({"NOUN", "PROPN", "NUM"})


def _token_at(ctx: _Ctx, offset: int) -> int:
    return max(bisect_right(ctx.token_starts, offset) - 1, 0)


def _end(tok: Any) -> int:
    return int(tok.idx + len(tok.text))


def _arguments(ctx: _Ctx, trig: _Trigger) -> tuple[set[int], set[int]]:
    """Token indices of the actor and recipient arguments of a trigger."""
    tok, people = trig.tok, ctx.lex.person_types
    if trig.said_by is not None:
        # "X said Y must do Z": X demands, of Y
        said_by = trig.said_by
        return _own_subject(said_by) or _inherited_subject(said_by, people), _own_subject(tok)
    if trig.nominal:
        actor, recipient = _noun_arguments(tok, people)
        moving = {  # the cue's own words ("state of alert") are no argument
            i
            for i in (_of_tokens(tok) if trig.cue.type in SELF_MOVING_TYPES else ())
            if not trig.start <= tok.doc[i].idx < trig.end
        }
        if moving and not any(tok.doc[i].dep_ == "poss" for i in actor):
            # "movements of US convoys", "the withdrawal of US troops": whose forces move
            # or withdraw is the actor (not a recipient, nor a governing verb's subject)
            actor = moving
            recipient -= actor
    else:
        actor, recipient = _verb_arguments(tok, people)
        for effect in trig.absorbed:
            recipient |= _verb_arguments(effect, people)[1]
        head = tok.head
        headline = tok.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in _HEADLINE_POS
        if headline and (not actor or any(c.dep_ == "agent" for c in tok.children)):
            # a verbless headline's noun and its reduced clause ("Hundreds protested
            # in Lagos", "Three killed in Kabul blast", "Hostages freed by ISWAP")
            words = _tokens(head) - {t.i for t in tok.subtree}
            lemma = tok.lemma_.lower()
            acts = trig.cue.type in SUBJECT_ACL_TYPES or lemma in event_targets.PROTEST_VERBS
            if not actor and (acts or tok.tag_ == "VBD"):
                actor = words
            else:
                recipient |= words
    if trig.intent_of is not None:
        inner = trig.intent_of
        in_actor, in_recipient = (
            _noun_arguments(inner, people)
            if inner.pos_ in _NOMINAL_POS
            else _verb_arguments(inner, people)
        )
        actor = actor or in_actor
        recipient = recipient | in_recipient
    recipient -= actor
    return actor, recipient


def _verb_arguments(verb: Any, people: Container[str]) -> tuple[set[int], set[int]]:
    actor: set[int] = set()
    recipient: set[int] = set()
    for child in verb.children:
        dep = child.dep_
        if dep in ("nsubj", "csubj"):
            actor |= _subject_tokens(child)
        elif dep == "agent":
            actor |= _pobj_tokens(child)
        elif dep in ("dobj", "nsubjpass", "dative"):
            recipient |= _tokens(child)
        elif dep == "prep" and (
            child.lower_ in VERB_RECIPIENT_PREPS or child.lower_ in PARTICIPANT_PREPS
        ):
            recipient |= _pobj_tokens(child)  # "a ceasefire agreed between X and Y"
    if not actor:
        actor = _inherited_subject(verb, people)
    return actor, recipient


# Violent types: their effect verbs ("killing three") are the same act, and the
# means noun in their subject ("a suicide bomber blew himself up") names it.
VIOLENT_TYPES = frozenset({"FIGHT", "ASSAULT"})
# Types of an act done by its subject, for a verb a headline hangs from a noun
# ("Hundreds protested in Lagos": the hundreds protest; "Three killed": they die).
SUBJECT_ACL_TYPES = frozenset({"PROTEST", "MOBILIZE", "RETREAT"})

# Types whose "of" argument of a nominal trigger is the actor (the forces that move).
SELF_MOVING_TYPES = frozenset({"MOBILIZE", "RETREAT"})


def _of_tokens(noun: Any) -> set[int]:
    out: set[int] = set()
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            out |= _pobj_tokens(child)
    return out


def _noun_arguments(noun: Any, people: Container[str]) -> tuple[set[int], set[int]]:
    actor: set[int] = set()
    recipient: set[int] = set()
    for child in noun.children:
        dep = child.dep_
        if dep == "poss" or (dep in ("compound", "amod", "nmod") and child.ent_type_):
            actor |= _tokens(child)
        elif dep == "prep" and (child.lower_ == "by" or child.lower_ in PARTICIPANT_PREPS):
            actor |= _pobj_tokens(child)
        elif dep == "prep" and child.lower_ in NOUN_RECIPIENT_PREPS:
            recipient |= _pobj_tokens(child)
    anchor = _first_conjunct(noun)
    head = anchor.head
    pronoun_only = bool(actor) and all(noun.doc[i].pos_ == "PRON" for i in actor)
    if pronoun_only and anchor.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
        # "continued their hunger strike": the verb's subject is who "their" is
        actor |= _verb_arguments(head, people)[0]
    if not actor and anchor.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
        actor, verb_recipient = _verb_arguments(head, people)
        own = _tokens(noun)
        recipient |= {i for i in verb_recipient if i not in own}
    elif (
        not actor
        and anchor.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.head.pos_
        in (
            "VERB",
            "AUX",
        )
    ):
        actor = _own_subject(head.head)  # "X has been in constant contact with Y"
    elif anchor.dep_ == "nsubj" and head.pos_ == "VERB":
        for child in head.children:
            if child.dep_ == "dobj":
                recipient |= _tokens(child)
            elif child.dep_ == "prep" and child.lower_ in PARTICIPANT_PREPS and not actor:
                actor |= _pobj_tokens(child)  # "discussions have taken place among X"
    return actor, recipient


def _first_conjunct(tok: Any) -> Any:
    """The first of coordinated nouns ("knowledge of or involvement in" -> knowledge)."""
    for _ in range(MAX_CLIMB):
        if tok.dep_ != "conj":
            break
        tok = tok.head
    return tok


def _inherited_subject(verb: Any, people: Container[str]) -> set[int]:
    """The subject a subject-less verb shares with the verb or noun it hangs from."""
    node = verb
    for _ in range(MAX_CLIMB):
        if node.dep_ not in INHERIT_DEPS or node.head.i == node.i:
            return set()
        head = node.head
        if (
            node.dep_ == "acl"
            and node.tag_ == "VBG"
            and head.pos_ in _NOMINAL_POS
            and _person_noun(head, people)
        ):
            return _tokens(head) - {t.i for t in node.subtree}  # "demonstrators protesting X"
        if node.dep_ == "acl" and head.pos_ in _NOMINAL_POS:
            # "a statement demanding ...": the statement's issuer is the actor
            if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                node = head.head
                subject = _own_subject(node)
                if subject:
                    return subject
                continue
            return set()
        subject = _own_subject(head)
        if subject:
            return subject
        node = head
    return set()


def _person_noun(tok: Any, people: Container[str]) -> bool:
    """A generic noun for people ("demonstrators", "villagers": ``people``, the lexicon's
    person types) or a named person or group."""
    if tok.ent_type_ in ("PERSON", "NORP", "ORG"):
        return True
    return tok.lemma_.lower() in people or tok.lower_ in people


def _own_subject(verb: Any) -> set[int]:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return _subject_tokens(child)
        if child.dep_ == "agent":
            return _pobj_tokens(child)
    return set()


def _subject_tokens(subj: Any) -> set[int]:
    """A subject's tokens; a relative pronoun stands for the noun its clause
    modifies; a personal pronoun subject of reported speech for the speaker
    ("Iraq said it would allow ..." -> Iraq)."""
    if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
        return _tokens(subj.head.head)
    if subj.lower_ in SPEAKER_PRONOUNS and subj.dep_ == "nsubj":
        clause = subj.head
        for _ in range(MAX_CLIMB):
            if clause.dep_ != "conj":
                break
            clause = clause.head
        said = clause.head
        if clause.dep_ == "ccomp" and said.pos_ in ("VERB", "AUX") and said.i != clause.i:
            speaker = next((c for c in said.children if c.dep_ == "nsubj"), None)
            if speaker is not None and speaker.pos_ != "PRON":
                return _tokens(speaker)
    return _tokens(subj)


def _pobj_tokens(prep: Any) -> set[int]:
    out: set[int] = set()
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            out |= _tokens(child)
    return out


def _tokens(top: Any) -> set[int]:
    """A phrase's tokens, without relative clauses (their content is another matter)."""
    parsed = top.doc
    kids, dep, pos = children(parsed), column(parsed, "dep_"), column(parsed, "pos_")
    out: set[int] = set()
    stack = [top.i]
    while stack:
        i = stack.pop()
        out.add(i)
        for c in kids[i]:
            if dep[c] in ("relcl", "acl", "advcl", "punct") and pos[c] != "PROPN":
                continue
            stack.append(c)
    return out


# ------------------------------------------------------------------ participants


def _participants(
    ctx: _Ctx, toks: set[int], claim: Claim | None = None, people: bool = False
) -> tuple[EntityRef, ...]:
    if not toks:
        return ()
    refs = _from_mentions(ctx, toks)
    if not refs:
        refs = _from_entities(ctx, toks)
    if not refs:  # "their leaders": the group behind the pronoun, before the bare noun
        refs = _from_pronouns(ctx, toks, claim)
    if not refs:
        refs = _from_agents(ctx, toks, people)
    seen: set[str] = set()
    out: list[EntityRef] = []
    for ref in refs:
        key = ref.actor_id or ref.entity_text.lower()
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return tuple(out)


def _from_mentions(ctx: _Ctx, toks: set[int]) -> list[EntityRef]:
    out: list[EntityRef] = []
    for i in sorted(toks):
        for m in ctx.mentions_at.get(i, ()):
            if _in_place(ctx, m.span):
                continue  # "villagers in northern Nigeria": where they are, not who
            actor = _kb_get(ctx.kb, m.actor_id)
            out.append(
                EntityRef(
                    actor_id=m.actor_id,
                    entity_text=m.span.text,
                    span=m.span,
                    code=getattr(actor, "code", None),
                    sector=getattr(actor, "sector", None),
                    country=getattr(actor, "country", None),
                )
            )
    return out


def _in_place(ctx: _Ctx, span: Span) -> bool:
    """Whether a span lies inside a non-metonymic place mention of a location
    phrase ("in northern Nigeria"): a place, not a participant."""
    for place in ctx.places:
        if place.span.start <= span.start and span.end <= place.span.end:
            tok = ctx.parsed[_token_at(ctx, place.span.end - 1)]  # the name's head
            for _ in range(MAX_CLIMB):
                if tok.dep_ not in PLACE_NAME_DEPS or tok.head.i == tok.i:
                    break
                tok = tok.head
            head = tok.head
            return tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in WHERE_PREPS
    return False


# Prepositions of where something is (not "to": "aid to Serbia" names a recipient).
WHERE_PREPS = frozenset({"in", "at", "near", "inside", "across", "throughout"})
# Dependencies inside a place name's phrase ("northern Nigeria", "Kano State").
PLACE_NAME_DEPS = frozenset({"compound", "amod", "flat", "nmod"})


def _ref(ctx: _Ctx, actor_id: str, span: Span) -> EntityRef:
    actor = _kb_get(ctx.kb, actor_id)
    return EntityRef(
        actor_id=actor_id,
        entity_text=span.text,
        span=span,
        code=getattr(actor, "code", None),
        sector=getattr(actor, "sector", None),
        country=getattr(actor, "country", None),
    )


def _from_pronouns(ctx: _Ctx, toks: set[int], claim: Claim | None) -> list[EntityRef]:
    """A group possessive ("their leadership") resolved to the group it stands for.

    First the subject of its own clause ("the United States was repositioning
    its troops" -> the US); inside reported content, then the speaker's own
    organisation ("a spokesperson for X revealed that ... their leadership" ->
    X); else the nearest named (non-generic) group mentioned before it in this
    or the previous sentence. The span is the pronoun itself, so the reader
    sees it.
    """
    text = ctx.document.text
    for i in sorted(toks):
        tok = ctx.parsed[i]
        if tok.dep_ != "poss" or tok.lower_ not in GROUP_POSSESSIVES:
            continue
        actor_id = (
            _clause_subject_group(ctx, tok)
            or _speaker_group(ctx, claim)
            or _preceding_group(ctx, tok)
        )
        if actor_id is not None:
            span = Span(tok.idx, _end(tok), text[tok.idx : _end(tok)])
            return [_ref(ctx, actor_id, span)]
    return []


def _is_group(actor: Any) -> bool:
    return actor is not None and actor.type != "person" and not actor.generic


def _clause_subject_group(ctx: _Ctx, tok: Any) -> str | None:
    head = tok.head
    for _ in range(MAX_CLIMB):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            for i in sorted(_subject_tokens(child)):
                for m in ctx.mentions_at.get(i, ()):
                    if _is_group(_kb_get(ctx.kb, m.actor_id)):
                        return m.actor_id
    return None


def _speaker_group(ctx: _Ctx, claim: Claim | None) -> str | None:
    if claim is None:
        return None
    for source in claim.sources:
        if source.kind in (SourceKind.MEDIA, SourceKind.OUTLET):
            continue  # the outlet told is not who "their" stands for
        if source.actor and _is_group(_kb_get(ctx.kb, source.actor)):
            return source.actor
    return None


def _preceding_group(ctx: _Ctx, tok: Any) -> str | None:
    first = tok.sent.start
    for _ in range(PRONOUN_SENTENCES_BACK):
        if first > 0:
            first = ctx.parsed[first - 1].sent.start
    for i in sorted((k for k in ctx.mentions_at if first <= k < tok.i), reverse=True):
        for m in ctx.mentions_at[i]:
            if _is_group(_kb_get(ctx.kb, m.actor_id)):
                return m.actor_id
    return None


def _kb_get(kb: ActorKB, actor_id: str) -> Any:
    """The KB actor, or None (no KB, or an id it lacks: the reference stays unresolved)."""
    return kb.get(actor_id) if kb is not None else None


def _from_entities(ctx: _Ctx, toks: set[int]) -> list[EntityRef]:
    out: list[EntityRef] = []
    text = ctx.document.text
    located = {(p.span.start, p.span.end) for p in ctx.places if not p.metonymic}
    for ent in entities(ctx.parsed):
        if ent.label_ not in PARTICIPANT_LABELS or ent.root.i not in toks:
            continue
        if (ent.start_char, ent.end_char) in located:
            continue  # "reinforcements to Iraq": a destination, not a recipient
        if _in_place(ctx, Span(ent.start_char, ent.end_char, "")):
            continue  # "villagers in northern Nigeria"
        span = Span(ent.start_char, ent.end_char, text[ent.start_char : ent.end_char])
        out.append(EntityRef(actor_id=None, entity_text=span.text, span=span))
    return out


def _from_agents(ctx: _Ctx, toks: set[int], people: bool = False) -> list[EntityRef]:
    """Generic actor nouns ("troops", "protesters") heading the argument: typed unknowns."""
    out: list[EntityRef] = []
    text = ctx.document.text
    for i in sorted(toks):
        tok = ctx.parsed[i]
        if tok.head.i in toks and tok.dep_ in ("compound", "nummod"):
            continue
        if not _agent_noun(ctx.lex, tok, people) and not (people and _people_count(tok, toks)):
            continue
        left = min([tok.i] + [c.i for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")])
        start, end = ctx.parsed[left].idx, _end(tok)
        out.append(
            EntityRef(
                actor_id=None, entity_text=text[start:end], span=Span(start, end, text[start:end])
            )
        )
    return out


# Kinds of generic person nouns that take part in any act ("the elders demanded",
# "the security chief warned"); civilians and criminals only in material conflict
# ("a neighbor backing out of a driveway" is no SUPPORT).
POLITICAL_KINDS = frozenset({"official", "crowd", "armed"})
# Plural quantity nouns that stand for people ("hundreds protested").
PEOPLE_COUNTS = frozenset({"hundred", "thousand", "dozen", "score", "million"})


def _agent_noun(lex: EventLexicon, tok: Any, people: bool) -> bool:
    """A generic actor noun ("troops"); with ``people``, a generic person noun too."""
    if tok.pos_ not in _NOMINAL_POS:
        return False
    for word in (tok.lemma_.lower(), tok.lower_):
        kind = lex.person_types.get(word)
        if word in lex.agents or kind in POLITICAL_KINDS or (people and kind is not None):
            return True
    return False


def _people_count(tok: Any, toks: set[int]) -> bool:
    """A number heading an argument on its own: "three were abducted", "hundreds
    marched" (not "three of them", whose head is the count's object)."""
    if tok.head.i in toks and tok.head.i != tok.i:
        return False
    if tok.pos_ == "NUM":
        return not any(c.dep_ == "prep" for c in tok.children)
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return False  # "hundreds of villagers": the villagers are named
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in PEOPLE_COUNTS and tok.tag_ == "NNS"


# ---------------------------------------------------------- where, when, how sure


def _location(ctx: _Ctx, trig: _Trigger, argument_toks: set[int]) -> PlaceMention | None:
    """A non-metonymic place attached to the trigger (or its light verb) by in/at/to..."""
    if not ctx.places:
        return None
    anchors = [trig.tok]
    if trig.nominal and trig.tok.head.pos_ in ("VERB", "AUX"):
        anchors.append(trig.tok.head)
    if trig.intent_of is not None:
        anchors.append(trig.intent_of)
    found = _place_under(ctx, anchors)
    if found is not None:
        return found
    # else a place attached to what the event is done to or by: "attacked an army base
    # in Kirkuk", "clashed with Iraqi forces near Kirkuk", "militants in Mosul attacked"
    doc = trig.tok.doc
    second = [doc[i] for i in sorted(argument_toks)]
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ in OBJECT_DEPS:
                second.append(child)
            elif child.dep_ == "prep" and child.lower_ in ARGUMENT_PREPS:
                second.extend(c for c in child.children if c.dep_ == "pobj")
    found = _place_under(ctx, second)
    if found is None and trig.tok.dep_ in ("advcl", "conj"):
        # "attacked a base in Kirkuk, killing two soldiers": the killing is there too
        head = trig.tok.head
        found = _place_under(ctx, [head, *(c for c in head.children if c.dep_ in OBJECT_DEPS)])
    return found


OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr"})
ARGUMENT_PREPS = frozenset({"with", "on", "against", "upon"})


def _place_under(ctx: _Ctx, anchors: list[Any]) -> PlaceMention | None:
    """The first place inside a location phrase (in/at/to/near ...) under one of ``anchors``."""
    for anchor in anchors:
        for child in anchor.children:
            # spaCy labels "to" after a transfer verb "dative": "sent troops to Iraq"
            if child.dep_ not in ("prep", "dative") or child.lower_ not in LOCATION_PREPS:
                continue
            lo, hi = child.idx, _end(child.right_edge)
            for place in ctx.places:
                if lo <= place.span.start and place.span.end <= hi:
                    return place
    return None


# ------------------------------------------------------- events with no participant

# head of a verbless sentence or headline, the subject of its clause ("clashes
# erupted"), the attribute of "there was" ("there was an explosion").
ALONE_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "attr", "appos"})


def _reported_alone(ctx: _Ctx, trig: _Trigger) -> bool:
    """A material-conflict act reported without participants ("a suicide bombing
    at a market", "clashes erupted in the north", "a church was torched"):
    kept, since the act itself is the news (PLOVER requires no actor)."""
    if ctx.onto.get(trig.cue.type).quad_class != 4:
        return False
    tok = trig.tok
    if trig.nominal:
        return tok.dep_ in ALONE_DEPS and not any(c.dep_ == "poss" for c in tok.children)
    if event_targets.means_subject(ctx.lex, tok):
        return True  # "a car bomb exploded outside a restaurant"
    if any(c.dep_ == "agent" for c in tok.children):
        return False
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.dep_ == "ROOT":
        return tok.head.pos_ in _HEADLINE_POS  # a headline's passive: "Grenade thrown at a bar"
    # an agentless passive whose subject is what was hit ("a church was torched")
    return any(c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN", "NUM") for c in tok.children)


def _vouched(ctx: _Ctx, trig: _Trigger) -> bool:
    """The classifier is sure the trigger reports an event (p >= its alone_threshold):
    kept with no participant named ("The two countries severed relations")."""
    if ctx.model is None:
        return False
    return ctx.event_p.get(trig.tok.i, 0.0) >= ctx.model.alone_threshold
