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

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.metonymy import is_metonymic
from watchfloor.extract.nlp.numbers import CARDINALS
from watchfloor.extract.nlp.tokens import column, derived
from watchfloor.extract.places import names as place_names
from watchfloor.extract.sentences import index_of
from watchfloor.knowledge.actors import CAP, UPPER, ActorKB, Candidate, Word, text_words, words
from watchfloor.vocab import ActorMention, Dct, Sentence, Span

NAME = "actors.v3"

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
# The KB layer of imported dictionaries (ranks below our generated readings).
IMPORTED_LAYER = "phoenix"
# Typed unknowns that name a thing when "of" follows ("a source of income").
OF_NOT_PERSON = frozenset({"generic.individual", "generic.insider"})
OF_NEXT = re.compile(r"\s+of\b")
# Verbs whose subject is described or undergoes, not acts: "Egypt is ...", "Greece has seen".
EXPERIENCER_VERBS = frozenset({"be", "see", "witness", "experience", "undergo"})
# Ids of generated country-class actors ("rus.cvl", "irq.gov").
COUNTRY_CLASS_ID = re.compile(r"^[a-z]{3}\.[a-z_]+$")
# A direction word before a country name makes it a region ("southern Iran"): a place.
DIRECTION_WORDS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern"}
    | {"southeastern", "southwestern", "north", "south", "east", "west", "upper", "lower"}
)
# NER labels of longer names a country, demonym, capital or company name can be part of
# ("Telecom Egypt", "the American Volunteer Group", "Toyota Camry", "Microsoft Word").
LONGER_NAME_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW"})
# A credit line: "JERUSALEM (AP)_", "COLUMBUS, Ohio (AP) —", "Photo: AP", "Credit: Reuters".
CREDIT_AFTER = re.compile(r"^\)\s*(?:_|--|—|–|-|:)")
CREDIT_BEFORE = re.compile(
    r"(?:\b(?:photo|image|picture|credit|video|graphic)s?\s*(?:by|:)\s*)$", re.I
)
# What may precede an outlet that fills a whole parenthesis: "(AP)", "(The Associated Press)".
WHOLE_PARENS = re.compile(r".*\((?:[Tt]he )?", re.S)
# A dateline place: "Mannheim, Germany (Sports Network) -", "TBILISI, Georgia --".
DATELINE = re.compile(r"^\s*(?:\([^()\n]{1,40}\))?\s*(?:--|—|–|-|_|\()")


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
    ws = text_words(text)
    cands = _one_holder_per_name(_drop_stance(kb.scan(ws), ws, text), kb, dct)
    picks = _select(cands, ws, kb)
    context = _context_country(picks)
    mentioned = {p.cand.actor_id for p in picks if p.cand.kind == "name"}
    tok_starts: list[int] = column(parsed, "idx")
    outs: list[_Out] = []
    resolved: list[tuple[_Pick, str]] = []
    for i, pick in enumerate(picks):
        if _office_before_person(pick, i, picks, ws, kb, text):
            continue
        aid = _resolve(pick, i, picks, parsed, tok_starts, kb, dct, context, mentioned, text)
        if aid:
            resolved.append((pick, aid))
            c = pick.cand
            rule = "context_country" if c.kind == "name" and aid != c.actor_id else None
            title = c.title if c.kind == "role" else None
            form = _role_form(c, ws, kb) if title else None
            outs.append(_Out(pick.start, pick.end, aid, rule=rule, title=title, form=form))
    orphans = _orphan_demonyms(picks, resolved, parsed, tok_starts, kb)
    for pick, aid in orphans:
        outs.append(_Out(pick.start, pick.end, aid))
    done = {p.start for p, _ in resolved} | {p.start for p, _ in orphans}
    for pick, aid in _authoring_demonyms(picks, done, parsed, tok_starts, kb):
        outs.append(_Out(pick.start, pick.end, aid))
    doc = _Doc(parsed, text, ws, tok_starts, kb, dct, context)
    taken = [False] * len(ws)
    for p in picks:
        doc.take(taken, p.start, p.end)
    outs += _capitals(doc, taken)
    outs.sort(key=lambda o: o.start)
    _acronyms(doc, outs, taken)
    outs += _surnames(doc, outs, taken)
    outs += _titled_surnames(doc, taken)
    outs.sort(key=lambda o: o.start)
    _role_conflicts(doc, outs)
    _person_forms(doc, outs)
    outs = _definites(doc, outs, taken)
    outs = _drop_parts_and_credits(doc, outs)
    _owned_unknowns(doc, outs)
    _located_unknowns(doc, outs)
    _counts(doc, outs)
    return tuple(
        ActorMention(
            actor_id=o.aid,
            span=Span(o.start, o.end, text[o.start : o.end]),
            sentence=index_of(sents, o.start),
            count=o.count,
            rule=o.rule,
            role_conflict=o.conflict,
        )
        for o in outs
    )


