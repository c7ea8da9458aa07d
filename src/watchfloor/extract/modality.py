"""Local modality: how sure the text is of one event, from the markers that scope over it.

Walk from the event's trigger up the dependency tree to the root of its
sentence. Each step collects the markers that scope over the trigger:

* on the trigger or any clause head above it: a negator (``not``, ``never``)
  or a ``no`` determiner on its subject/object -> denied; a hedging modal
  (``may``, ``might``, ``could``) or adverb (``allegedly``) -> speculated; a
  future modal (``will``, ``would``) -> planned; a deontic modal (``must``,
  ``should``) -> demanded;
* on a clause introduced by ``if``/``unless`` -> conditional;
* when the step is a *complement* (ccomp, xcomp, dobj, pobj, acl ...) of a
  governing word: a denial verb/noun (``denied``) -> denied; a hedging
  predicate (``believe``, ``unverified claims that``, ``speculation``) ->
  speculated; a demand (``demanding``, ``calls for``) -> demanded; a plan
  (``plans to``, ``vowed to``) -> planned.

An adverbial clause or a coordinated clause is *not* a complement: "X denied
it, saying Y" does not deny Y. The strongest marker found wins, in the order
denied > speculated > conditional > demanded > planned; with none, the event
takes the modality of the claim it rests on (asserted when there is none).
"""

from __future__ import annotations

from typing import Any

from watchfloor.extract.claim_lexicon import CueLexicon, load_lexicon
from watchfloor.vocab import Claim, Modality, Span

# The order in which markers override each other: a denial or a hedge says more
# about the truth of the event than a plan or demand does.
PRECEDENCE = (
    Modality.DENIED,
    Modality.SPECULATED,
    Modality.CONDITIONAL,
    Modality.DEMANDED,
    Modality.PLANNED,
)

# Dependency labels through which a governing word's meaning scopes over its
# dependent ("denied [that X]", "plans [to X]", "claims [that X]", "denied [X]").
COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "pobj", "pcomp", "acl", "relcl", "attr", "nsubjpass", "oprd"}
)
# Labels that keep us inside the same clause when walking up (noun heads of a trigger).
CLAUSE_INTERNAL_DEPS = frozenset({"prep", "compound", "amod", "nmod", "appos", "conj"})

Marker = tuple[Modality, Any]  # (modality, the spaCy token or span that set it)


def _span_of(tok: Any) -> Span:
    return Span(tok.idx, tok.idx + len(tok.text), tok.text)


def own_markers(tok: Any, lex: CueLexicon) -> list[Marker]:
    """Markers a word carries itself: negation, modals, hedging adverbs/adjectives."""
    found: list[Marker] = []
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and low in lex.negators):
            found.append((Modality.DENIED, child))
        elif child.dep_ == "aux" and low in lex.hedge_modals:
            found.append((Modality.SPECULATED, child))
        elif child.dep_ == "aux" and (
            low in lex.future_modals or child.lemma_ in lex.future_modals
        ):
            found.append((Modality.PLANNED, child))
        elif child.dep_ == "aux" and low in lex.demand_modals:
            found.append((Modality.DEMANDED, child))
        elif (child.dep_ == "advmod" and low in lex.hedge_adverbs) or (
            child.dep_ == "amod" and low in lex.hedge_adjectives
        ):
            found.append((Modality.SPECULATED, child))
        elif (child.dep_ == "advcl" and _conditional(child, lex)) or (
            child.dep_ == "mark" and low in lex.condition_marks
        ):
            found.append((Modality.CONDITIONAL, child))
        elif child.dep_ in ("nsubj", "nsubjpass", "dobj") and _has_no_determiner(child, lex):
            found.append((Modality.DENIED, child))
    if tok.dep_ == "aux" and tok.lower_ == "going":  # "is going to X"
        found.append((Modality.PLANNED, tok))
    return found


def _has_no_determiner(tok: Any, lex: CueLexicon) -> bool:
    return any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in tok.children)


