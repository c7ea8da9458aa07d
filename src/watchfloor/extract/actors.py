"""Actor mentions: KB names, country institutions, office holders, typed unknowns.

``find(parsed, sents, kb, dct)`` returns non-overlapping ``ActorMention``s
sorted by start. Steps (docs/knowledge-actors.md, "Resolution rules"):

1. ``kb.scan`` proposes candidates over the words of the text (aliases,
   country + class noun, country + office title, country names, demonyms).
2. Longest candidate wins; at equal length a KB name beats a generated
   reading, which beats a bare country form. A demonym right after "pro-",
   "anti-", "non-" names a stance, not an owner: it gives no country.
3. Office titles: dropped when a KB person's name follows (the name is the
   mention); else resolved to the holder on the document date (DCT, or a DCT
   range held by one person throughout, or a holder named in the text), else
   the country's government.
4. Bare country names are actors only when the parse makes them an argument
   (subject, object, agent or "with/against/on..." object): the armed forces
   when the governing word or its arguments are military, else the government.
5. A demonym left alone but coordinated with, or modifying, a country-class
   mention takes that class for its own country ("Hungarian and Romanian
   officials").
6. Typed unknowns marked ``context_country`` take the document's context
   country (the country named most often, when it dominates).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from watchfloor.extract.sentences import index_of
from watchfloor.knowledge.actors import ActorKB, Candidate, Word, words
from watchfloor.vocab import ActorMention, Dct, Sentence, Span

NAME = "actors.v1"

# A demonym glued after one of these prefixes ("pro-Iranian") states a stance.
STANCE_PREFIX = re.compile(r"(?:pro|anti|non|post|ex)[-‐‑–]$", re.IGNORECASE)
# Text allowed between an office title and the holder's name: "US Secretary of
# State, Mike Pompeo" / "Prime Minister Adel Abdul-Mahdi" (a comma, spaces).
TITLE_NAME_GAP = re.compile(r"^\s*,?\s*$")
# Context country: named at least this many times ...
CONTEXT_MIN_COUNT = 2
# ... and in at least this share of all country-name mentions (else ambiguous).
CONTEXT_MIN_SHARE = 0.5
# Dependency labels that make a bare country name an argument of its head.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent"})
# Prepositions that mark a destination after a motion word ("to Iraq") but a recipient otherwise.
DESTINATION_PREPS = frozenset({"to", "for", "toward", "towards"})
# Labels followed upward from an orphan demonym to the mention it qualifies.
QUALIFIER_DEPS = frozenset({"conj", "amod", "compound", "nmod", "appos"})
# Steps followed upward from an orphan demonym (coordination chains are short).
QUALIFIER_MAX_STEPS = 3
# Parts of speech a typed unknown's last word must have ("official" the adjective is not one).
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
# NER labels under which a bare country name may be an actor ("Chad" the PERSON is not).
COUNTRY_ENT_LABELS = frozenset({"GPE", "NORP", "ORG"})


@dataclass(frozen=True, slots=True)
class _Pick:
    cand: Candidate
    start: int  # chars
    end: int


def find(
    parsed: Any, sents: tuple[Sentence, ...], kb: ActorKB, dct: Dct
) -> tuple[ActorMention, ...]:
    """Actor mentions of a parsed document, non-overlapping, sorted by start."""
    text: str = parsed.text
    ws = words(text)
    picks = _select(_drop_stance(kb.scan(ws), ws, text), ws)
    context = _context_country(picks)
    mentioned = {p.cand.actor_id for p in picks if p.cand.kind == "name"}
    tok_starts = [t.idx for t in parsed]
    resolved: list[tuple[_Pick, str]] = []
    for i, pick in enumerate(picks):
        aid = _resolve(pick, i, picks, parsed, tok_starts, kb, dct, context, mentioned, text)
        if aid:
            resolved.append((pick, aid))
    resolved += _orphan_demonyms(picks, resolved, parsed, tok_starts, kb)
    resolved.sort(key=lambda r: r[0].start)
    return tuple(
        ActorMention(
            actor_id=aid,
            span=Span(p.start, p.end, text[p.start : p.end]),
            sentence=index_of(sents, p.start),
        )
        for p, aid in resolved
    )


# ----------------------------------------------------------------------------- selection


def _drop_stance(cands: list[Candidate], ws: Sequence[Word], text: str) -> list[Candidate]:
    """Drop country readings whose first word follows "pro-"/"anti-"."""

    def stance(c: Candidate) -> bool:
        if c.kind not in ("country", "class", "role") or c.country is None:
            return False
        return bool(STANCE_PREFIX.search(text[max(0, ws[c.start].start - 5) : ws[c.start].start]))

    return [c for c in cands if not stance(c)]


def _select(cands: Iterable[Candidate], ws: Sequence[Word]) -> list[_Pick]:
    """Greedy non-overlapping choice: longest first, then priority, then leftmost."""
    ranked = sorted(
        cands, key=lambda c: (-(ws[c.end - 1].end - ws[c.start].start), -c.priority, c.start)
    )
    taken = [False] * len(ws)
    picks: list[_Pick] = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        for k in range(c.start, c.end):
            taken[k] = True
        picks.append(_Pick(c, ws[c.start].start, ws[c.end - 1].end))
    picks.sort(key=lambda p: p.start)
    return picks


def _context_country(picks: Sequence[_Pick]) -> str | None:
    """The country named most often, if it dominates.

    Only unambiguous names count: "US" is also an adjective ("US objectives").
    """
    counts = Counter(
        p.cand.country
        for p in picks
        if p.cand.kind == "country" and p.cand.is_name and not p.cand.is_demonym
    )
    if not counts:
        return None
    (iso, n), total = counts.most_common(1)[0], sum(counts.values())
    if n >= CONTEXT_MIN_COUNT and n / total >= CONTEXT_MIN_SHARE:
        return iso
    return None


# ----------------------------------------------------------------------------- resolution


def _resolve(
    pick: _Pick,
    i: int,
    picks: Sequence[_Pick],
    parsed: Any,
    tok_starts: list[int],
    kb: ActorKB,
    dct: Dct,
    context: str | None,
    mentioned: set[str | None],
    text: str,
) -> str | None:
    c = pick.cand
    if c.kind == "name" and c.actor_id is not None:
        if kb.get(c.actor_id).generic and not _ends_in_noun(pick, parsed, tok_starts):
            return None  # "an official statement": an adjective, not a typed unknown
        return _contextual(c.actor_id, kb, context)
    if c.kind == "class":
        return c.actor_id
    if c.kind == "role":
        return _resolve_role(pick, i, picks, parsed, kb, dct, mentioned, text)
    if c.kind == "country" and c.is_name and c.country:
        return _bare_country(pick, parsed, tok_starts, kb)
    return None


def _ends_in_noun(pick: _Pick, parsed: Any, tok_starts: list[int]) -> bool:
    last = _token_span(parsed, tok_starts, pick.start, pick.end)[-1]
    return bool(last.pos_ in NOUN_TAGS)


def _contextual(actor_id: str, kb: ActorKB, context: str | None) -> str:
    """A bare typed unknown of a context class takes the document's context country."""
    if actor_id.startswith("generic."):
        key = actor_id.removeprefix("generic.")
        if key in kb.context_classes and context:
            return kb.class_actor(context, key) or actor_id
    return actor_id