@dataclass(slots=True)
class _Out:
    """A resolved mention being built (chars ``start``..``end``)."""

    start: int
    end: int
    aid: str
    rule: str | None = None
    count: int | None = None
    conflict: str | None = None
    title: str | None = None  # the office of a country + title mention
    form: tuple[str, ...] | None = (
        None  # the title's words that introduced it ("prime", "minister")
    )


@dataclass(frozen=True, slots=True)
class _Doc:
    """What the in-document steps share."""

    parsed: Any
    text: str
    ws: Sequence[Word]
    tok_starts: list[int]
    kb: ActorKB
    dct: Dct
    context: str | None = None  # the document's context country (rule 6)
    wstarts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.wstarts.extend(w.start for w in self.ws)

    def word_at(self, char: int) -> int:
        """Index of the word that starts at or before ``char``."""
        return max(bisect_right(self.wstarts, char) - 1, 0)

    def tokens(self, start: int, end: int) -> Any:
        return _token_span(self.parsed, self.tok_starts, start, end)

    def take(self, taken: list[bool], start: int, end: int) -> None:
        for k in range(self.word_at(start), len(self.ws)):
            if self.ws[k].start >= end:
                break
            taken[k] = True


# ----------------------------------------------------------------------------- selection


def _drop_stance(cands: list[Candidate], ws: Sequence[Word], text: str) -> list[Candidate]:
    """Drop country readings whose first word follows "pro-"/"anti-"."""

    def stance(c: Candidate) -> bool:
        people = c.kind == "name" and bool(COUNTRY_CLASS_ID.match(c.actor_id or ""))
        if not people and (c.kind not in ("country", "class", "role") or c.country is None):
            return False
        return bool(STANCE_PREFIX.search(text[max(0, ws[c.start].start - 5) : ws[c.start].start]))

    return [c for c in cands if not stance(c)]


def _one_holder_per_name(cands: list[Candidate], kb: ActorKB, dct: Dct) -> list[Candidate]:
    """Choose between persons who share a name ("President Bush") by the publication date.

    Several KB persons may carry the same alias (the KB says so on purpose).
    With a known publication day, the one whose office tenure is closest to it
    (holding it that day, else the most recently left office; never one whose
    first office starts later) keeps the name. With no day, or when no tenure
    decides, the name is ambiguous and gives no mention: a guess would put a
    wrong person, and a wrong date range (docs/extract-dct.md), into the record.
    """
    spans: dict[tuple[int, int], list[Candidate]] = {}
    for c in cands:
        if c.kind == "name" and c.actor_id:
            spans.setdefault((c.start, c.end), []).append(c)
    drop: set[int] = set()
    for group in spans.values():
        kept = kb.namesakes_kept((c.actor_id for c in group if c.actor_id), dct.date)
        drop.update(id(c) for c in group if c.actor_id not in kept)
    return [c for c in cands if id(c) not in drop]