def governing_marker(head: Any, lex: CueLexicon) -> Marker | None:
    """The modality a governing word imposes on its complement, if any."""
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX"):
        if lemma in lex.deny_verbs:
            return (Modality.DENIED, head)
        if lemma in lex.hedge_verbs:
            return (Modality.SPECULATED, head)
        if lemma in lex.demand_verbs:
            return (Modality.DEMANDED, head)
        if lemma in lex.plan_verbs:
            return (Modality.PLANNED, head)
        return None
    if head.pos_ in ("NOUN", "PROPN"):
        if lemma in lex.denial_nouns:
            return (Modality.DENIED, head)
        if lemma in lex.hedge_nouns:
            return (Modality.SPECULATED, head)
        if lemma in lex.demand_nouns:
            return (Modality.DEMANDED, head)
        if lemma in lex.plan_nouns:
            return (Modality.PLANNED, head)
    return None


def markers_over(parsed: Any, token_index: int, lex: CueLexicon | None = None) -> list[Marker]:
    """Every marker that scopes over token ``token_index``, innermost first."""
    lex = lex or load_lexicon()
    tok = parsed[token_index]
    found = own_markers(tok, lex)
    inside_np = False  # the walk went through "X of/in Y": an NP-level denial stops here
    for _ in range(MAX_DEPTH):
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"):
            tok = head  # coordinated clauses share the governing word, not each other's markers
            continue
        if tok.dep_ == "advcl" and _conditional(tok, lex):
            found.append((Modality.CONDITIONAL, tok))
        if tok.dep_ not in COMPLEMENT_DEPS and tok.dep_ not in CLAUSE_INTERNAL_DEPS:
            break  # advcl, parataxis ...: the head's markers do not reach here
        if _island(tok):
            break  # "rejected objections to a case [that has blocked the trial]"
        governed = governing_marker(head, lex)
        if (
            governed is not None
            and not (inside_np and tok.dep_ == "dobj")
            and (tok.dep_ in COMPLEMENT_DEPS or tok.dep_ == "conj" or head.pos_ != "VERB")
        ):
            found.append(governed)
        found.extend(
            m
            for m in own_markers(head, lex)
            if _scopes_down(m[0]) and not (inside_np and m[0] is Modality.DENIED)
        )
        if tok.dep_ == "pobj" and head.head.pos_ in ("NOUN", "PROPN"):
            inside_np = True
        tok = head
    return found


def _island(tok: Any) -> bool:
    """A clause that only describes a noun: a relative clause ("a case that has
    blocked the trial") or a participial modifier ("accusations made by X").
    What it says is taken for granted, so the markers above it do not reach
    in. A noun's *that*-clause or infinitive ("claims that X", "plans to X")
    is the noun's content, not an island."""
    if tok.dep_ == "relcl":
        return True
    if tok.dep_ != "acl" or tok.tag_ not in ("VBN", "VBG"):
        return False
    return not any(c.dep_ in ("mark", "aux") for c in tok.children)


def _conditional(tok: Any, lex: CueLexicon) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in tok.children)


# Dependency steps walked upward at most: deeper nesting is rare in news prose
# and a bound keeps the cost per event constant.
MAX_DEPTH = 12


def _scopes_down(modality: Modality) -> bool:
    """Markers on a governing clause that also cover what it embeds."""
    return modality in (Modality.DENIED, Modality.SPECULATED, Modality.CONDITIONAL)


def strongest(markers: list[Marker]) -> Marker | None:
    for modality in PRECEDENCE:
        for marker in markers:
            if marker[0] is modality:
                return marker
    return None


def local_modality(
    parsed: Any, token_index: int, claim: Claim | None
) -> tuple[Modality, Span | None]:
    """The modality of an event whose trigger is token ``token_index``, and its cue.

    The claim's modality, overridden by the hedges, negation, future, demand
    and condition markers that scope over the trigger (see the module doc).
    """
    best = strongest(markers_over(parsed, token_index))
    if best is not None:
        return best[0], _span_of(best[1])
    if claim is not None:
        return claim.modality, claim.modality_cue
    return Modality.ASSERTED, None
