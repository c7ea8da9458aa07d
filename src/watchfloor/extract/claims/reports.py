"""Cues that name a report or where it comes from: "according to X", reliance ("X,
which relies on Y sources, that ..."), emergence ("reports have emerged regarding X"),
content nouns ("unverified claims that X") and their owners, "In a new poll, ..."."""

from __future__ import annotations

from typing import Any

from watchfloor.extract.claims.drafts import (
    UNSPECIFIED_TEXT,
    Ctx,
    Draft,
    child_with,
    content_span,
    cue_span,
)
from watchfloor.extract.claims.sources import SourceDraft, token_span
from watchfloor.extract.claims.speakers import speaker
from watchfloor.vocab import SourceKind

# Prepositions that introduce the topic of an emerging report ("reports ... regarding X").
TOPIC_PREPS = frozenset({"regarding", "about", "on", "of", "concerning", "over"})


# A content noun with no owner in "says in a statement that", "stirred
# controversy with an assertion that": the verb's subject owns it. Only
# these prepositions (not "about", "against", "by": "angered by reports").
OWNER_VERB_PREPS = frozenset({"in", "with", "through", "via"})
# Verbs whose subject owns their content-noun object ("made the claim that").
OWN_NOUN_VERBS = frozenset({"make", "repeat", "reiterate", "voice", "renew", "offer", "issue"})


def in_document(ctx: Ctx, prep: Any) -> Draft | None:
    """ "In a new Post-ABC poll, Clinton leads by 8 points": the poll is the
    source of the clause the phrase opens."""
    pobj = child_with(prep, "pobj")
    verb = prep.head
    if pobj is None or pobj.lemma_.lower() not in ctx.lex.document_nouns:
        return None
    if verb.pos_ not in ("VERB", "AUX") or prep.i > verb.i:
        return None
    content = content_span(ctx, verb, {prep.i})
    if content is None:
        return None
    draft = Draft(token_span(ctx.parsed, prep.i, prep.i), prep.i, content)
    draft.sources = [ctx.source(pobj, set())]
    return draft


def according(ctx: Ctx, tok: Any) -> Draft | None:
    to = child_with(tok, "prep")
    pobj = child_with(to, "pobj") if to is not None and to.lower_ == "to" else None
    if pobj is None or tok.head.i == tok.i:
        return None
    clause = tok.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    content = content_span(ctx, clause, {tok.i})
    if content is None:
        return None
    cue = token_span(ctx.parsed, tok.i, to.i)
    draft = Draft(cue, tok.i, content)
    draft.sources = [ctx.source(pobj, set())]
    return draft


def reliance(ctx: Ctx, tok: Any) -> Draft | None:
    """ "The site X, which relies on intelligence sources, that Y": [sources, X]."""
    content_head = child_with(tok, "ccomp")
    if content_head is None:
        return None
    inner = None
    for prep in tok.subtree:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "upon", "from"):
            inner = child_with(prep, "pobj")
            if inner is not None:
                break
    content = content_span(ctx, content_head, {tok.i})
    if inner is None or content is None:
        return None
    draft = Draft(cue_span(ctx, tok), tok.i, content)
    draft.sources = [ctx.source(inner, {content_head.i})]
    outer, _ = speaker(ctx, tok, content_head, relative_span=False)
    draft.sources.extend(outer)
    return draft


def emergence(ctx: Ctx, tok: Any) -> Draft | None:
    """ "reports have emerged regarding X": an unspecified source reports X."""
    nouns = ctx.lex.content_nouns
    subject = next(
        (c for c in tok.children if c.dep_ == "nsubj" and c.lemma_.lower() in nouns), None
    )
    if subject is None:
        return None
    topic = None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in TOPIC_PREPS:
            topic = child_with(prep, "pobj")
            break
    if topic is None:
        return None
    content = content_span(ctx, topic, set())
    if content is None:
        return None
    cue = token_span(ctx.parsed, subject.i, tok.i)
    draft = Draft(cue, tok.i, content, cls=ctx.lex.content_nouns[subject.lemma_.lower()])
    draft.sources = [ctx.source(subject, {tok.i})]
    return draft


def noun_cue(ctx: Ctx, tok: Any) -> Draft | None:
    """ "unverified claims that X", "the report that X": the noun heads a content clause."""
    clause = None
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in child.children
        ):
            clause = child
            break
    if clause is None:
        return None
    content = content_span(ctx, clause, set())
    if content is None:
        return None
    draft = Draft(token_span(ctx.parsed, tok.i, tok.i), tok.i, content)
    draft.cls = ctx.lex.content_nouns[tok.lemma_.lower()]
    owner = child_with(tok, "poss")
    if owner is None:
        by = next(
            (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None
        )
        owner = child_with(by, "pobj") if by is not None else None
    if owner is None:
        owner = _owner_by_verb(tok)
    if owner is not None:
        draft.sources = [ctx.source(owner, {clause.i, tok.i})]
    else:
        draft.sources = [SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)]
    return draft


def _owner_by_verb(noun: Any) -> Any:
    """The active subject of the verb a content noun hangs from, when it owns it."""
    verb = None
    if noun.dep_ == "pobj" and noun.head.lower_ in OWNER_VERB_PREPS:
        verb = noun.head.head
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in OWN_NOUN_VERBS:
        verb = noun.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    return child_with(verb, "nsubj")