def _select(cands: Iterable[Candidate], ws: Sequence[Word], kb: ActorKB) -> list[_Pick]:
    """Greedy non-overlapping choice: longest first, then priority, then leftmost.

    A name of the imported (Phoenix) layer ranks below a generated reading of
    the same words: "US Secretary of State" is the office resolved by date,
    not the dictionary's office-as-actor entry.
    """
    origins: dict[str, tuple[str, str]] = getattr(kb, "origins", {})

    def priority(c: Candidate) -> float:
        if c.kind == "name" and origins.get(c.actor_id or "", ("",))[0] == IMPORTED_LAYER:
            return 1.5
        return c.priority

    ranked = sorted(
        cands, key=lambda c: (-(ws[c.end - 1].end - ws[c.start].start), -priority(c), c.start)
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
        if kb[c.actor_id].generic and not _ends_in_noun(pick, parsed, tok_starts):
            return None  # "an official statement": an adjective, not a typed unknown
        if kb[c.actor_id].generic and _followed_by_of(pick, text, c.actor_id):
            return None  # "a source of bragging rights": a thing, not a person
        return _contextual(c.actor_id, kb, context)
    if c.kind == "class":
        return c.actor_id
    if c.kind == "role":
        return _resolve_role(pick, i, picks, parsed, kb, dct, mentioned, text)
    if c.kind == "country" and c.is_name and c.country:
        return _bare_country(pick, parsed, tok_starts, kb)
    return None


def _office_before_person(
    pick: _Pick, i: int, picks: Sequence[_Pick], ws: Sequence[Word], kb: ActorKB, text: str
) -> bool:
    """A KB name or class ending in an office title, right before a KB person: the person.

    Imported dictionaries list office phrases as actors ("the US Secretary of
    State"), and "French Foreign Minister" reads as a government noun too;
    before "Bernard Kouchner" the phrase is a title, like rule 3's.
    """
    c = pick.cand
    nxt = picks[i + 1] if i + 1 < len(picks) else None
    if c.kind not in ("name", "class") or nxt is None or nxt.cand.kind != "name":
        return False
    if not TITLE_NAME_GAP.match(text[pick.end : nxt.start]):
        return False
    if kb[nxt.cand.actor_id or ""].type != "person":
        return False
    return any(end == c.end for j in range(c.start, c.end) for end, _ in kb.offices(ws, j))


def _role_form(c: Candidate, ws: Sequence[Word], kb: ActorKB) -> tuple[str, ...] | None:
    """The words of the office title in a country + title mention ("prime", "minister")."""
    for j in range(c.start, c.end):
        for end, key in kb.offices(ws, j):
            if end == c.end and key == c.title:
                return tuple(w.key for w in ws[j:end])
    return None


def _ends_in_noun(pick: _Pick, parsed: Any, tok_starts: list[int]) -> bool:
    last = _token_span(parsed, tok_starts, pick.start, pick.end)[-1]
    return bool(last.pos_ in NOUN_TAGS)


def _followed_by_of(pick: _Pick, text: str, actor_id: str) -> bool:
    """ "a source of ...", "sources of ...": for person-like unknowns a thing, not a person."""
    return actor_id in OF_NOT_PERSON and bool(OF_NEXT.match(text[pick.end :]))


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
        actor = kb[nxt.cand.actor_id or ""]
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
    for ent in entities(parsed):
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
        for e in entities(parsed)
    ):
        return None
    first = span[0]
    if first.i > 0 and parsed[first.i - 1].lower_ in DIRECTION_WORDS:
        return None  # "southern Iran", "northern Ireland": a region
    if _in_longer_place(parsed, span) or _person_name_part(parsed, span):
        return None  # "New Jersey" is not Jersey; "Eddie Jordan ... reach out to Jordan"
    if _with_person(span.root):
        return None  # "Brown and Jordan shot ...": a person's name
    governor = _governor(span.root, kb)
    if governor is None:
        return None
    key = "mil" if _acts(span.root) and _is_military(governor, kb) else "gov"
    return kb.class_actor(c.country, key)


def with_places(
    mentions: tuple[ActorMention, ...], place_mentions: Iterable[Any], gazetteer: Any, kb: ActorKB
) -> tuple[ActorMention, ...]:
    """Country-class actors named after a place the places stage read as another
    country's division: "the Georgia Supreme Court" in an Atlanta story is the
    United States' judiciary (a state court), not Georgia's (issue 19). The class is
    kept; the country is the place's. Run after ``places.find`` on these mentions."""
    places = list(place_mentions)
    out = []
    for m in mentions:
        actor = kb[m.actor_id]
        recoded = None
        if COUNTRY_CLASS_ID.match(m.actor_id) and actor.country:
            for p in places:
                if not (m.span.start <= p.span.start and p.span.end <= m.span.end):
                    continue
                place = gazetteer.get(p.place_id)
                if (
                    place.country
                    and place.country != actor.country
                    and place.feature
                    in (
                        "admin1",
                        "admin2",
                    )
                ):
                    recoded = kb.class_actor(place.country, m.actor_id.split(".", 1)[1])
                    break
        out.append(replace(m, actor_id=recoded) if recoded else m)
    return tuple(out)


def _in_longer_place(parsed: Any, span: Any) -> bool:
    """The country name ends a longer place name: "New Jersey", "Papua New Guinea"."""
    first = span[0]
    if first.ent_iob_ != "I" or first.ent_type_ not in ("GPE", "LOC") or first.i == 0:
        return False
    before = parsed[first.i - 1]  # "New", not "The"
    return before.ent_iob_ in ("B", "I") and before.pos_ == "PROPN" and not before.is_stop


def _person_name_part(parsed: Any, span: Any) -> bool:
    """Every word of the country name is part of a person named in the document
    ("Eddie Jordan" ... "Jordan"): place_names.people over spaCy's PERSON entities."""
    parts = derived(
        parsed, "actors_person_parts", lambda p: [place_names.people(p, None, (), None)]
    )
    names = parts[0].parts
    return all(t.is_alpha and t.lower_ in names for t in span)


