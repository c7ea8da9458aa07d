"""Claims: who says what, through whom, and how sure (attribution and modality).

Cues are found on spaCy's dependency parse: speech, belief and denial verbs
with a clausal complement (ccomp/xcomp, or an NP object for "denied X"),
"according to X", nouns with a content clause ("unverified claims that X"),
reliance ("X, which relies on Y sources, that ...") and emergence ("reports
have emerged regarding X"); verbs of expression and stance with an object
run ("called the plan 'arbitrary'", "urged X to Y", "warned of Y"), "be" +
attitude adjective ("was critical of Y"), colons ("He added: ...",
"Sanders: ..."), and "In a new poll, ...". Each claim gets a content span, a
cue span and a source chain, innermost first; the article's outlet is always
outermost.
See docs/extract-claims.md for every rule.

This module runs the stage (``find``): the cue finders of ``speech``,
``colons``, ``object_cues`` and ``reports`` make drafts (``drafts``) whose
speakers ``speakers`` reads; ``chains`` builds each claim's source chain and
``claim_modality`` its modality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract import sentences as sentence_index
from watchfloor.extract.claims.chains import resolve_chains
from watchfloor.extract.claims.claim_modality import back_reference_hedges, set_modality
from watchfloor.extract.claims.colons import colon_cue
from watchfloor.extract.claims.drafts import Ctx, Draft
from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.modality import local_modality, own_markers
from watchfloor.extract.claims.object_cues import (
    SEE_AS_VERBS,
    attitude,
    object_cue,
    sees_as,
    stance_noun,
)
from watchfloor.extract.claims.reports import according, emergence, in_document, noun_cue, reliance
from watchfloor.extract.claims.sources import contiguous, token_span, trimmed
from watchfloor.extract.claims.speech import quote_name_said, speech
from watchfloor.extract.nlp.tokens import column, lemma_lower
from watchfloor.vocab import ActorMention, Claim, Document, Modality, Sentence, Source, SourceKind

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

NAME = "claims.v3"

__all__ = ["NAME", "claim_at", "find", "local_modality"]


# Pronoun sources that are the speaker or their audience, not a new source.
INTERLOCUTORS = frozenset({"i", "we", "you"})


def find(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    document: Document,
    actor_mentions: tuple[ActorMention, ...],
    kb: ActorKB | None,
    lex: CueLexicon,
) -> tuple[Claim, ...]:
    """Every attributed content of the document, plus hedged unattributed statements
    (``lex``: the cue lexicon, ``Resources.cues.claims``)."""
    ctx = Ctx(parsed, lex, tuple(actor_mentions), kb)
    drafts = _prune(_detect(ctx))
    drafts.extend(_hedged_narration(ctx, drafts))
    resolve_chains(drafts)
    for draft in drafts:
        set_modality(ctx, draft)
    back_reference_hedges(ctx, drafts, sents)
    drafts.sort(key=lambda d: (d.content.start, d.cue.start if d.cue else -1))
    outlet = Source(text=document.outlet, kind=SourceKind.OUTLET) if document.outlet else None
    return tuple(_freeze(f"c{n}", d, sents, outlet) for n, d in enumerate(drafts, 1))


def claim_at(claims: tuple[Claim, ...], offset: int) -> Claim | None:
    """The innermost claim whose content span contains character ``offset``."""
    inside = [c for c in claims if c.span.start <= offset < c.span.end]
    if not inside:
        return None
    return min(inside, key=lambda c: c.span.end - c.span.start)


def _detect(ctx: Ctx) -> list[Draft]:
    lex = ctx.lex
    drafts: list[Draft] = []
    parsed = ctx.parsed
    lemmas, lower = lemma_lower(parsed), column(parsed, "lower_")
    pos, dep, text = column(parsed, "pos_"), column(parsed, "dep_"), column(parsed, "text")
    # The lemmas that can make a cue of each part of speech below: a token
    # outside them makes no draft, and is passed over without making the Token.
    verb_cues = (
        lex.reliance_verbs
        | lex.emergence_verbs
        | lex.say_verbs
        | lex.object_cue_verbs
        | SEE_AS_VERBS
    )
    noun_cues = lex.stance_nouns.union(lex.content_nouns)
    for i, lemma in enumerate(lemmas):
        p = pos[i]
        if not (
            lower[i] == "according"
            or (p in ("VERB", "AUX") and lemma in verb_cues)
            or (p == "NOUN" and lemma in noun_cues)
            or (p == "ADJ" and dep[i] == "acomp" and lemma in lex.attitude_adjectives)
        ):
            continue
        tok = parsed[i]
        draft: Draft | None = None
        if tok.lower_ == "according":
            draft = according(ctx, tok)
        elif tok.pos_ in ("VERB", "AUX"):
            if lemma in lex.reliance_verbs:
                draft = reliance(ctx, tok)
            elif lemma in lex.emergence_verbs:
                draft = emergence(ctx, tok)
            if draft is None and lemma in lex.say_verbs:
                draft = speech(ctx, tok)
            if draft is None and (lemma in lex.object_cue_verbs or sees_as(tok)):
                draft = object_cue(ctx, tok)
        elif tok.pos_ == "NOUN" and lemma in lex.content_nouns:
            draft = noun_cue(ctx, tok)
        if draft is None and tok.pos_ == "NOUN" and lemma in lex.stance_nouns:
            draft = stance_noun(ctx, tok)
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and lemma in lex.attitude_adjectives:
            draft = attitude(ctx, tok)
        if draft is not None:
            drafts.append(draft)
    cued = {d.cue_i for d in drafts}
    for i, lemma in enumerate(lemmas):
        if not (
            text[i] == ":"
            or (lower[i] == "in" and dep[i] == "prep")
            or (pos[i] == "VERB" and lemma in lex.say_verbs)
        ):
            continue
        tok = parsed[i]
        draft = None
        if tok.text == ":" and tok.i - 1 not in cued:
            draft = colon_cue(ctx, tok)
        elif tok.lower_ == "in" and tok.dep_ == "prep" and tok.head.i not in cued:
            draft = in_document(ctx, tok)
        elif tok.pos_ == "VERB" and tok.i not in cued and tok.lemma_.lower() in ctx.lex.say_verbs:
            draft = quote_name_said(ctx, tok)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _prune(drafts: list[Draft]) -> list[Draft]:
    """Drop what is not a further attribution.

    * Object cues inside another claim's content: in reported words,
      "pushing Carly off the stage" or "respond to her questions" is what
      someone said happened. Clausal cues nest ("X reported that officials
      said ...") and build chains.
    * Cues whose source is "I", "we" or "you": a speaker quoting themselves
      or their audience inside their own words ("I said, give us the tax"),
      which the enclosing quote already attributes; in an opinion piece, the
      author, who is the outlet."""

    def inside(draft: Draft) -> bool:
        assert draft.cue is not None
        return any(
            o is not draft and o.content.start <= draft.cue.start < o.content.end for o in drafts
        )

    def interlocutor(draft: Draft) -> bool:
        first = draft.sources[0] if draft.sources else None
        return first is not None and first.anaphoric and first.text.lower() in INTERLOCUTORS

    return [d for d in drafts if not (d.nominal and inside(d)) and not interlocutor(d)]


def _hedged_narration(ctx: Ctx, drafts: list[Draft]) -> list[Draft]:
    """Unattributed main clauses carrying a hedge ("Allegedly, X ...") become claims."""
    out = []
    for sent in ctx.parsed.sents:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX"):
            continue
        hedges = [m for m in own_markers(root, ctx.lex) if m[0] is Modality.SPECULATED]
        if not hedges:
            continue
        marker = hedges[0][1]
        indices = [t.i for t in sent if t.i != marker.i]
        bounds = trimmed(ctx.parsed, contiguous(indices, root.i))
        if bounds is None:
            continue
        content = token_span(ctx.parsed, *bounds)
        if any(d.content == content for d in drafts):
            continue
        draft = Draft(None, root.i, content, cls="hedge")
        draft.modality = Modality.SPECULATED
        draft.modality_cue = token_span(ctx.parsed, marker.i, marker.i)
        out.append(draft)
    return out


def _freeze(cid: str, draft: Draft, sents: tuple[Sentence, ...], outlet: Source | None) -> Claim:
    sources = [
        Source(
            text=s.text,
            kind=s.kind,
            span=s.span,
            actor=s.actor,
            role=s.role,
            count=s.count,
        )
        for s in draft.chain
    ]
    if outlet is not None:
        sources.append(outlet)
    anchor = draft.cue.start if draft.cue is not None else draft.content.start
    modality = draft.modality
    if draft.cls == "hedge" and modality is Modality.REPORTED:
        modality = Modality.ASSERTED
    return Claim(
        id=cid,
        span=draft.content,
        sentence=sentence_index.index_of(sents, anchor),
        modality=modality,
        cue=draft.cue,
        sources=tuple(sources),
        modality_cue=draft.modality_cue,
    )
