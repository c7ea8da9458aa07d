"""PLOVER event coding: who did what to whom, where, when, and how sure.

Triggers are found over spaCy's parse with the cue lexicon
(``knowledge/data/event_cues.yaml``): verbs (with particles: "crack down",
"call for"), nominal events ("reinforcements", "attacks") and multi-word
nominal cues ("state of alert"). Their participants come from the trigger's
dependency arguments:

* verb: actor = ``nsubj`` (or the ``agent`` of a passive; a subject-less
  ``xcomp``/``advcl``/``conj``/``acl`` verb inherits the subject of the verb
  it hangs from); recipient = ``dobj``, ``nsubjpass``, ``dative`` and the
  objects of "against", "with", "on", "to", "from", "at", "toward(s)", "upon".
* noun: actor = possessor, nationality/name modifiers, "by"; recipient =
  "against", "on", "with", "to", "of" (patient), "in"; a noun that is the
  object of a verb takes that verb's subject as actor ("X launched attacks").

Arguments are mapped to the actor mentions inside them; failing that, to
spaCy's named entities (unresolved, ``actor_id=None``); failing that, to a
generic agent noun ("troops", "protesters") as a typed unknown. An event is
emitted only when it has an actor or a recipient (precision first).

Structure rules: an event embedded in the complement of a verbal event
("agreed to provide aid", "threatened to shell") is its content, not a second
event; an intention or preparation over a conflict act codes THREATEN ("plans
to impose restrictions"), over a cooperative act AGREE; a light verb over a
nominal event gives way to the noun ("launched an investigation").

Modality and claim come from the claims stage, the date from the times stage,
the place from a non-metonymic place mention attached to the trigger by
"in"/"at"/"to"/... .
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims import claim_at
from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.modality import local_modality
from watchfloor.extract.events import nonevents as event_nonevents
from watchfloor.extract.events import targets as event_targets
from watchfloor.extract.events.classifier import EventClassifier, propose
from watchfloor.extract.events.lexicon import Cue, EventLexicon
from watchfloor.extract.events.participants import (
    _NOMINAL_POS,
    MAX_CLIMB,
    VIOLENT_TYPES,
    _arguments,
    _end,
    _inherited_subject,
    _kb_get,
    _location,
    _own_subject,
    _participants,
    _reported_alone,
    _token_at,
    _vouched,
)
from watchfloor.extract.nlp.tokens import column, lemma_lower
from watchfloor.extract.sentences import index_of
from watchfloor.extract.sports import sports_sentences
from watchfloor.extract.times import event_date
from watchfloor.knowledge.plover import Ontology, load_plover
from watchfloor.vocab import (
    ActorMention,
    Claim,
    Document,
    EntityRef,
    Event,
    Modality,
    PlaceMention,
    Sentence,
    SourceKind,
    Span,
    TimeRef,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.extract.cues import Cues
    from watchfloor.knowledge.actors import ActorKB
    from watchfloor.knowledge.gazetteer import Gazetteer

NAME = "events.v5"

# Complement dependencies: an event there is the content of the verbal event above it.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj"})
# Quad classes of verbal events, whose complement is their content (PLOVER README).
VERBAL_QUADS = frozenset({1, 3})
# Cooperative verbal types whose negation by their own actor is a refusal (REJECT).
REFUSABLE = frozenset({"AGREE", "CONCEDE", "SUPPORT", "CONSULT"})
# Conflict quad classes: an intention to do one of these is a THREATEN.
CONFLICT_QUADS = frozenset({3, 4})
# Modals that, with an "if"/"unless" clause of their own, make an act a threat.
CONDITIONAL_MODALS = frozenset({"may", "might", "could", "can"})
# Determiners that make a nominal event a mere possibility ("any clash").
HYPOTHETICAL_DETERMINERS = frozenset({"any", "whatever", "whichever"})


@dataclass
class _Trigger:
    tok: Any  # the spaCy token anchoring the trigger
    cue: Cue
    start: int  # character span of the cue words
    end: int
    nominal: bool
    intent_of: Any | None = None  # the embedded trigger token, for intent events
    said_by: Any | None = None  # the verb of saying, for "X said Y must ..." demands
    drop: bool = False
    absorbed: list[Any] = field(default_factory=list)  # effect verbs of the same act


@dataclass
class _Ctx:
    parsed: SpacyDoc
    document: Document
    lex: EventLexicon
    claim_lex: CueLexicon  # the claims stage's markers, for each event's local modality
    phrases: Any  # the PhraseMatcher over the lexicon's multi-word cues (Cues.phrase_matcher)
    onto: Ontology
    mentions_at: dict[int, list[ActorMention]]  # first token index -> mentions
    places: list[PlaceMention]
    kb: ActorKB
    times: tuple[TimeRef, ...]
    claims: tuple[Claim, ...]
    token_starts: list[int] = field(default_factory=list)
    model: EventClassifier | None = None
    event_p: dict[int, float] = field(default_factory=dict)  # the model's, by token index


# --------------------------------------------------------------------------- API


def find(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    document: Document,
    *,
    actor_mentions: tuple[ActorMention, ...],
    kb: ActorKB,
    place_mentions: tuple[PlaceMention, ...],
    gazetteer: Gazetteer | None,
    times: tuple[TimeRef, ...],
    claims: tuple[Claim, ...],
    cues: Cues,
    classifier: EventClassifier | None = None,
) -> tuple[Event, ...]:
    """PLOVER events of a parsed document, ids "e1", "e2"... in text order.

    With ``classifier`` (``Resources.event_model``), the learned model adds
    triggers no cue names and retypes cues (``extract.events.classifier``)."""
    del gazetteer  # places arrive resolved; the gazetteer is not needed here
    ctx = _Ctx(
        parsed=parsed,
        document=document,
        lex=cues.events,
        claim_lex=cues.claims,
        phrases=cues.phrase_matcher(parsed.vocab),
        onto=load_plover(),
        mentions_at={},
        places=[p for p in place_mentions if not p.metonymic],
        kb=kb,
        times=times,
        claims=claims,
        token_starts=column(parsed, "idx"),
        model=classifier,
    )
    for m in actor_mentions:
        ctx.mentions_at.setdefault(_token_at(ctx, m.span.start), []).append(m)
    sports = sports_sentences(parsed, cues.sports)
    drafts: list[Event] = []
    for sent_index, sent in enumerate(parsed.sents):
        where = index_of(sents, sent.start_char) if sents else sent_index
        coded = [e for e in (_code(ctx, t, where) for t in _triggers(ctx, sent)) if e]
        if not coded and classifier is not None and classifier.fallback_threshold <= 1:
            # nothing the cues name: what the model says the sentence reports, if sure
            coded = [e for e in (_code(ctx, t, where) for t in _triggers(ctx, sent, True)) if e]
        if sent_index in sports:
            # a report of a match: "beat", "crushed", "defended his title" are sports,
            # unless armed men take part ("police fired tear gas at fans after the
            # match") or someone dies
            violent = event_targets.violent_sentence(sent, ctx.lex)  # once per sentence
            coded = [
                e
                for e in coded
                if event_targets.more_than_sports(parsed, sent, ctx.lex, e, violent)
            ]
        drafts.extend(coded)
    drafts.sort(key=lambda e: (e.trigger.start, e.trigger.end))
    return tuple(_renumber(e, n) for n, e in enumerate(drafts, 1))


def _renumber(event: Event, n: int) -> Event:
    from dataclasses import replace

    return replace(event, id=f"e{n}")


# ---------------------------------------------------------------------- triggers


def _triggers(ctx: _Ctx, sent: Any, fallback: bool = False) -> list[_Trigger]:
    found: dict[int, _Trigger] = {}
    parsed, lex = ctx.parsed, ctx.lex
    pos, lemmas, lower = column(parsed, "pos_"), lemma_lower(parsed), column(parsed, "lower_")
    verb_heads = _heads(lex).verbs
    for i in range(sent.start, sent.end):
        # only a verb that may open a verb cue, a noun that is one (see _token_cue)
        if pos[i] == "VERB":
            if lemmas[i] not in verb_heads and _form_lemma(lower[i], verb_heads) is None:
                continue
        elif pos[i] != "NOUN" or (lemmas[i] not in lex.nouns and lower[i] not in lex.nouns):
            continue
        trig = _token_cue(lex, parsed[i])
        if trig is not None:
            found[i] = trig
    # A matcher run over a Span returns offsets into the whole Doc.
    for match_id, start, end in ctx.phrases(sent):
        span = ctx.parsed[start:end]
        cue = ctx.lex.phrases[ctx.parsed.vocab.strings[match_id]]
        root = span.root  # "took to the streets" is verbal, "state of alert" nominal
        nominal = root.pos_ in _NOMINAL_POS
        found[root.i] = _Trigger(root, cue, span.start_char, span.end_char, nominal=nominal)
    if ctx.model is not None and (fallback or _acts_everywhere(ctx.model)):
        _apply_model(ctx, sent, found, fallback)
    triggers = sorted(found.values(), key=lambda t: t.tok.i)
    _add_reversals(ctx, sent, triggers, found)
    _add_intents(ctx, sent, triggers, found)
    _add_demands(ctx, sent, triggers, found)
    _apply_effects(ctx, triggers)
    _suppress(ctx, triggers, found)
    return [t for t in triggers if not t.drop]


def _acts_everywhere(model: EventClassifier) -> bool:
    """Whether the model has a use in sentences the cues coded (not only as a fallback):
    when it has none, it is not consulted there, which keeps the stage cheap."""
    return min(model.add_threshold, model.retype_threshold, model.alone_threshold) <= 1


def _apply_model(ctx: _Ctx, sent: Any, found: dict[int, _Trigger], fallback: bool) -> None:
    """The classifier's word on the sentence: cues it retypes, triggers it adds
    (``fallback``: for a sentence where the cues coded nothing)."""
    assert ctx.model is not None
    cue_types = {i: t.cue.type for i, t in found.items()}
    said = propose(ctx.model, ctx.parsed, sent.start, sent.end, cue_types, fallback)
    ctx.event_p.update(said.event_p)
    for p in said.retypes:
        old = found[p.i].cue
        found[p.i].cue = Cue(p.type, old.mode if old.type == p.type else None, "model")
    for p in said.adds:
        tok = ctx.parsed[p.i]
        cue = Cue(p.type, None, "model")
        found[p.i] = _Trigger(tok, cue, tok.idx, _end(tok), nominal=tok.pos_ in _NOMINAL_POS)


def _replace(triggers: list[_Trigger], found: dict[int, _Trigger], trig: _Trigger) -> None:
    """Put ``trig`` in place of any trigger on the same token."""
    old = found.get(trig.tok.i)
    if old is not None and old in triggers:
        triggers.remove(old)
    found[trig.tok.i] = trig
    triggers.append(trig)
    triggers.sort(key=lambda t: t.tok.i)


@dataclass(frozen=True)
class _Heads:
    """Lemmas that may open a cue of a lexicon: a test on a token's columns
    that skips making the Token for every other word."""

    verbs: frozenset[str]  # a verb cue alone, or with a particle, preposition or object
    reversals: frozenset[str]  # a reversal verb alone or with its particle


_HEADS: dict[int, tuple[EventLexicon, _Heads]] = {}


def _space_prefixes(phrases: Iterable[str]) -> set[str]:
    """Every part of a phrase before one of its spaces: "call off" -> "call"."""
    return {p[:i] for p in phrases for i, ch in enumerate(p) if ch == " "}


def _heads(lex: EventLexicon) -> _Heads:
    cached = _HEADS.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    heads = _Heads(
        verbs=frozenset(set(lex.verbs) | _space_prefixes([*lex.verbs, *lex.verb_objects])),
        reversals=frozenset(set(lex.reversals) | _space_prefixes(lex.reversals)),
    )
    _HEADS.clear()
    _HEADS[id(lex)] = (lex, heads)
    return heads


def _verb_lemmas(tok: Any) -> list[str]:
    """A verb's lemma and its lemma + particle forms ("call off")."""
    lemma = tok.lemma_.lower()
    return [lemma] + [f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "prep")]