def _with_person(tok: Any) -> bool:
    """The name is coordinated with a person ("Brown and Jordan"): a person too."""
    top = tok
    while top.dep_ == "conj" and top.head is not top:
        top = top.head
    group = [top, *(t for t in top.subtree if t.dep_ == "conj")]
    return any(t.ent_type_ == "PERSON" for t in group if t is not tok)


def _acts(tok: Any) -> bool:
    """The name is the doer (subject, agent, possessor), not the target of the governing word.

    "Israel struck" is its armed forces; "attacking the United States" names
    the country attacked: its government (the state), not its military.
    """
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "agent", "poss"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "by"


def _governor(tok: Any, kb: ActorKB) -> Any:
    """The word a country name is an argument of, or None when it is not an argument."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ARGUMENT_DEPS:
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in kb.agent_rule.locative_verbs:
            return None  # "regions bordering Syria": a place
        if tok.dep_ == "nsubj" and tok.head.lemma_ in EXPERIENCER_VERBS:
            return None  # "Egypt is not unfamiliar to ...", "the rioting Greece has seen"
        return tok.head
    rule = kb.agent_rule
    if tok.dep_ == "poss" and not _in(tok.head, rule.place_nouns):
        if any(a.dep_ == "amod" and a.tag_ == "JJS" for a in tok.head.children):
            return None  # "France's third-largest chemical group": a ranking in a country
        return tok.head  # "Turkey's efforts"; not "Iraq's borders"
    if tok.dep_ == "pobj" and tok.head.lower_ in rule.agent_prepositions:
        prep = tok.head
        if prep.lower_ in DESTINATION_PREPS and (
            _in(prep.head, rule.motion_words) or _in(prep.head.head, rule.motion_words)
        ):
            return None  # "reinforcements to Iraq": a destination
        if _in(prep.head, rule.place_nouns):
            return None  # "the border with Georgia": a place
        if (
            prep.lower_ in DESTINATION_PREPS
            and prep.head.pos_ in ("NOUN", "PROPN")
            and not _in(prep.head, POLICY_NOUNS | ADDRESSED_NOUNS)
        ):
            return None  # "traffic to India", "services to Singapore": where, not whom
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


# Nouns of what a state says or does: a demonym or country name modifying one names its
# author, the government ("an Indian proposal", "a Senegalese peace plan", "US mediation").
POLICY_NOUNS = frozenset(
    {"proposal", "ultimatum", "plan", "offer", "demand", "demands", "change", "changes"}
    | {"policy", "policies", "rule", "decision", "request", "initiative", "statement"}
    | {"warning", "threat", "threats", "appeal", "refusal", "position", "stance", "pressure"}
    | {"sanctions", "mediation", "veto", "embargo", "blockade", "crackdown", "recognition"}
    | {"diplomacy", "diplomats", "diplomat", "delegation", "envoy", "negotiators"}
)


# Nouns whose "to <country>" names a recipient: "aid to Iraq", "a letter to Iran".
ADDRESSED_NOUNS = frozenset(
    {"aid", "assistance", "support", "help", "loan", "loans", "letter", "message", "call"}
    | {"threat", "response", "reply", "answer", "arms", "sales", "exports", "ultimatum", "visit"}
    | {"apology", "invitation", "note", "protest", "complaint", "ties", "relations", "link"}
)


def _authoring_demonyms(
    picks: Sequence[_Pick], done: set[int], parsed: Any, tok_starts: list[int], kb: ActorKB
) -> list[tuple[_Pick, str]]:
    """A country form modifying a policy noun is its government (docs: rule 5)."""
    out: list[tuple[_Pick, str]] = []
    for pick in picks:
        c = pick.cand
        if c.kind != "country" or pick.start in done or c.country is None:
            continue
        root = _token_span(parsed, tok_starts, pick.start, pick.end).root
        head = root.head
        if (
            root.dep_ in ("amod", "compound", "nmod")
            and head.i > root.i
            and _in(head, POLICY_NOUNS)
        ):
            aid = kb.class_actor(c.country, "gov")
            if aid:
                out.append((pick, aid))
    return out


def _class_of(pick: _Pick, actor_id: str) -> str | None:
    """The class key of a country-class mention ("irq.leg" -> "leg"), else None."""
    if pick.cand.kind == "class":
        return pick.cand.class_key
    prefix, _, key = actor_id.partition(".")
    return key if key and len(prefix) == 3 and prefix != "generic" and "." not in key else None


# ----------------------------------------------------------------------------- capitals (rule 7)

CAPITALS = "capitals.tsv"
# Longest capital name, in words ("Bandar Seri Begawan", "Port of Spain").
CAPITAL_MAX_WORDS = 4


def capital_rows(gazetteer: Any) -> list[tuple[str, str]]:
    """(ISO3, name) of every capital of a gazetteer: the content of data/capitals.tsv."""
    return sorted((iso, gazetteer.entry(gid).name) for iso, gid in gazetteer.capital_of.items())


@lru_cache(maxsize=1)
def capitals() -> dict[tuple[str, ...], str]:
    """Word keys of each capital's name -> ISO3 (names starting with "The" left out)."""
    ref = resources.files("watchfloor.knowledge") / "data" / CAPITALS
    out: dict[tuple[str, ...], str] = {}
    for line in ref.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        iso, name = line.split("\t")
        if not name.startswith("The "):
            out.setdefault(tuple(w.key for w in words(name)), iso)
    return out


