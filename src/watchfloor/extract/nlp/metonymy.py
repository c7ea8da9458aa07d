"""Metonymy: a place named as the subject of a speech or decision verb stands for its
government ("Baghdad said ..."): the places stage marks it non-locational, the actors
stage reads it as the government. In a report of sports a place named as a verb's
subject or object, or after "against", stands for its team ("Pakistan beat India",
"the win over Brazil"): ``is_team``."""

from __future__ import annotations

from typing import Any

# Verbs whose subject, when a toponym, is the government acting (metonymy).
METONYMY_VERBS = frozenset(
    {
        "say",
        "announce",
        "allow",
        "permit",
        "refuse",
        "reject",
        "deny",
        "accuse",
        "warn",
        "demand",
        "agree",
        "decide",
        "insist",
        "claim",
        "threaten",
        "condemn",
        "urge",
        "respond",
        "approve",
        "oppose",
        "welcome",
        "vow",
        "sign",
        "recognize",
        "recognise",
        "sanction",
        "expel",
        "request",
        "ask",
        "call",
        "confirm",
        "pledge",
        "promise",
        "negotiate",
        "protest",
        "retaliate",
        "declare",
        "order",
        "want",
        "seek",
        "support",
        "back",
        "blame",
        "criticize",
        "criticise",
    }
)


METONYMY_DEPS = frozenset({"nsubj"})


def is_metonymic(span: Any) -> bool:
    """Subject of a speech or decision verb: the place stands for its government."""
    root = span.root
    return root.dep_ in METONYMY_DEPS and root.head.lemma_.lower() in METONYMY_VERBS


# A team's roles in a sentence reporting sports: a verb's subject or object, a
# possessor ("Brazil's coach"), or the object of a contest's preposition. A place
# after a locative preposition ("in Lahore", "to Doha") stays a place.
TEAM_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "conj", "appos"})
TEAM_PREPOSITIONS = frozenset({"against", "over", "versus", "vs", "vs.", "v", "v.", "with", "by"})


def is_team(span: Any) -> bool:
    """In a sentence reporting sports, the place names a team (see ``TEAM_DEPS``)."""
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lower_ in TEAM_PREPOSITIONS
    if root.dep_ == "conj":  # "Brazil and Argentina drew": as the first conjunct
        first = root.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        return first.dep_ in TEAM_DEPS - {"conj"} or (
            first.dep_ == "pobj" and first.head.lower_ in TEAM_PREPOSITIONS
        )
    return root.dep_ in TEAM_DEPS