def _add_reversals(
    ctx: _Ctx, sent: Any, triggers: list[_Trigger], found: dict[int, _Trigger]
) -> None:
    """A verb that ends or eases the act in its object codes the reversal:
    "lifted the curfew" CONCEDE, "lifted the blockade" RETREAT, "cancelled a
    visit" SANCTION (PLOVER CONCEDE/RETREAT/SANCTION; CAMEO 081-087, 16)."""
    lex = ctx.lex
    pos, lemmas = column(ctx.parsed, "pos_"), lemma_lower(ctx.parsed)
    heads = _heads(lex).reversals
    for i in range(sent.start, sent.end):
        if pos[i] != "VERB" or lemmas[i] not in heads:
            continue
        tok = ctx.parsed[i]
        if not any(w in lex.reversals for w in _verb_lemmas(tok)):
            continue
        for obj in tok.children:
            if obj.dep_ not in ("dobj", "nsubjpass"):
                continue
            # "ended mediation efforts": the cue noun may modify the object
            for node in [obj, *(c for c in obj.children if c.dep_ == "compound")]:
                inner = found.get(node.i)
                if inner is None or inner.drop or not inner.nominal:
                    continue
                ptype = lex.reversal_nouns.get(node.lemma_.lower()) or lex.reversal_map.get(
                    inner.cue.type
                )
                if ptype is None:
                    continue
                inner.drop = True
                cue = Cue(type=ptype, mode=None, source="reversal")
                _replace(triggers, found, _Trigger(tok, cue, tok.idx, _end(tok), nominal=False))
                break
            else:
                continue
            break