def _capitals(doc: _Doc, taken: list[bool]) -> list[_Out]:
    """A capital standing for its government ("Washington said", "an admission by Moscow").

    The places stage's metonymy test decides (subject of a speech or decision
    verb), extended to coordinated subjects and to "by" agents. The name must
    be capitalised, not part of a longer actor name, and tagged GPE/ORG/NORP.
    """
    table, ws, out = capitals(), doc.ws, []
    for i in range(len(ws)):
        if taken[i] or ws[i].shape == 0:
            continue
        key: tuple[str, ...] = ()
        for j in range(i, min(len(ws), i + CAPITAL_MAX_WORDS)):
            if taken[j]:
                break
            key = (*key, ws[j].key)
            iso = table.get(key)
            if iso is None or any(w.shape == 0 for w in ws[i : j + 1]):
                continue
            if any(end == j + 1 for end, _ in doc.kb.country_forms(ws, i)):
                continue  # "Kuwait", "Singapore": a country name, rule 4's business
            start, end = ws[i].start, ws[j].end
            if _capital_acts(doc, start, end):
                aid = doc.kb.class_actor(iso, "gov")
                if aid:
                    out.append(_Out(start, end, aid, rule="metonymy"))
                    doc.take(taken, start, end)
            break
    return out


def _capital_acts(doc: _Doc, start: int, end: int) -> bool:
    span = doc.tokens(start, end)
    if not any(
        e.label_ in COUNTRY_ENT_LABELS and e.start_char < end and start < e.end_char
        for e in entities(doc.parsed)
    ):
        return False
    if is_metonymic(span):
        return True
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok is not span.root and is_metonymic(doc.parsed[tok.i : tok.i + 1]):
        return True
    by = tok.head
    return bool(
        tok.dep_ == "pobj" and by.lower_ == "by" and (by.dep_ == "agent" or by.head.pos_ == "NOUN")
    )


# ----------------------------------------------------------------------------- acronyms (rule 8)

# "Popular Mobilization Forces (PMF)": an acronym in brackets right after a mention.
ACRONYM_DEF = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&./-]{1,9})\s*\)")


def _acronyms(doc: _Doc, outs: list[_Out], taken: list[bool]) -> None:
    """Acronyms defined in the text link to the actor they follow, there and after.

    The definition wins over the KB for this document: "(PMF)" after a name
    makes every later "PMF" that actor. The acronym's first letter must be the
    initial of a word of the name (so "(AFP)" after "the spokesman" is no
    definition).
    """
    defined: dict[str, tuple[int, str]] = {}  # key -> (position of definition, actor id)
    extra: list[_Out] = []
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
            extra.append(_Out(w.start, w.end, aid, rule="acronym"))
            taken[k] = True
    outs.extend(extra)
    outs.sort(key=lambda o: o.start)


def _whole_word_key(doc: _Doc, start: int, end: int) -> str | None:
    k = doc.word_at(start)
    w = doc.ws[k]
    return w.key if w.start == start and w.end == end else None


# ----------------------------------------------------------------------------- role-date (rule 9)

# Words before a title that make it a past or future office, not a claim about today.
NOT_NOW = frozenset({"former", "ex", "late", "then", "previous", "outgoing", "incoming", "future"})
# Words between an office title and the person it qualifies, at most.
TITLE_MAX_WORDS = 5


