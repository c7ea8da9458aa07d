"""What looks like an act and is no event: mishaps and natural causes, ceremonies.

The PLOVER codebook codes no event for accidents, fires of unknown cause and
natural disasters ("a bus overturned, killing nine", "floods destroyed crops"),
nor for campaign rallies and commemorations ("held a campaign rally",
"thousands attended the funeral"; docs/events-check-guide.md, "No event"). The
words are the cue lexicon's ``mishaps`` and ``ceremonies``
(``knowledge/data/event_cues.yaml``). Used by ``events.coder`` on each trigger
after its type is settled.
"""

from __future__ import annotations

from typing import Any

from watchfloor.extract.events.lexicon import EventLexicon

# Dependencies by which a cause names itself: the subject ("floods destroyed"),
# the "in" phrase ("killed in a road accident") is looked at through its object.
CAUSE_DEPS = frozenset({"nsubj", "nsubjpass"})
CAUSE_PREPS = frozenset({"in", "by", "after", "during"})
# How an effect hangs from the clause that names its cause ("overturned, killing nine").
HANGING_DEPS = frozenset({"advcl", "acl", "conj", "xcomp"})
# Types that a mishap or a natural cause may look like (an effect or a destruction).
MATERIAL_TYPES = frozenset({"FIGHT", "ASSAULT", "COERCE"})


def no_event(lex: EventLexicon, tok: Any, ptype: str) -> bool:
    """Whether the trigger ``tok``, coded ``ptype``, reports a mishap or a ceremony."""
    if ptype in MATERIAL_TYPES:
        return _mishap(lex, tok)
    if ptype == "PROTEST":
        return _ceremony(lex, tok)
    return False


def _lemma(tok: Any) -> str:
    return str(tok.lemma_).lower()


def _named(words: frozenset[str], tok: Any) -> bool:
    return _lemma(tok) in words or tok.lower_ in words


def _mishap(lex: EventLexicon, tok: Any) -> bool:
    """A mishap noun is the act's subject, agent or "in" object, or that of the
    clause the act hangs from ("the fire that destroyed", "destroyed by a fire");
    a mishap verb with no object governs it ("a bus overturned, killing nine",
    not "crashed the party, killing")."""
    nodes: list[Any] = []
    for c in tok.children:
        if c.dep_ in CAUSE_DEPS:
            nodes.append(c)
        elif (c.dep_ == "prep" and c.lower_ in CAUSE_PREPS) or c.dep_ == "agent":
            nodes += [g for g in c.children if g.dep_ == "pobj"]
    if tok.dep_ == "relcl" and tok.head.i != tok.i:
        nodes.append(tok.head)  # "the fire that destroyed the warehouse"
    if tok.dep_ in HANGING_DEPS and tok.head.i != tok.i:
        head = tok.head
        nodes.append(head)
        nodes += [c for c in head.children if c.i != tok.i and c.dep_ in (*CAUSE_DEPS, "acl")]
    for node in nodes:
        if node.pos_ in ("VERB", "AUX"):
            intransitive = not any(c.dep_ == "dobj" for c in node.children)
            if intransitive and _named(lex.mishaps, node):
                return True
            continue
        words = [node, *(c for c in node.children if c.dep_ in ("compound", "amod"))]
        if any(w.pos_ in ("NOUN", "PROPN") and _named(lex.mishaps, w) for w in words):
            return True
    return False


def _ceremony(lex: EventLexicon, tok: Any) -> bool:
    """The gathering or what it is for names a ceremony ("a campaign rally",
    "attended the funeral", "gathered for a campaign rally")."""
    nodes = [tok]
    for c in tok.children:
        if c.dep_ in ("dobj", "nmod"):
            nodes.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("for", "at", "to"):
            nodes += [g for g in c.children if g.dep_ == "pobj"]
    words = [*nodes, *(c for n in nodes for c in n.children if c.dep_ in ("compound", "amod"))]
    return any(_named(lex.ceremonies, w) for w in words)