def _add_demands(
    ctx: _Ctx, sent: Any, triggers: list[_Trigger], found: dict[int, _Trigger]
) -> None:
    """ "X said Y must/should do Z": X's DEMAND on Y, with Z its content. Said
    with "should not" by a government: its REJECT of Z (see event_cues.yaml)."""
    dep, pos = column(ctx.parsed, "dep_"), column(ctx.parsed, "pos_")
    for i in range(sent.start, sent.end):
        if dep[i] != "ccomp" or pos[i] not in ("VERB", "AUX"):
            continue
        tok = ctx.parsed[i]
        modal = next(
            (c for c in tok.children if c.dep_ == "aux" and c.lower_ in ctx.lex.deontic), None
        )
        if modal is None or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        subject = _own_subject(tok)
        if not subject or all(ctx.parsed[i].pos_ == "PRON" for i in subject):
            continue  # "we must defend ourselves": no one else is asked anything
        said_by = tok.head
        speaker = _own_subject(said_by) or _inherited_subject(said_by, ctx.lex.person_types)
        if not speaker:
            continue
        negated = any(c.dep_ == "neg" for c in tok.children)
        ptype = "REJECT" if negated and _governmental(ctx, speaker) else "DEMAND"
        cue = Cue(type=ptype, mode=None, source="deontic")
        trig = _Trigger(tok, cue, modal.idx, _end(tok), nominal=False, said_by=said_by)
        _replace(triggers, found, trig)
        for other in triggers:  # the act demanded is the demand's content
            if other is not trig and _inside(other.tok, tok):
                other.drop = True