def _role_conflicts(doc: _Doc, outs: list[_Out]) -> None:
    """A KB person written after an office title they did not hold on the publication date.

    "Prime Minister Nouri al-Maliki" in a 2019 article: the mention stays the
    person (the name wins), never the office, and ``role_conflict`` records the
    title. Needs the publication date (or a range); "former" and the like
    before the title make it no conflict.
    """
    if doc.dct.date is None and (doc.dct.earliest is None or doc.dct.latest is None):
        return
    first = doc.dct.date or doc.dct.earliest
    last = doc.dct.date or doc.dct.latest
    assert first is not None and last is not None
    for o in outs:
        actor = doc.kb[o.aid]
        if actor.type != "person" or not any(r.title.islower() for r in actor.roles):
            continue  # no office in the KB (Phoenix roles are codes, "ZWEGOV"): nothing to check
        k = doc.word_at(o.start)
        title = _title_before(doc, k)
        if title is None:
            continue
        key, t_start = title
        if t_start > 0 and doc.ws[t_start - 1].key in NOT_NOW:
            continue
        held = any(
            r.title == key
            and (r.start is None or r.start <= last)
            and (r.end is None or first <= r.end)
            for r in actor.roles
        )
        if not held:
            o.conflict = key


def _person_forms(doc: _Doc, outs: list[_Out]) -> None:
    """The title words a person was introduced with: "President Bush", "Prime Minister X"."""
    for o in outs:
        if doc.kb[o.aid].type != "person":
            continue
        k = doc.word_at(o.start)
        before = _title_before(doc, k)
        if before is not None:
            o.form = tuple(w.key for w in doc.ws[before[1] : k])
            continue
        k_end = doc.word_at(o.end - 1) + 1
        inner = [end for end, _ in doc.kb.offices(doc.ws, k) if end < k_end]
        if inner:
            o.form = tuple(w.key for w in doc.ws[k : max(inner)])


def _title_before(doc: _Doc, k: int) -> tuple[str, int] | None:
    """The office title whose words end right before word ``k`` (past a comma): (key, start)."""
    ws = doc.ws
    for start in range(max(0, k - TITLE_MAX_WORDS), k):
        for end, key in doc.kb.offices(ws, start):
            if end == k and TITLE_NAME_GAP.match(doc.text[ws[end - 1].end : ws[k].start]):
                return key, start
    return None


# ----------------------------------------------------------------------------- surnames (rule 10)

# Name particles joined to a surname ("al-Sadr").
SURNAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "az", "bin", "ibn", "abu"})
NOT_A_PERSON_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def _surnames(doc: _Doc, outs: list[_Out], taken: list[bool]) -> list[_Out]:
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
    out: list[_Out] = []
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
        out.append(_Out(start, w.end, aid, rule="surname"))
        taken[k] = True
    return out


def _titled_surnames(doc: _Doc, taken: list[bool]) -> list[_Out]:
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
        title = _title_before(doc, k)
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
            out.append(_Out(w.start, w.end, persons.pop(), rule="surname"))
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


def _sentence_initial(doc: _Doc, char: int) -> bool:
    tok = doc.tokens(char, char + 1)[0]
    return bool(tok.is_sent_start)


# ----------------------------------------------------------------------------- definites (rule 11)

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


def _definites(doc: _Doc, outs: list[_Out], taken: list[bool]) -> list[_Out]:
    """ "the prime minister", "the group", "the ministry", "the spokesman" to an earlier actor.

    An office title after "the" takes the latest earlier mention of that office
    (a country + title mention) or of a KB person who held it. An anaphor noun
    after "the"/"this"/"that" (one lower-case modifier allowed) takes the latest
    earlier named actor of a compatible type. No antecedent: a noun already
    read as a typed unknown stays one; otherwise nothing (no guess).
    """
    ws = doc.ws
    by_start = {o.start: o for o in outs}
    new: list[_Out] = []
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
            new.append(_Out(start, stop, aid, rule="title" if title else "anaphor"))
            doc.take(taken, start, stop)
    return sorted(outs + new, key=lambda o: o.start)


def _glued_noun(doc: _Doc, k: int) -> bool:
    """Word ``k`` is a noun right after the previous word (no punctuation between)."""
    w = doc.ws[k]
    if doc.text[doc.ws[k - 1].end : w.start].strip():
        return False
    return doc.tokens(w.start, w.end)[0].pos_ in NOUN_TAGS


def _adjective(doc: _Doc, k: int) -> bool:
    """Word ``k`` is a lower-case adjective ("the militant group"; not "the student newspaper")."""
    w = doc.ws[k]
    return w.shape == 0 and doc.tokens(w.start, w.end)[0].pos_ == "ADJ"


def _definite_at(
    doc: _Doc, k: int, taken: list[bool], by_start: dict[int, _Out]
) -> tuple[int, str | None, frozenset[str], _Out | None] | None:
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
    doc: _Doc, outs: list[_Out], before: int, form: tuple[str, ...] | None, types: frozenset[str]
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


