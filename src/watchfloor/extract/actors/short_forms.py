"""Short forms of names read earlier in the document: acronyms defined in brackets
(rule 8), and surnames alone after a person's full name or after an office title
(rule 10)."""

from __future__ import annotations

import re

from watchfloor.extract.actors.document import Doc, Out
from watchfloor.extract.actors.titles import title_before
from watchfloor.extract.nlp.tokens import column
from watchfloor.knowledge.actors import CAP, UPPER, ActorKB, words

# "Popular Mobilization Forces (PMF)": an acronym in brackets right after a mention.
ACRONYM_DEF = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&./-]{1,9})\s*\)")


def acronyms(doc: Doc, outs: list[Out], taken: list[bool]) -> None:
    """Acronyms defined in the text link to the actor they follow, there and after.

    The definition wins over the KB for this document: "(PMF)" after a name
    makes every later "PMF" that actor. The acronym's first letter must be the
    initial of a word of the name (so "(AFP)" after "the spokesman" is no
    definition).
    """
    defined: dict[str, tuple[int, str]] = {}  # key -> (position of definition, actor id)
    extra: list[Out] = []
    for o in outs:
        actor = doc.kb[o.aid]
        if actor.generic:
            continue
        m = ACRONYM_DEF.match(doc.text, o.end)
        if not m:
            continue
        acr = m.group(1)
        if sum(c.isupper() for c in acr) < 2:
            continue
        initials = {w.key[:1] for w in doc.ws[doc.word_at(o.start) :] if w.start < o.end}
        if acr[0].lower() not in initials:
            continue
        defined.setdefault(words(acr)[0].key if words(acr) else acr.lower(), (m.start(1), o.aid))
    if not defined:
        return
    for o in outs:
        key = _whole_word_key(doc, o.start, o.end)
        if key in defined and o.start >= defined[key][0] and o.aid != defined[key][1]:
            o.aid, o.rule = defined[key][1], "acronym"
    for k, w in enumerate(doc.ws):
        if taken[k] or w.shape != UPPER or w.key not in defined:
            continue
        at, aid = defined[w.key]
        if w.start >= at:
            extra.append(Out(w.start, w.end, aid, rule="acronym"))
            taken[k] = True
    outs.extend(extra)
    outs.sort(key=lambda o: o.start)


def _whole_word_key(doc: Doc, start: int, end: int) -> str | None:
    k = doc.word_at(start)
    w = doc.ws[k]
    return w.key if w.start == start and w.end == end else None


# Name particles joined to a surname ("al-Sadr").
SURNAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "az", "bin", "ibn", "abu"})
NOT_A_PERSON_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def surnames(doc: Doc, outs: list[Out], taken: list[bool]) -> list[Out]:
    """A surname alone after the person's full name: "Sadr" / "al-Sadr" after "Muqtada al-Sadr".

    The surname is the last word of the mention (and of the KB name); it must
    be capitalised, not next to another capitalised word (part of a longer
    name: "Sadr City"), not tagged a place, and name one person only.
    """
    firsts: dict[str, dict[str, int]] = {}  # surname key -> actor id -> end of first full mention
    for o in outs:
        actor = doc.kb[o.aid]
        if actor.type != "person" or o.rule is not None:
            continue
        k_last = doc.word_at(o.end - 1)
        if k_last == doc.word_at(o.start):
            continue  # a one-word mention is no full name
        if doc.kb.offices(doc.ws, doc.word_at(o.start)):
            continue  # "President Bush": a title and a surname, no full name
        for key in {doc.ws[k_last].key, *(_last_key(n) for n in (actor.name,))}:
            if key and len(key) > 2:
                firsts.setdefault(key, {}).setdefault(o.aid, o.end)
    if not firsts:
        return []
    ent_types = column(doc.parsed, "ent_type_")
    out: list[Out] = []
    ws = doc.ws
    for k, w in enumerate(ws):
        owners = firsts.get(w.key)
        if taken[k] or w.shape != CAP or not owners or len(owners) != 1:
            continue
        ((aid, after),) = owners.items()
        if w.start < after:
            continue
        start = w.start
        prev = k - 1
        if prev >= 0 and ws[prev].key in SURNAME_PARTICLES and not taken[prev]:
            start, prev = ws[prev].start, prev - 1
        glued = prev >= 0 and not doc.text[ws[prev].end : ws[prev + 1].start].strip()
        if glued and ws[prev].shape != 0 and not _sentence_initial(doc, ws[prev].start):
            continue  # "Moqtada Sadr" spelled otherwise, "Sadr City": not ours to guess
        nxt = ws[k + 1] if k + 1 < len(ws) else None
        if nxt and nxt.shape != 0 and nxt.key != "s" and not doc.text[w.end : nxt.start].strip():
            continue
        tok = doc.tokens(w.start, w.end)[0]
        if ent_types[tok.i] in NOT_A_PERSON_LABELS:
            continue
        out.append(Out(start, w.end, aid, rule="surname"))
        taken[k] = True
    return out


def titled_surnames(doc: Doc, taken: list[bool]) -> list[Out]:
    """An office title and a surname: "President Mugabe", "Prime Minister Netanyahu".

    The surname (capitalised, not followed by another capitalised word) must
    end the name of exactly one KB person (a second "Bush" makes "President
    Bush" ambiguous: nothing), who holds (at some date) an office of that title
    in the KB ("King Hussein" is not Saddam Hussein, a president).
    """
    ws, out = doc.ws, []
    index: dict[str, set[str]] | None = None
    for k in range(1, len(ws)):
        w = ws[k]
        if taken[k] or w.shape != CAP or len(w.key) < 3:
            continue
        nxt = ws[k + 1] if k + 1 < len(ws) else None
        if nxt and nxt.shape != 0 and not doc.text[w.end : nxt.start].strip():
            continue
        title = title_before(doc, k)
        if title is None:
            continue
        index = index if index is not None else _surname_index(doc.kb)
        persons = {
            a for a in index.get(w.key, ()) if doc.kb[a].type == "person" and not doc.kb[a].generic
        }
        if len(persons) == 1 and not any(
            r.title == title[0] for r in doc.kb[next(iter(persons))].roles
        ):
            continue  # "King Hussein" is not Saddam Hussein: the person must hold such an office
        if len(persons) == 1:
            out.append(Out(w.start, w.end, persons.pop(), rule="surname"))
            taken[k] = True
    return out


_SURNAMES: dict[int, dict[str, set[str]]] = {}


def _surname_index(kb: ActorKB) -> dict[str, set[str]]:
    """Last word of every multi-word KB name -> actor ids (built once per KB)."""
    index = _SURNAMES.get(id(kb))
    if index is None:
        index = {}
        for keys, aid in kb.alias_items():
            if len(keys) > 1 and len(keys[-1]) > 2:
                index.setdefault(keys[-1], set()).add(aid)
        _SURNAMES.clear()
        _SURNAMES[id(kb)] = index
    return index


def _last_key(name: str) -> str | None:
    ws = words(name)
    return ws[-1].key if len(ws) > 1 else None


def _sentence_initial(doc: Doc, char: int) -> bool:
    tok = doc.tokens(char, char + 1)[0]
    return bool(tok.is_sent_start)
