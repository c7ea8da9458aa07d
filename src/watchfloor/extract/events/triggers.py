"""Finding an events stage's triggers in a sentence (``_triggers``): verb, noun and
phrase cues of the lexicon, the learned classifier's word, then the structure rules
(reversals, intents, demands, effects) and one event per described act."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.extract.events.classifier import EventClassifier, propose
from watchfloor.extract.events.coding import _threat_mode
from watchfloor.extract.events.context import (
    COMPLEMENT_DEPS,
    CONFLICT_QUADS,
    REFUSABLE,
    VERBAL_QUADS,
    _Ctx,
    _Trigger,
)
from watchfloor.extract.events.lexicon import Cue, EventLexicon
from watchfloor.extract.events.participants import (
    _NOMINAL_POS,
    MAX_CLIMB,
    VIOLENT_TYPES,
    _end,
    _inherited_subject,
    _kb_get,
    _own_subject,
)
from watchfloor.extract.nlp.tokens import column, lemma_lower

if TYPE_CHECKING:
    pass


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