def _inside(tok: Any, top: Any) -> bool:
    """Whether ``tok`` lies in the subtree of ``top`` (``top`` itself excluded)."""
    node = tok
    for _ in range(2 * MAX_CLIMB):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i == top.i:
            return True
    return False


def _governmental(ctx: _Ctx, toks: set[int]) -> bool:
    """Whether an actor mention among ``toks`` is a government or its official (sector GOV)."""
    for i in sorted(toks):
        for m in ctx.mentions_at.get(i, ()):
            actor = _kb_get(ctx.kb, m.actor_id)
            if actor is not None and (actor.sector == "GOV" or actor.type == "government"):
                return True
    return False


def _apply_effects(ctx: _Ctx, triggers: list[_Trigger]) -> None:
    """ "A roadside bombing killed ...", "killed in a suicide bombing": the verb
    reports the effect, the noun names the act; the act's type and mode win."""
    by_token = {t.tok.i: t for t in triggers if not t.drop}
    for trig in triggers:
        effect = trig.tok.lemma_.lower() in ctx.lex.effects
        if trig.drop or trig.nominal or not (effect or trig.cue.type in VIOLENT_TYPES):
            continue
        head = by_token.get(trig.tok.head.i)
        if (
            effect
            and trig.tok.dep_ in ("conj", "advcl")
            and head is not None
            and not head.nominal
            and (head.tok.lemma_.lower() in ctx.lex.effects or head.cue.type in VIOLENT_TYPES)
            and not _own_subject(trig.tok)
        ):
            # "killed one soldier and wounded two others", "opened fire on the crowd,
            # killing three": one act, whose victims are the head's recipients too
            trig.drop = True
            head.absorbed.append(trig.tok)
            continue
        places = [c for c in trig.tok.children if c.dep_ in ("nsubj", "agent")]
        for prep in trig.tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by"):
                places += [c for c in prep.children if c.dep_ == "pobj"]
        for node in places:
            if node.dep_ == "agent":
                node = next((c for c in node.children if c.dep_ == "pobj"), node)
            act = by_token.get(node.i)
            if act is not None and act.nominal and act.cue.type == "ASSAULT" and not act.drop:
                trig.cue = act.cue
                act.drop = True
                break


