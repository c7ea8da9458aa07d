"""A claim's modality: the cue's class (a denial, a belief), hedges on the cue, markers
on the content's own head, and hedges a later sentence puts on earlier claims ("these
assessments remain speculative"). (``modality`` reads an event's.)"""

from __future__ import annotations

from typing import Any

from watchfloor.extract import sentences as sentence_index
from watchfloor.extract.claims.drafts import Ctx, Draft, child_with
from watchfloor.extract.claims.modality import own_markers, strongest
from watchfloor.extract.claims.sources import token_span
from watchfloor.vocab import Modality, Sentence

# Markers on the content's own head that set a claim's modality. Negation is
# left out (a reported negative fact is not a denial of a claim), and so is
# "would", the back-shifted "will" of reported speech.
CONTENT_MODALITIES = frozenset({Modality.SPECULATED, Modality.CONDITIONAL, Modality.PLANNED})


def set_modality(ctx: Ctx, draft: Draft) -> None:
    """Cue class and hedges on the cue, then markers on the content's own head."""
    if draft.cls == "hedge":
        return
    cue_tok = ctx.parsed[draft.cue_i]
    cue_span = draft.cue
    if draft.cls == "deny":
        draft.modality, draft.modality_cue = Modality.DENIED, cue_span
        return
    hedges = [m for m in own_markers(cue_tok, ctx.lex) if m[0] is Modality.SPECULATED]
    if hedges:
        tok = hedges[0][1]
        draft.modality = Modality.SPECULATED
        draft.modality_cue = token_span(ctx.parsed, tok.i, tok.i)
        return
    if draft.cls == "believe":
        draft.modality, draft.modality_cue = Modality.SPECULATED, cue_span
        return
    head = _content_head(ctx, draft)
    marker = strongest(
        [m for m in own_markers(head, ctx.lex) if m[0] in CONTENT_MODALITIES] if head else []
    )
    if marker is not None and marker[1].lower_ != "would":
        draft.modality = marker[0]
        draft.modality_cue = token_span(ctx.parsed, marker[1].i, marker[1].i)


# Nouns by which a later sentence refers back to earlier claims as a whole
# ("these assessments remain speculative", "such reports are unconfirmed").
BACK_REFERENCE_NOUNS = frozenset(
    {
        "assessment", "claim", "report", "information", "account", "assertion",
        "allegation", "statement", "suggestion", "estimate", "analysis", "rumor", "rumour",
    }
)  # fmt: skip
# A back-reference reaches the claims of the two sentences before it, no further:
# beyond that the antecedent is no longer clear.
BACK_REFERENCE_SENTENCES = 2


def back_reference_hedges(ctx: Ctx, drafts: list[Draft], sents: tuple[Sentence, ...]) -> None:
    """A claim calling earlier claims speculative hedges them: "these assessments remain
    speculative" makes the nearest earlier reported claim speculated, with the hedge as cue."""
    hedge_words = ctx.lex.hedge_adjectives | ctx.lex.hedge_nouns
    for draft in drafts:
        head = _content_head(ctx, draft)
        subj = child_with(head, "nsubj", "nsubjpass") if head is not None else None
        if subj is None or subj.lemma_.lower() not in BACK_REFERENCE_NOUNS:
            continue
        if not any(
            c.dep_ == "det" and c.lower_ in ctx.lex.anaphoric_determiners for c in subj.children
        ):
            continue
        hedge = next(
            (t for t in head.subtree if t.lemma_.lower() in hedge_words and t.i != subj.i), None
        )
        if hedge is None:
            continue
        here = sentence_index.index_of(sents, draft.content.start)
        earlier = sorted(
            (d for d in drafts if d.content.end <= draft.content.start),
            key=lambda d: -d.content.start,
        )
        for prev in earlier:
            if here - sentence_index.index_of(sents, prev.content.start) > BACK_REFERENCE_SENTENCES:
                break
            if prev.modality in (Modality.REPORTED, Modality.ASSERTED):
                prev.modality = Modality.SPECULATED
                prev.modality_cue = token_span(ctx.parsed, hedge.i, hedge.i)
                break


def _content_head(ctx: Ctx, draft: Draft) -> Any:
    span = ctx.parsed.char_span(draft.content.start, draft.content.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
