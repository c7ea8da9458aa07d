"""Metonymy: a place named as the subject of a speech or decision verb stands for its
government ("Baghdad said ..."): the places stage marks it non-locational, the actors
stage reads it as the government."""

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