def _form_lemma(lower: str, heads: frozenset[str]) -> str | None:
    """The cue lemma of an inflected verb the lemmatizer got wrong ("raped" -> "rap"):
    the form less its -d/-ed/-s/-es/-ing ending (or with an -e put back)."""
    for ending in ("ing", "ed", "es", "d", "s"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            stem = lower[: -len(ending)]
            for lemma in (stem, stem + "e"):
                if lemma in heads:
                    return lemma
    return None


_NEXT_DEPS = frozenset({"prep", "advmod"})  # "stepped down" parsed as an adverb


def _has_aux(tok: Any) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def _token_cue(lex: EventLexicon, tok: Any) -> _Trigger | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma not in _heads(lex).verbs:
        lemma = _form_lemma(tok.lower_, _heads(lex).verbs) or lemma
    if tok.pos_ == "VERB":
        for child in tok.children:  # "blocked roads", "granted asylum"
            # "troops were sent"; a headline's bare participle: "Grenade thrown at a bar"
            bare = child.dep_ == "nsubj" and tok.tag_ == "VBN" and not _has_aux(tok)
            if child.dep_ in ("dobj", "nsubjpass") or bare:
                cue = lex.verb_objects.get(f"{lemma} {child.lemma_.lower()}")
                if cue is not None:
                    return _Trigger(tok, cue, tok.idx, _end(tok), nominal=False)
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # a headline's "Grenade thrown at ..."
            cue = lex.verb_objects.get(f"{lemma} {tok.head.lemma_.lower()}")
            if cue is not None:
                return _Trigger(tok, cue, tok.idx, _end(tok), nominal=False)
        for child in tok.children:
            # a particle anywhere ("pulled its troops out"); a preposition only
            # right after the verb ("called on X", not "called on Sunday for")
            if child.dep_ == "prt" or (child.dep_ in _NEXT_DEPS and child.i == tok.i + 1):
                cue = lex.verbs.get(f"{lemma} {child.lower_}")
                if cue is not None:
                    start, end = min(tok.idx, child.idx), max(_end(tok), _end(child))
                    return _Trigger(tok, cue, start, end, nominal=False)
        cue = lex.verbs.get(lemma)
        if cue is not None and " " not in lemma:
            return _Trigger(tok, cue, tok.idx, _end(tok), nominal=False)
        return None
    if tok.pos_ == "NOUN":  # not PROPN: "March" the month is no march
        cue = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
        if cue is not None:
            return _Trigger(tok, cue, tok.idx, _end(tok), nominal=True)
    return None


def _add_intents(
    ctx: _Ctx, sent: Any, triggers: list[_Trigger], found: dict[int, _Trigger]
) -> None:
    """Intention or preparation words over an embedded event: THREATEN or AGREE;
    a refusal word over a cooperative one ("failed to reach agreement"): REJECT."""
    lemmas, lower = lemma_lower(ctx.parsed), column(ctx.parsed, "lower_")
    for i in range(sent.start, sent.end):
        lemma, low = lemmas[i], lower[i]
        refusal = lemma in ctx.lex.refusals or low in ctx.lex.refusals
        if not refusal and lemma not in ctx.lex.intent and low not in ctx.lex.intent:
            continue
        tok = ctx.parsed[i]
        inner = _embedded_trigger(tok, found)
        if inner is None:
            continue
        quad = ctx.onto.get(inner.cue.type).quad_class
        if refusal:
            if inner.cue.type not in REFUSABLE:
                continue
            ptype, mode = "REJECT", None
        else:
            ptype = "THREATEN" if quad in CONFLICT_QUADS else "AGREE"
            mode = _threat_mode(ctx, ptype, inner.cue) if ptype == "THREATEN" else None
        cue = Cue(type=ptype, mode=mode, source="refusal" if refusal else "intent")
        trig = _Trigger(tok, cue, tok.idx, _end(tok), nominal=tok.pos_ in _NOMINAL_POS)
        trig.intent_of = inner.tok
        inner.drop = True
        old = found.get(tok.i)
        if old is not None:
            triggers.remove(old)
        found[tok.i] = trig
        triggers.append(trig)
    triggers.sort(key=lambda t: t.tok.i)


def _embedded_trigger(tok: Any, found: dict[int, _Trigger]) -> _Trigger | None:
    """A trigger in the to-infinitive or clausal complement of ``tok`` (or of its verb)."""
    heads = [tok]
    if tok.pos_ in _NOMINAL_POS and tok.dep_ in ("nsubjpass", "dobj", "nsubj"):
        heads.append(tok.head)  # "preparations have been made to launch attacks"
    for head in heads:
        for child in head.children:
            if child.dep_ not in ("xcomp", "acl", "ccomp", "advcl", "prep"):
                continue
            for node in _clause_nodes(child):
                trig = found.get(node.i)
                if trig is not None and node.i != tok.i:
                    return trig
    return None


def _clause_nodes(top: Any) -> Iterable[Any]:
    """``top`` and its verb's object / object-of-preposition chain (not deeper clauses)."""
    yield top
    for child in top.children:
        if child.dep_ in ("dobj", "pobj", "xcomp", "nsubjpass"):
            yield from _clause_nodes(child)


def _suppress(ctx: _Ctx, triggers: list[_Trigger], found: dict[int, _Trigger]) -> None:
    """One event per described act: complements and light-verb objects give way."""
    for trig in triggers:
        if trig.drop:
            continue
        head = trig.tok.head
        if head.i == trig.tok.i:
            continue
        if _purpose_of_event(trig, found):
            trig.drop = True  # "began a hunger strike to protest": the act, not its aim
            continue
        outer = found.get(head.i)
        if outer is None or outer.drop:
            continue
        if trig.nominal and trig.tok.dep_ in ("dobj", "nsubjpass"):
            if outer.intent_of is not None:
                continue
            if head.lemma_.lower() in ctx.lex.light_verbs:
                outer.drop = True  # "launched an investigation": the noun names the act
            else:
                trig.drop = True  # "imposed sanctions" is one act, coded by the verb
            continue
        quad = ctx.onto.get(outer.cue.type).quad_class
        if trig.tok.dep_ in COMPLEMENT_DEPS and quad in VERBAL_QUADS:
            trig.drop = True


def _purpose_of_event(trig: _Trigger, found: dict[int, _Trigger]) -> bool:
    """A verbal trigger in a "to" purpose clause of an event verb, or of a verb
    whose object is a nominal event ("blocked roads to demand reforms")."""
    tok = trig.tok
    if trig.nominal or tok.dep_ != "advcl":
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    outer = found.get(head.i)
    if outer is not None and not outer.drop and outer.intent_of is None:
        return True
    for child in head.children:
        inner = found.get(child.i)
        if child.dep_ == "dobj" and inner is not None and not inner.drop and inner.nominal:
            return True
    return False


# ----------------------------------------------------------------------- coding


def _code(ctx: _Ctx, trig: _Trigger, sentence: int) -> Event | None:
    actor_toks, recipient_toks = _arguments(ctx, trig)
    # a demand made by saying rests on the claim holding the saying, not on
    # the content it puts forward ("issued a statement saying Y should not ...")
    said = trig.said_by
    if said is None:
        claim = claim_at(ctx.claims, trig.start)
    else:
        claim = _claim_of_saying(ctx, said.idx, actor_toks)
    # people named only by a generic noun or a count ("villagers", "three") take part
    # in acts of material conflict ("three were abducted"), not in talk or support
    people = ctx.onto.get(trig.cue.type).quad_class == 4 or (
        trig.tok.lemma_.lower() in event_targets.PROTEST_VERBS  # a crowd protesting
    )
    actors = _participants(ctx, actor_toks, claim, people)
    recipients = _participants(ctx, recipient_toks, claim, people)
    taken = {a.actor_id or a.entity_text for a in actors}
    recipients = tuple(r for r in recipients if (r.actor_id or r.entity_text) not in taken)
    actors, recipients = _not_media_sources(actors, claim), _not_media_sources(recipients, claim)
    retyped = event_targets.retype(ctx.lex, trig.tok, trig.cue, actors, recipients)
    if retyped is not None:
        trig.cue = retyped
    if event_nonevents.no_event(ctx.lex, trig.tok, trig.cue.type):
        return None  # "floods destroyed crops", "held a campaign rally"
    if not actors and not recipients and not _reported_alone(ctx, trig) and not _vouched(ctx, trig):
        return None
    anchor = trig.said_by if trig.said_by is not None else trig.tok
    modality, cue_span = local_modality(ctx.parsed, anchor.i, claim, ctx.claim_lex)
    if modality is Modality.DENIED and _under_denied_head(trig, cue_span):
        # "denied any involvement in the movements": the involvement is denied,
        # the movements it is about are presupposed, as the claim reports them.
        modality, cue_span = (
            (claim.modality, claim.modality_cue) if claim else (Modality.ASSERTED, None)
        )
        if modality is Modality.DENIED:
            modality = Modality.REPORTED
    ptype = ctx.onto.get(trig.cue.type)
    neg = _own_negation(trig)
    if neg is not None and ptype.quad_class in VERBAL_QUADS and ptype.name in REFUSABLE:
        # "would not allow", "will not accept": a refusal, coded REJECT (PLOVER GSR)
        ptype = ctx.onto.get("REJECT")
        if modality is Modality.DENIED and cue_span is not None and cue_span.start == neg.idx:
            modality = claim.modality if claim is not None else Modality.ASSERTED
    future = _future_intent(ctx, trig, ptype.name, modality, cue_span)
    if future is not None:
        # PLOVER: a cooperative act reported in the future tense is an AGREE;
        # a conflict act announced in it, a THREATEN. The tense is the type now.
        ptype = ctx.onto.get(future)
        modality, cue_span = (
            (claim.modality, claim.modality_cue) if claim else (Modality.ASSERTED, None)
        )
    hypothetical = _hypothetical(trig)
    if hypothetical is not None and modality in (Modality.ASSERTED, Modality.REPORTED):
        modality, cue_span = Modality.SPECULATED, hypothetical
    date, approx = event_date(ctx.times, sentence, trig.start, ctx.document.dct)
    text = ctx.document.text
    return Event(
        id="",
        event=ptype.name,
        trigger=Span(trig.start, trig.end, text[trig.start : trig.end]),
        sentence=sentence,
        modality=modality,
        mode=trig.cue.mode
        if ptype.name == trig.cue.type
        else _threat_mode(ctx, ptype.name, trig.cue),
        actor=actors,
        recipient=recipients,
        event_loc=_location(ctx, trig, actor_toks | recipient_toks),
        date=date,
        date_approx=approx,
        claim=claim.id if claim is not None else None,
        cameo=ctx.onto.cameo_root(ptype.name),
        quad_class=ptype.quad_class,
    )


def _claim_of_saying(ctx: _Ctx, offset: int, speaker: set[int]) -> Claim | None:
    """The claim a speaker's act of saying rests on: the innermost claim holding
    it, skipping claims the speaker is the source of ("the office issued [a
    statement saying ...]" is the office's own statement, asserted by the text)."""
    starts = [ctx.parsed[i].idx for i in speaker]
    ends = [_end(ctx.parsed[i]) for i in speaker]
    lo, hi = (min(starts), max(ends)) if speaker else (-1, -1)
    claim = claim_at(ctx.claims, offset)
    for _ in range(MAX_CLIMB):
        if claim is None or claim.cue is None:
            break
        own = any(
            src.span is not None and src.span.start < hi and lo < src.span.end
            for src in claim.sources
        )
        if not own:
            break
        claim = claim_at(ctx.claims, claim.cue.start)
    return claim


def _future_intent(
    ctx: _Ctx, trig: _Trigger, ptype: str, modality: Modality, cue: Span | None
) -> str | None:
    """AGREE or THREATEN for an act in the future tense ("will provide aid",
    "would boycott", "will extend the curfew"), and THREATEN for an act its
    actor makes conditional ("will withdraw ... unless", "may halt ... if")."""
    del cue
    if ptype in ("AGREE", "THREATEN") or modality is Modality.DENIED:
        return None
    verb = trig.tok
    if trig.nominal:
        # "will hold talks": the light verb carries the tense
        if verb.dep_ != "dobj" or verb.head.lemma_.lower() not in ctx.lex.light_verbs:
            return None
        verb = verb.head
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if not auxes & (ctx.lex.future | CONDITIONAL_MODALS) or any(
        c.dep_ == "neg" for c in verb.children
    ):
        return None
    quad = ctx.onto.get(ptype).quad_class
    conflict = quad == 4 or ptype in ("SANCTION", "REJECT")
    condition = _condition(verb)
    if condition == "unless" or (condition == "if" and conflict):
        return "THREATEN"  # "X will do Y unless Z": a threat (PLOVER THREATEN)
    if condition is not None or modality in (Modality.SPECULATED, Modality.CONDITIONAL):
        return None
    if not auxes & ctx.lex.future:
        return None
    if quad in (1, 2):
        return "AGREE"
    return "THREATEN" if conflict else None


def _condition(verb: Any) -> str | None:
    """ "if" or "unless" when a clause so introduced hangs from ``verb``."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        for mark in child.children:
            if mark.dep_ == "mark" and mark.lower_ in ("if", "unless"):
                return str(mark.lower_)
    return None


# The THREATEN mode of a threatened act's type (PLOVER THREATEN modes).
THREAT_MODES = {
    "FIGHT": "violence",
    "ASSAULT": "violence",
    "SANCTION": "relations",
    "REJECT": "relations",
    "COERCE": "restrict",
    "PROTEST": "restrict",
}


def _threat_mode(ctx: _Ctx, ptype: str, act: Cue) -> str | None:
    """The THREATEN mode for a threatened act (None for other types)."""
    if ptype != "THREATEN":
        return None
    mode = "ban" if act.mode == "ban" else THREAT_MODES.get(act.type)
    return mode if ctx.onto.valid_mode(ptype, mode) else None


def _not_media_sources(refs: tuple[EntityRef, ...], claim: Claim | None) -> tuple[EntityRef, ...]:
    """Drop participants that are the claim's media sources ("asserted to Asharq
    Al-Awsat that the US was repositioning"): the outlet told is not in the event.
    A speaker stays: in "Rasool denied any involvement" he is the actor."""
    if claim is None:
        return refs
    spans = [
        (s.span.start, s.span.end)
        for s in claim.sources
        if s.span is not None and s.kind in (SourceKind.MEDIA, SourceKind.OUTLET)
    ]
    return tuple(
        r
        for r in refs
        if r.span is None or not any(a < r.span.end and r.span.start < b for a, b in spans)
    )


def _under_denied_head(trig: _Trigger, cue: Span | None) -> bool:
    """True when the trigger is the object of a preposition of a noun, and the
    denial is not its own: the denial targets that noun, not this event."""
    tok = trig.tok
    if not trig.nominal or tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return False
    if tok.head.head.pos_ not in _NOMINAL_POS:
        return False
    own = {t.idx for t in tok.subtree}
    return cue is None or cue.start not in own


def _hypothetical(trig: _Trigger) -> Span | None:
    """ "any clash", "any military confrontation": a nominal event under a
    free-choice determiner is a possibility, not something that happened."""
    if not trig.nominal:
        return None
    for child in trig.tok.children:
        if child.dep_ == "det" and child.lower_ in HYPOTHETICAL_DETERMINERS:
            return Span(child.idx, _end(child), child.text)
    return None


# Where a nominal act with no participant named is still the thing reported: the
def _own_negation(trig: _Trigger) -> Any | None:
    """The negation word of a verbal trigger itself ("not" in "would not allow")."""
    if trig.nominal:
        return None
    return next((c for c in trig.tok.children if c.dep_ == "neg"), None)