def _resolve_role(
    pick: _Pick,
    i: int,
    picks: Sequence[_Pick],
    parsed: Any,
    kb: ActorKB,
    dct: Dct,
    mentioned: set[str | None],
    text: str,
) -> str | None:
    c = pick.cand
    assert c.country is not None and c.title is not None
    nxt = picks[i + 1] if i + 1 < len(picks) else None
    if nxt and TITLE_NAME_GAP.match(text[pick.end : nxt.start]) and nxt.cand.kind == "name":
        actor = kb.get(nxt.cand.actor_id or "")
        if actor.type == "person":
            return None  # the name that follows is the mention
    gov = kb.class_actor(c.country, "gov")
    if _person_follows(pick.end, parsed, text):
        return gov  # an office holder the KB does not know: the government, not a guess
    holder = kb.resolve_role(
        c.country,
        c.title,
        dct.date,
        earliest=dct.earliest,
        latest=dct.latest,
        mentioned=(m for m in mentioned if m),
    )
    return holder or gov


def _person_follows(end: int, parsed: Any, text: str) -> bool:
    """True when a PERSON entity starts right after ``end`` (past a comma or spaces)."""
    for ent in parsed.ents:
        if ent.start_char >= end:
            return ent.label_ == "PERSON" and bool(TITLE_NAME_GAP.match(text[end : ent.start_char]))
    return False


