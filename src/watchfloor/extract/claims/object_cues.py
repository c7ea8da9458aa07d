"""Cues whose content is a phrase, not a clause: verbs of expression and stance with
a run of complements ("called the plan 'arbitrary'", "warned of Y"), "be" + attitude
adjective ("was critical of Y"), possessed stance nouns ("Trump's attacks on Cruz")."""

from __future__ import annotations

from typing import Any

from watchfloor.extract.claims.drafts import (
    ADJUNCT_ENTS,
    Ctx,
    Draft,
    child_with,
    cue_class,
    cue_span,
)
from watchfloor.extract.claims.sources import one_line, token_span, trimmed
from watchfloor.extract.claims.speakers import media_recipient, speaker

# Dependents that make up the content of an object cue ("called X 'Y'",
# "urged X to Y", "accused X of Y", "warned of Y").
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "prep", "attr", "acomp"})


# Verbs of perception that attribute a view only with "as": "sees Cruz as a
# uniter", "cast herself as a champion" (alone, "see" names an act).
SEE_AS_VERBS = frozenset({"see", "regard", "perceive", "cast", "paint", "depict"})


def object_cue(ctx: Ctx, tok: Any) -> Draft | None:
    """A cue whose content is the run of complements after it, not a that-clause:
    "called the suspension 'arbitrary'", "criticized Sanders for stealing",
    "urged Silicon Valley to find a compromise", "warned of the dangers".

    The run is the verb's consecutive right dependents of OBJECT_DEPS; it stops
    at a time or place adjunct ("on Tuesday"). A preposition right after the
    verb joins the cue ("warned of"); an addressee alone ("told reporters") is
    no content."""
    if tok.dep_ == "ROOT" and tok.tag_ == "VB" and child_with(tok, "nsubj") is None:
        return None
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # a naming participle ("a tax called X"), nobody speaks
    run: list[Any] = []
    for child in tok.rights:
        if child.dep_ in ("punct", "advmod") and not run:
            continue
        if (child.dep_ not in OBJECT_DEPS and not _question(child)) or _adjunct(child):
            break
        run.append(child)
    if not run:
        return None
    lemma = tok.lemma_.lower()
    if len(run) == 1 and run[0].dep_ in ("dobj", "dative") and lemma in ctx.lex.addressee_verbs:
        return None
    cue_last = max([tok.i] + [c.i for c in tok.children if c.dep_ == "prt"])
    first = run[0]
    start = first.left_edge.i
    if first.dep_ == "prep" and first.i == cue_last + 1:
        pobj = child_with(first, "pobj", "pcomp")
        if pobj is None:
            return None
        cue_last, start = first.i, first.i + 1
    indices = list(range(start, run[-1].right_edge.i + 1))
    bounds = trimmed(ctx.parsed, one_line(ctx.parsed, indices, max(start, first.i)))
    if bounds is None:
        return None
    content = token_span(ctx.parsed, *bounds)
    cue = cue_span(ctx, tok)
    if cue_last > tok.i:
        cue_tokens = ctx.parsed.char_span(cue.start, cue.end)
        if cue_tokens is None:  # a cue is whole tokens: never, but not a crash if it were
            return None
        cue = token_span(ctx.parsed, cue_tokens[0].i, cue_last)
    draft = Draft(cue, tok.i, content, cls=cue_class(ctx.lex, lemma), nominal=True)
    draft.sources, draft.dangling = speaker(ctx, tok, first)
    draft.sources.extend(media_recipient(ctx, tok))
    return draft


def attitude(ctx: Ctx, adj: Any) -> Draft | None:
    """ "X was critical of Y", "X is confident that Y", "X is eager to Y": the
    subject of the copula holds the attitude; the adjective's complement is
    the content; the cue runs from the copula to the adjective (and "of")."""
    verb = adj.head
    subject = child_with(verb, "nsubj")
    if subject is None or verb.lemma_.lower() != "be":
        return None
    comp = next((c for c in adj.rights if c.dep_ in ("prep", "ccomp", "xcomp")), None)
    if comp is None:
        comp = next((c for c in verb.rights if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    if comp is None:
        return None
    cue_last = adj.i
    start = comp.left_edge.i
    if comp.dep_ == "prep" and comp.i == adj.i + 1:
        if child_with(comp, "pobj", "pcomp") is None:
            return None
        cue_last, start = comp.i, comp.i + 1
    bounds = trimmed(ctx.parsed, list(range(start, comp.right_edge.i + 1)))
    if bounds is None or verb.i > adj.i:
        return None
    draft = Draft(token_span(ctx.parsed, verb.i, cue_last), adj.i, token_span(ctx.parsed, *bounds))
    draft.sources, draft.dangling = speaker(ctx, verb, comp)
    draft.nominal = comp.dep_ == "prep"
    return draft


# Prepositions that introduce the object of a stance noun ("support for X",
# "attacks on X", "criticism of X", "opposition to X").
STANCE_PREPS = frozenset({"for", "of", "on", "to", "against", "toward", "towards", "about"})


def stance_noun(ctx: Ctx, noun: Any) -> Draft | None:
    """ "her long support for stem cell research", "Trump's attacks on Cruz":
    the owner holds a stance toward the prepositional object. Only with a
    possessive owner (a bare "support for X" names no one); the cue runs from
    the noun to the preposition, the content is the preposition's object."""
    owner = child_with(noun, "poss")
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS), None)
    if owner is None or prep is None or prep.i != noun.i + 1:
        return None
    pobj = child_with(prep, "pobj", "pcomp")
    if pobj is None:
        return None
    indices = list(range(prep.i + 1, pobj.right_edge.i + 1))
    bounds = trimmed(ctx.parsed, one_line(ctx.parsed, indices, pobj.i))
    if bounds is None:
        return None
    draft = Draft(
        token_span(ctx.parsed, noun.i, prep.i),
        noun.i,
        token_span(ctx.parsed, *bounds),
        nominal=True,
    )
    draft.sources = [ctx.source(owner, {noun.i})]
    return draft


def sees_as(tok: Any) -> bool:
    """ "sees Cruz as a uniter": a perception verb with an object and "as"."""
    return (
        tok.lemma_.lower() in SEE_AS_VERBS
        and child_with(tok, "dobj") is not None
        and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
    )


def _question(child: Any) -> bool:
    """An embedded yes/no question the parser attached as an adverbial clause
    ("asked him if he would run")."""
    return child.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in child.children
    )


def _adjunct(child: Any) -> bool:
    """A prepositional phrase of time or place ("on Tuesday", "in Iowa")."""
    if child.dep_ != "prep":
        return False
    pobj = child_with(child, "pobj")
    return pobj is not None and pobj.ent_type_ in ADJUNCT_ENTS
