"""actors: the ``actors.v4`` stage: actor mentions linked to the KB (docs/knowledge-actors.md).

KB names, country institutions, office holders, typed unknowns.
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

Then the in-document rules (7-13 of the docs) over the resolved mentions.
``with_places`` runs after the places stage. The parts live by what they do:

    candidates   rules 1-2: which of the KB's candidates are kept; the context country
    resolution   rules 3-5: names, office holders, bare country names, demonyms
    capitals     rule 7: capitals as governments; the capitals table
    short_forms  rules 8 and 10: acronyms defined in the text, surnames
    titles       rule 9: office titles before persons, role conflicts
    anaphora     rule 11: "the prime minister", "the group"
    unknowns     rules 6 and 12: typed unknowns' counts, countries and owners
    filters      rule 13: credit lines, datelines, parts of longer names
    recode       ``with_places``: a country class named after another country's division
    document     what the steps share: the mention being built, the document, patterns
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.actors.anaphora import definites
from watchfloor.extract.actors.candidates import (
    Pick,
    context_country,
    drop_stance,
    one_holder_per_name,
    select,
)
from watchfloor.extract.actors.capitals import capital_rows, metonymic_capitals
from watchfloor.extract.actors.document import Doc, Out
from watchfloor.extract.actors.filters import drop_parts_and_credits, drop_sports_teams
from watchfloor.extract.actors.recode import with_places
from watchfloor.extract.actors.resolution import (
    authoring_demonyms,
    office_before_person,
    orphan_demonyms,
    resolve,
    role_form,
)
from watchfloor.extract.actors.short_forms import acronyms, surnames, titled_surnames
from watchfloor.extract.actors.titles import person_forms, role_conflicts
from watchfloor.extract.actors.unknowns import counts, located_unknowns, owned_unknowns
from watchfloor.extract.nlp.tokens import column
from watchfloor.extract.sentences import index_of
from watchfloor.extract.sports import SportsLexicon, sports_sentences
from watchfloor.knowledge.actors import ActorKB, text_words
from watchfloor.knowledge.actors.build import CAPITALS
from watchfloor.vocab import ActorMention, Dct, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

__all__ = ["CAPITALS", "NAME", "capital_rows", "find", "with_places"]


NAME = "actors.v4"


def find(
    parsed: SpacyDoc,
    sents: tuple[Sentence, ...],
    kb: ActorKB,
    dct: Dct,
    sports: SportsLexicon | None = None,
) -> tuple[ActorMention, ...]:
    """Actor mentions of a parsed document, non-overlapping, sorted by start.

    ``sports``: the sports register's lexicon (``Resources.cues.sports``): in a
    report of sports a country's name is its team (``filters.drop_sports_teams``);
    None reads every sentence as news."""
    text: str = parsed.text
    ws = text_words(text)
    cands = one_holder_per_name(drop_stance(kb.scan(ws), ws, text), kb, dct)
    picks = select(cands, ws, kb)
    context = context_country(picks)
    mentioned = {p.cand.actor_id for p in picks if p.cand.kind == "name"}
    tok_starts: list[int] = column(parsed, "idx")
    outs: list[Out] = []
    resolved: list[tuple[Pick, str]] = []
    for i, pick in enumerate(picks):
        if office_before_person(pick, i, picks, ws, kb, text):
            continue
        aid = resolve(pick, i, picks, parsed, tok_starts, kb, dct, context, mentioned, text)
        if aid:
            resolved.append((pick, aid))
            c = pick.cand
            rule = "context_country" if c.kind == "name" and aid != c.actor_id else None
            title = c.title if c.kind == "role" else None
            form = role_form(c, ws, kb) if title else None
            outs.append(Out(pick.start, pick.end, aid, rule=rule, title=title, form=form))
    orphans = orphan_demonyms(picks, resolved, parsed, tok_starts, kb)
    for pick, aid in orphans:
        outs.append(Out(pick.start, pick.end, aid))
    done = {p.start for p, _ in resolved} | {p.start for p, _ in orphans}
    for pick, aid in authoring_demonyms(picks, done, parsed, tok_starts, kb):
        outs.append(Out(pick.start, pick.end, aid))
    doc = Doc(parsed, text, ws, tok_starts, kb, dct, context)
    taken = [False] * len(ws)
    for p in picks:
        doc.take(taken, p.start, p.end)
    outs += metonymic_capitals(doc, taken)
    outs.sort(key=lambda o: o.start)
    acronyms(doc, outs, taken)
    outs += surnames(doc, outs, taken)
    outs += titled_surnames(doc, taken)
    outs.sort(key=lambda o: o.start)
    role_conflicts(doc, outs)
    person_forms(doc, outs)
    outs = definites(doc, outs, taken)
    outs = drop_parts_and_credits(doc, outs)
    if sports is not None:
        outs = drop_sports_teams(doc, outs, sports_sentences(parsed, sports))
    owned_unknowns(doc, outs)
    located_unknowns(doc, outs)
    counts(doc, outs)
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