# ----------------------------------------------------------------------------- counts (rule 12)

NUMBER_WORDS = {**CARDINALS, "hundred": 100, "dozen": 12}
SINGULAR_DETS = frozenset({"a", "an", "one", "another"})


def _counts(doc: _Doc, outs: list[_Out]) -> None:
    """How many individuals a typed unknown denotes: "three prominent individuals" -> 3."""
    for o in outs:
        if not doc.kb[o.aid].generic:
            continue
        root = doc.tokens(o.start, o.end).root
        for child in root.children:
            if child.dep_ == "nummod":
                o.count = _number(child.lower_)
                break
            if child.dep_ == "det" and child.lower_ in SINGULAR_DETS:
                o.count = 1
                break


def _number(word: str) -> int | None:
    digits = word.replace(",", "")
    if digits.isdigit():
        return int(digits)
    return NUMBER_WORDS.get(word)


# ----------------------------------------------------------------------------- filters (rule 13)


def _drop_parts_and_credits(doc: _Doc, outs: list[_Out]) -> list[_Out]:
    """Drop credit lines, datelines and names that are part of a longer name.

    * an outlet in a credit line: "JERUSALEM (AP)_", "Photo: AP";
    * a country in a dateline: "Mannheim, Germany (Sports Network) -";
    * a country, demonym or capital inside a longer named entity (ORG,
      PRODUCT, FAC ...) that no other mention shares: "Telecom Egypt", "the
      American Volunteer Group";
    * a company name modifying a proper noun: "a Toyota Camry" (a product);
    * a KB name that is only the start of a longer name ("the National" of
      "the National Weather Service").
    """
    text = doc.text
    kept = []
    for o in outs:
        actor = doc.kb[o.aid]
        if actor.type == "media" and _credit(text, o):
            continue
        if o.rule is None and not COUNTRY_CLASS_ID.match(o.aid) and _name_goes_on(doc, o, outs):
            continue
        if _dateline(text, o, bool(COUNTRY_CLASS_ID.match(o.aid))):
            continue
        if _part_of_longer_name(doc, o, outs, actor):
            continue
        kept.append(o)
    return kept


def _name_goes_on(doc: _Doc, o: _Out, outs: list[_Out]) -> bool:
    """A KB name that is the start of a longer name: "the National" of "the National
    Weather Service" (a named entity going on with capitalised words, outside headlines)."""
    nxt = doc.word_at(o.end - 1) + 1
    if nxt >= len(doc.ws) or doc.ws[nxt].shape == 0 or doc.text[o.end : doc.ws[nxt].start].strip():
        return False
    if any(p.start == doc.ws[nxt].start for p in outs) or _title_case(doc.text, o.start):
        return False
    labels = LONGER_NAME_LABELS | ({"PERSON"} if doc.kb[o.aid].type == "person" else set())
    return any(
        e.label_ in labels and e.start_char <= o.start and doc.ws[nxt].end <= e.end_char
        for e in entities(doc.parsed)
    )


def _credit(text: str, o: _Out) -> bool:
    if o.start > 0 and text[o.start - 1] == "(" and CREDIT_AFTER.match(text[o.end :]):
        return True
    if (
        WHOLE_PARENS.fullmatch(text[max(0, o.start - 5) : o.start])
        and text[o.end : o.end + 1] == ")"
    ):
        return True  # "(AP)", "(The Associated Press)": a credit, not a participant
    return bool(CREDIT_BEFORE.search(text[max(0, o.start - 20) : o.start]))


def _dateline(text: str, o: _Out, country: bool) -> bool:
    """A place in a dateline: after "CITY, " in capitals at the start of a line
    ("SALINA, Kan."), or a country after "City, " before "(" or a dash."""
    line_start = text.rfind("\n", 0, o.start) + 1
    before = text[line_start : o.start]
    if re.fullmatch(r"[A-Z][A-Z.'’ -]{1,40},\s*", before):
        return True
    return country and bool(
        re.fullmatch(r"[A-Z][\w.'’ -]{0,40},\s*", before) and DATELINE.match(text[o.end :])
    )


