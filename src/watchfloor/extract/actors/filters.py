"""Filters (rule 13): mentions dropped as an outlet in a credit line, a place in a
dateline, a name that is part of a longer name, or a country's name as its team in
a report of sports."""

from __future__ import annotations

import re
from typing import Any

from watchfloor.extract.actors.document import COUNTRY_CLASS_ID, Doc, Out
from watchfloor.extract.nlp import entities

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


def drop_parts_and_credits(doc: Doc, outs: list[Out]) -> list[Out]:
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


# Words after a country's name that make it the name of a team or a sports body
# ("the Iraq national team", "Ukraine's football federation" reads "Ukraine" 's first).
TEAM_WORDS = frozenset(
    {"national", "team", "side", "squad", "federation", "association", "eleven", "xi", "players"}
)


def drop_sports_teams(doc: Doc, outs: list[Out], sports: frozenset[int]) -> list[Out]:
    """Drop a country read as its government, or a team of its nationals, in a sentence
    reporting sports (``extract.sports``): "Pakistan won the toss", "England beat
    Wales 2-1", "the Iraq national team arrived" name teams, not states."""
    if not sports:
        return outs
    spans = [(s.start_char, s.end_char) for n, s in enumerate(doc.parsed.sents) if n in sports]
    kept = []
    for o in outs:
        if (
            any(a <= o.start < b for a, b in spans)
            and COUNTRY_CLASS_ID.match(o.aid)
            and (is_country_form(doc, o) or _team_after(doc, o))
            and (o.aid.endswith(".gov") or _team_after(doc, o))
        ):
            continue
        kept.append(o)
    return kept


def _team_after(doc: Doc, o: Out) -> bool:
    words = doc.text[o.start : o.end].lower().split()
    nxt = doc.word_at(o.end - 1) + 1
    after = [doc.ws[k].key for k in range(nxt, min(nxt + 2, len(doc.ws)))]
    return bool(TEAM_WORDS & {*words[1:], *after})


def _name_goes_on(doc: Doc, o: Out, outs: list[Out]) -> bool:
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


def _credit(text: str, o: Out) -> bool:
    if o.start > 0 and text[o.start - 1] == "(" and CREDIT_AFTER.match(text[o.end :]):
        return True
    if (
        WHOLE_PARENS.fullmatch(text[max(0, o.start - 5) : o.start])
        and text[o.end : o.end + 1] == ")"
    ):
        return True  # "(AP)", "(The Associated Press)": a credit, not a participant
    return bool(CREDIT_BEFORE.search(text[max(0, o.start - 20) : o.start]))


def _dateline(text: str, o: Out, country: bool) -> bool:
    """A place in a dateline: after "CITY, " in capitals at the start of a line
    ("SALINA, Kan."), or a country after "City, " before "(" or a dash."""
    line_start = text.rfind("\n", 0, o.start) + 1
    before = text[line_start : o.start]
    if re.fullmatch(r"[A-Z][A-Z.'’ -]{1,40},\s*", before):
        return True
    return country and bool(
        re.fullmatch(r"[A-Z][\w.'’ -]{0,40},\s*", before) and DATELINE.match(text[o.end :])
    )


def _part_of_longer_name(doc: Doc, o: Out, outs: list[Out], actor: Any) -> bool:
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
    if COUNTRY_CLASS_ID.match(o.aid) is None or not is_country_form(doc, o):
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


def is_country_form(doc: Doc, o: Out) -> bool:
    """The mention is one country name, demonym, people or capital, nothing more."""
    k = doc.word_at(o.start)
    k_end = doc.word_at(o.end - 1) + 1
    if any(end == k_end for end, _ in doc.kb.country_forms(doc.ws, k)):
        return True
    return o.rule == "metonymy" or (k_end - k == 1 and o.aid.endswith(".cvl"))


def _capitalised_neighbour(text: str, o: Out, e_start: int, e_end: int) -> bool:
    """The entity goes on with a capitalised word right next to the mention."""
    after = text[o.end : e_end].lstrip(" -")
    before = text[e_start : o.start].rstrip(" -").split()
    return bool((after[:1].isupper()) or (before and before[-1][:1].isupper()))
