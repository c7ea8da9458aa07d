"""Who utters a cue: its subject or agent, a relative clause's head, a speaker the
parser attached elsewhere, the subject a subjectless cue shares, a statement's issuer,
the outlet a cue was told to; and "I think", a speaker hedging their own words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from watchfloor.extract.claims.drafts import (
    ADJUNCT_ENTS,
    UNSPECIFIED_TEXT,
    Ctx,
    child_with,
    unspecified,
)
from watchfloor.extract.claims.sources import SourceDraft, token_span
from watchfloor.vocab import SourceKind

# Verbs by which a body puts out a statement ("X issued a statement saying ...").
ISSUE_VERBS = frozenset({"issue", "release", "publish", "put", "send", "post", "deliver"})


# Steps climbed to find the subject a subjectless cue shares ("..., then says").
SUBJECT_CLIMB = 3


# First-person subjects: "I think" hedges the speaker's own words.
FIRST_PERSON = frozenset({"i", "we"})


def first_person_belief(ctx: Ctx, tok: Any) -> bool:
    """ "I think ...", "we believe ...": the speaker hedging their own statement,
    not a new source. No claim; the hedge still scopes over the events below it
    (modality.markers_over reads the belief verb)."""
    if tok.lemma_.lower() not in ctx.lex.believe_verbs:
        return False
    subject = child_with(tok, "nsubj")
    return subject is not None and subject.lower_ in FIRST_PERSON


def speaker(
    ctx: Ctx, tok: Any, content_head: Any, relative_span: bool = True
) -> tuple[list[SourceDraft], bool]:
    """Who utters the cue: subject, agent, relative-clause head, or the head's subject.

    "Kaine, who said ...": Kaine speaks; the source's span is the relative
    pronoun, as it is "he" for "he said" (and as PolNeAR marks it). With
    ``relative_span`` False the span stays on the antecedent's name: a
    reliance clause ("Debka, which relies on ...") describes the sourcing
    of a source the sentence names, and its chain shows that name."""
    exclude = {tok.i, content_head.i}
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    passive = passive or (tok.tag_ == "VBN" and child_with(tok, "agent") is not None)
    if passive:  # "was told by X", "Asked by X to ..."
        agent = child_with(tok, "agent")
        if agent is not None and child_with(agent, "pobj") is not None:
            return [ctx.source(child_with(agent, "pobj"), exclude)], False
        return [SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)], False
    subject = child_with(tok, "nsubj")
    if subject is not None and subject.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        antecedent = ctx.source(tok.head, exclude)
        if not relative_span:
            return [antecedent], False
        return [replace(antecedent, span=token_span(ctx.parsed, subject.i, subject.i))], False
    if subject is not None:
        return [ctx.source(subject, exclude)], False
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return _statement_source(ctx, tok.head, exclude), False
    misparsed = _misparsed_speaker(ctx, tok, content_head)
    if misparsed is not None:
        return [ctx.source(misparsed, exclude)], False
    head_subject = _inherited_subject(tok)
    if head_subject is not None:
        return [ctx.source(head_subject, exclude | {head_subject.head.i})], False
    if tok.tag_ == "VBG":
        return [], True  # dangling: "Pointing out that ..." with no one pointing
    return [unspecified()], False


def _misparsed_speaker(ctx: Ctx, tok: Any, content_head: Any) -> Any:
    """The speaker of a subjectless speech verb that the parser attached elsewhere.

    * Inverted after a preceding quote, read as the object: "“...,” added
      another New Hampshire Republican".
    * Right before the verb, read as an apposition of a date or place:
      "on Dec. 2, Col. Steven H. Warren, a military spokesman, said"."""
    if tok.lemma_.lower() not in ctx.lex.say_verbs:
        return None
    obj = child_with(tok, "dobj")
    if obj is not None and obj.i > tok.i and content_head.i < tok.i:
        return obj
    j = tok.i - 1
    while j >= 0 and ctx.parsed[j].text == ",":
        j -= 1
    cur = ctx.parsed[j] if j >= 0 else None
    while cur is not None and cur.i < tok.i and cur.head.i != cur.i:
        if cur.dep_ == "appos" and cur.head.ent_type_ in ADJUNCT_ENTS:
            return cur
        cur = cur.head
    return None


def _inherited_subject(tok: Any) -> Any:
    """The subject a subjectless cue shares with the clause it hangs from.

    Up through at most ``SUBJECT_CLIMB`` steps of coordination, adverbial
    clause, open complement, predicative adjective or a preposition's
    gerund: "..., then says", "reversed themselves, rushed in and said",
    "are more likely to say", "ended the meeting by announcing".
    An open complement of a verb with an object takes the object as its
    subject ("asked him to say"), so the climb stops there.
    """
    if tok.tag_ == "VBN":
        return None  # "Asked about X, he said": the subject was asked, it did not ask
    cur = tok
    for _ in range(SUBJECT_CLIMB):
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            cur = cur.head  # "ended the meeting by announcing", "in explaining why"
        if cur.dep_ not in ("advcl", "conj", "xcomp", "acomp", "prep") or cur.head.i == cur.i:
            return None
        if cur.dep_ == "xcomp" and child_with(cur.head, "dobj") is not None:
            return None
        cur = cur.head
        subject = child_with(cur, "nsubj")
        if subject is not None:
            return subject
        if child_with(cur, "nsubjpass") is not None:
            return None
    return None


def _statement_source(ctx: Ctx, noun: Any, exclude: set[int]) -> list[SourceDraft]:
    """ "X issued a statement saying": the statement, then X behind it."""
    out = [ctx.source(noun, exclude)]
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ISSUE_VERBS:
        issuer = child_with(verb, "nsubj")
        if issuer is not None:
            out.append(ctx.source(issuer, exclude | {noun.i}))
    return out


def media_recipient(ctx: Ctx, tok: Any) -> list[SourceDraft]:
    """ "disclosed to Asharq Al-Awsat", "told Reuters": the outlet that carried it."""
    candidates = [c for c in tok.children if c.dep_ in ("dative", "dobj")]
    for prep in tok.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            candidates.extend(c for c in prep.children if c.dep_ == "pobj")
    out = []
    for cand in candidates:
        src = ctx.source(cand, {tok.i} | {c.i for c in cand.children if c.dep_ in ("acl", "relcl")})
        named_to = cand.dep_ == "pobj" and cand.pos_ == "PROPN" and cand.ent_type_ != "GPE"
        if src.kind is SourceKind.MEDIA or (named_to and src.actor is None):
            out.append(replace(src, kind=SourceKind.MEDIA, role=None))
    return out