def _part_of_longer_name(doc: _Doc, o: _Out, outs: list[_Out], actor: Any) -> bool:
    if actor.type == "business":
        root = doc.tokens(o.start, o.end).root
        head = root.head
        # "a Toyota Camry", "a Microsoft Word document": a product named after its maker
        return bool(
            root.dep_ == "compound"
            and head.i > root.i
            and head.pos_ == "PROPN"
            and head.text[:1].isupper()
            and not _title_case(doc.text, o.start)
        )
    if COUNTRY_CLASS_ID.match(o.aid) is None or not _is_country_form(doc, o):
        return False
    for e in entities(doc.parsed):
        if e.start_char <= o.start and o.end <= e.end_char:
            if e.label_ not in LONGER_NAME_LABELS or (e.start_char, e.end_char) == (o.start, o.end):
                return False
            if any(p is not o and e.start_char <= p.start < e.end_char for p in outs):
                return False
            return _capitalised_neighbour(doc.text, o, e.start_char, e.end_char)
    return False


def _title_case(text: str, at: int) -> bool:
    """The line is a headline in title case ("Microsoft Patches IE, But ..."): capitals say nothing."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = [w for w in text[start : end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    return len(line) >= 3 and sum(w[0].isupper() for w in line) >= 0.6 * len(line)


def _is_country_form(doc: _Doc, o: _Out) -> bool:
    """The mention is one country name, demonym, people or capital, nothing more."""
    k = doc.word_at(o.start)
    k_end = doc.word_at(o.end - 1) + 1
    if any(end == k_end for end, _ in doc.kb.country_forms(doc.ws, k)):
        return True
    return o.rule == "metonymy" or (k_end - k == 1 and o.aid.endswith(".cvl"))


def _capitalised_neighbour(text: str, o: _Out, e_start: int, e_end: int) -> bool:
    """The entity goes on with a capitalised word right next to the mention."""
    after = text[o.end : e_end].lstrip(" -")
    before = text[e_start : o.start].rstrip(" -").split()
    return bool((after[:1].isupper()) or (before and before[-1][:1].isupper()))


# ----------------------------------------------------------------------------- located unknowns

# "local media in Iraq", "officials in Baghdad", "sources within Iraq": the unknown's country.
LOCATING_PREPS = frozenset({"in", "within", "inside", "from"})
# Classes whose members are not of the country they are in ("foreign troops in Iraq").
NOT_LOCATED = frozenset({"foreign_forces"})


def _located_unknowns(doc: _Doc, outs: list[_Out]) -> None:
    """A typed unknown followed by "in/within/from" + a country or capital takes that country.

    "Local media in Iraq" -> ``irq.med``; it overrides the context country
    (rule 6), which is a guess from the rest of the document.
    """
    ws = doc.ws
    for o in outs:
        actor = doc.kb[o.aid]
        if not actor.generic or (actor.country is not None and o.rule != "context_country"):
            continue
        key = o.aid.partition(".")[2]
        if key in NOT_LOCATED:
            continue
        k = bisect_right(doc.wstarts, o.end - 1)
        if k >= len(ws) or ws[k].key not in LOCATING_PREPS:
            continue
        if doc.text[o.end : ws[k].start].strip():
            continue  # "officials, in Iraq" is no qualifier
        k += 1
        if k < len(ws) and ws[k].key == "the":
            k += 1
        iso = _country_at(doc, k)
        aid = doc.kb.class_actor(iso, key) if iso else None
        if aid:
            o.aid, o.rule = aid, None


def _country_at(doc: _Doc, k: int) -> str | None:
    """The country named (by a country name or its capital) from word ``k``, else None."""
    if k >= len(doc.ws):
        return None
    for _end, iso in doc.kb.country_forms(doc.ws, k):
        if doc.ws[k].shape != 0:
            return iso
    table = capitals()
    key: tuple[str, ...] = ()
    for j in range(k, min(len(doc.ws), k + CAPITAL_MAX_WORDS)):
        key = (*key, doc.ws[j].key)
        if key in table and doc.ws[k].shape != 0:
            return table[key]
    return None


# ----------------------------------------------------------------------------- owned unknowns

# Typed unknowns that an organisation's name before them owns ("U.N. officials").
OWNED_CLASSES = frozenset({"official", "insider", "individual"})


def _owned_unknowns(doc: _Doc, outs: list[_Out]) -> None:
    """ "U.N. officials", "Hamas sources", "Pentagon officials": the organisation named.

    A typed unknown of OWNED_CLASSES right after (only spaces between) a
    mention of a named organisation (not a person, not a typed unknown, not a
    bare country: "Iraqi officials" is rule 6's) is that organisation's.
    """
    for prev, o in itertools.pairwise(outs):
        if doc.text[prev.end : o.start].strip() or o.aid.partition(".")[2] not in OWNED_CLASSES:
            continue
        if not doc.kb[o.aid].generic:
            continue
        owner = doc.kb[prev.aid]
        if owner.generic or owner.type == "person" or _is_country_form(doc, prev):
            continue
        o.aid, o.rule = prev.aid, "owner"