def _token_span(parsed: Any, tok_starts: list[int], start: int, end: int) -> Any:
    first = max(bisect_right(tok_starts, start) - 1, 0)
    last = max(bisect_right(tok_starts, end - 1) - 1, first)
    return parsed[first : last + 1]


def _bare_country(pick: _Pick, parsed: Any, tok_starts: list[int], kb: ActorKB) -> str | None:
    """A country name as an argument: its armed forces or its government (docs: rule 4)."""
    c = pick.cand
    assert c.country is not None
    span = _token_span(parsed, tok_starts, pick.start, pick.end)
    if not any(
        e.label_ in COUNTRY_ENT_LABELS and e.start_char < pick.end and pick.start < e.end_char
        for e in parsed.ents
    ):
        return None
    governor = _governor(span.root, kb)
    if governor is None:
        return None
    key = "mil" if _is_military(governor, kb) else "gov"
    return kb.class_actor(c.country, key)


def _governor(tok: Any, kb: ActorKB) -> Any:
    """The word a country name is an argument of, or None when it is not an argument."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ARGUMENT_DEPS:
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in kb.agent_rule.locative_verbs:
            return None  # "regions bordering Syria": a place
        return tok.head
    rule = kb.agent_rule
    if tok.dep_ == "poss" and not _in(tok.head, rule.place_nouns):
        return tok.head  # "Turkey's efforts"; not "Iraq's borders"
    if tok.dep_ == "pobj" and tok.head.lower_ in rule.agent_prepositions:
        prep = tok.head
        if prep.lower_ in DESTINATION_PREPS and (
            _in(prep.head, rule.motion_words) or _in(prep.head.head, rule.motion_words)
        ):
            return None  # "reinforcements to Iraq": a destination
        return prep.head.head if prep.head.dep_ == "agent" else prep.head
    return None


def _is_military(head: Any, kb: ActorKB) -> bool:
    """The governing word is a military verb or noun, or one of its arguments is military."""
    rule = kb.agent_rule
    if _in(head, rule.military_verbs) or _in(head, rule.military_nouns):
        return True
    return any(_military_arg(child, rule.military_nouns, depth=1) for child in head.children)


def _in(tok: Any, lexicon: frozenset[str]) -> bool:
    """The word or its lemma is in the lexicon (the lemmatizer reads "bases" as "basis")."""
    return bool(tok.lower_ in lexicon or tok.lemma_.lower() in lexicon)


def _military_arg(tok: Any, nouns: frozenset[str], depth: int) -> bool:
    if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and _in(tok, nouns):
        return True
    if tok.dep_ == "prep":
        return any(g.dep_ == "pobj" and _in(g, nouns) for g in tok.children)
    if tok.dep_ in ("xcomp", "ccomp", "advcl") and depth > 0:
        return any(_military_arg(g, nouns, depth - 1) for g in tok.children)
    return False


def _orphan_demonyms(
    picks: Sequence[_Pick],
    resolved: list[tuple[_Pick, str]],
    parsed: Any,
    tok_starts: list[int],
    kb: ActorKB,
) -> list[tuple[_Pick, str]]:
    """Demonyms coordinated with a country-class mention take its class (docs: rule 5)."""
    done = {p.start for p, _ in resolved}
    classed = [(p, _class_of(p, aid)) for p, aid in resolved]
    out: list[tuple[_Pick, str]] = []
    for pick in picks:
        c = pick.cand
        if c.kind != "country" or pick.start in done or c.country is None:
            continue
        tok = _token_span(parsed, tok_starts, pick.start, pick.end).root
        for _ in range(QUALIFIER_MAX_STEPS):
            if tok.dep_ not in QUALIFIER_DEPS or tok.head is tok:
                break
            tok = tok.head
            owners = [k for p, k in classed if p.start <= tok.idx < p.end]
            if not owners:
                continue
            aid = kb.class_actor(c.country, owners[0]) if owners[0] else None
            if aid:
                out.append((pick, aid))
            break  # reached a mention: of a class (taken) or a named actor (not)
    return out


def _class_of(pick: _Pick, actor_id: str) -> str | None:
    """The class key of a country-class mention ("irq.leg" -> "leg"), else None."""
    if pick.cand.kind == "class":
        return pick.cand.class_key
    prefix, _, key = actor_id.partition(".")
    return key if key and len(prefix) == 3 and prefix != "generic" and "." not in key else None
