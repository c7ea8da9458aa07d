"""Capitals as governments (rule 7): a capital that acts ("Washington said", "an
admission by Moscow") is its country's government. The KB holds the capitals
table (``ActorKB.capitals``, from data/capitals.tsv); ``capital_rows`` is the
gazetteer's content of that file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.actors.document import COUNTRY_ENT_LABELS, Doc, Out
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.metonymy import is_metonymic

if TYPE_CHECKING:
    from watchfloor.knowledge.gazetteer import Gazetteer

# Longest capital name, in words ("Bandar Seri Begawan", "Port of Spain").
CAPITAL_MAX_WORDS = 4


def capital_rows(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(ISO3, name) of every capital of a gazetteer: the content of data/capitals.tsv."""
    return sorted((iso, gazetteer.entry(gid).name) for iso, gid in gazetteer.capital_of.items())


def metonymic_capitals(doc: Doc, taken: list[bool]) -> list[Out]:
    """A capital standing for its government ("Washington said", "an admission by Moscow").

    The places stage's metonymy test decides (subject of a speech or decision
    verb), extended to coordinated subjects and to "by" agents. The name must
    be capitalised, not part of a longer actor name, and tagged GPE/ORG/NORP.
    """
    table, ws, out = doc.kb.capitals, doc.ws, []
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
                    out.append(Out(start, end, aid, rule="metonymy"))
                    doc.take(taken, start, end)
            break
    return out


def _capital_acts(doc: Doc, start: int, end: int) -> bool:
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
