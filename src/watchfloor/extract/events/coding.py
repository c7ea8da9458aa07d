"""Coding one trigger into a PLOVER ``Event`` (``_code``): participants, the claim it
rests on, modality, refusals, future intents and threats, place and date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims import claim_at
from watchfloor.extract.claims.modality import local_modality
from watchfloor.extract.events import nonevents as event_nonevents
from watchfloor.extract.events import targets as event_targets
from watchfloor.extract.events.context import (
    CONDITIONAL_MODALS,
    HYPOTHETICAL_DETERMINERS,
    REFUSABLE,
    VERBAL_QUADS,
    _Ctx,
    _Trigger,
)
from watchfloor.extract.events.lexicon import Cue
from watchfloor.extract.events.participants import (
    _NOMINAL_POS,
    MAX_CLIMB,
    _arguments,
    _end,
    _location,
    _participants,
    _reported_alone,
    _vouched,
)
from watchfloor.extract.times import event_date
from watchfloor.vocab import (
    Claim,
    EntityRef,
    Event,
    Modality,
    SourceKind,
    Span,
)

if TYPE_CHECKING:
    pass


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
