"""Definite descriptions (rule 11): "the prime minister", "the group", "this
government" linked to the latest earlier mention they can refer back to."""

from __future__ import annotations

from watchfloor.extract.actors.document import NOUN_TAGS, Doc, Out

DEFINITE = frozenset({"the", "this", "that"})
GROUPS = frozenset({"armed_group", "political_party", "political_movement", "coalition"})
ORGS = GROUPS | frozenset(
    {"state_military", "police", "intelligence", "government", "legislature", "judiciary"}
    | {"igo", "ngo", "media"}
)
# "the <noun>" -> actor types it may refer back to (the latest named one of them).
ANAPHORS: dict[str, frozenset[str]] = {
    "group": GROUPS,
    "organisation": GROUPS | {"igo", "ngo"},
    "organization": GROUPS | {"igo", "ngo"},
    "militia": frozenset({"armed_group"}),
    "faction": frozenset({"armed_group"}),
    "movement": frozenset({"political_movement", "political_party"}),
    "party": frozenset({"political_party"}),
    "coalition": frozenset({"coalition"}),
    "alliance": frozenset({"coalition"}),
    "bloc": frozenset({"coalition", "political_party"}),
    "ministry": frozenset({"government"}),
    "government": frozenset({"government"}),
    "army": frozenset({"state_military"}),
    "military": frozenset({"state_military"}),
    "spokesman": ORGS,
    "spokeswoman": ORGS,
    "spokesperson": ORGS,
    "newspaper": frozenset({"media"}),
    "channel": frozenset({"media"}),
    "broadcaster": frozenset({"media"}),
    "outlet": frozenset({"media"}),
    "website": frozenset({"media"}),
    "daily": frozenset({"media"}),
}
# Words after an anaphor noun that make it a new description, not a reference back.
NOT_ANAPHORIC_NEXT = frozenset({"of", "that", "which", "who", "whose", "called", "named", "known"})


def definites(doc: Doc, outs: list[Out], taken: list[bool]) -> list[Out]:
    """ "the prime minister", "the group", "the ministry", "the spokesman" to an earlier actor.

    An office title after "the" takes the latest earlier mention of that office
    (a country + title mention) or of a KB person who held it. An anaphor noun
    after "the"/"this"/"that" (one lower-case modifier allowed) takes the latest
    earlier named actor of a compatible type. No antecedent: a noun already
    read as a typed unknown stays one; otherwise nothing (no guess).
    """
    ws = doc.ws
    by_start = {o.start: o for o in outs}
    new: list[Out] = []
    for k, w in enumerate(ws):
        if w.key not in DEFINITE or k + 1 >= len(ws):
            continue
        head = k + 1
        found = _definite_at(doc, head, taken, by_start)
        if found is None and k + 2 < len(ws) and _adjective(doc, head):
            head = k + 2
            found = _definite_at(doc, head, taken, by_start)
        if found is None:
            continue
        end, title, types, existing = found
        form = tuple(w.key for w in ws[head:end]) if title else None
        if end < len(ws) and (ws[end].key in NOT_ANAPHORIC_NEXT or ws[end].shape != 0):
            continue
        if end < len(ws) and _glued_noun(doc, end):
            continue  # "the daily tally", "the group leader": a modifier, not the head
        start, stop = ws[head].start, ws[end - 1].end
        aid = _antecedent(doc, outs, start, form, types)
        if aid is None:
            continue
        if existing is not None:
            existing.aid, existing.rule = aid, "anaphor"
        else:
            new.append(Out(start, stop, aid, rule="title" if title else "anaphor"))
            doc.take(taken, start, stop)
    return sorted(outs + new, key=lambda o: o.start)


def _glued_noun(doc: Doc, k: int) -> bool:
    """Word ``k`` is a noun right after the previous word (no punctuation between)."""
    w = doc.ws[k]
    if doc.text[doc.ws[k - 1].end : w.start].strip():
        return False
    return doc.tokens(w.start, w.end)[0].pos_ in NOUN_TAGS


def _adjective(doc: Doc, k: int) -> bool:
    """Word ``k`` is a lower-case adjective ("the militant group"; not "the student newspaper")."""
    w = doc.ws[k]
    return w.shape == 0 and doc.tokens(w.start, w.end)[0].pos_ == "ADJ"


def _definite_at(
    doc: Doc, k: int, taken: list[bool], by_start: dict[int, Out]
) -> tuple[int, str | None, frozenset[str], Out | None] | None:
    """(end word, title, anaphor types, generic mention there) for a definite head at word k."""
    ws = doc.ws
    existing = by_start.get(ws[k].start)
    if existing is not None:
        if not doc.kb[existing.aid].generic or existing.end != ws[k].end:
            return None
        types = ANAPHORS.get(ws[k].key)
        return (k + 1, None, types, existing) if types else None
    if taken[k]:
        return None
    offices = [(end, key) for end, key in doc.kb.offices(ws, k) if not any(taken[k:end])]
    if offices:
        end, key = max(offices)
        return end, key, frozenset(), None
    types = ANAPHORS.get(ws[k].key)
    return (k + 1, None, types, None) if types else None


# Anaphors of state institutions: the document's own country first ("this government"
# in an article about Georgia that also names Russia).
STATE_TYPES = frozenset({"government", "state_military"})


def _antecedent(
    doc: Doc, outs: list[Out], before: int, form: tuple[str, ...] | None, types: frozenset[str]
) -> str | None:
    """The latest earlier mention introduced with the same title words (``form``), or
    of a compatible type; for state institutions the context country's first."""
    if form is None and types and types <= STATE_TYPES and doc.context:
        for o in reversed(outs):
            actor = doc.kb[o.aid]
            if o.start < before and actor.type in types and actor.country == doc.context:
                return o.aid
    for o in reversed(outs):
        if o.start >= before:
            continue
        actor = doc.kb[o.aid]
        if form is not None:
            if o.form == form:
                return o.aid
            continue
        if not actor.generic and actor.type in types:
            return o.aid
    return None
