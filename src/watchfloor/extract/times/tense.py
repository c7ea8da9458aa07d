"""Tense: past, present or future from the verb that governs an expression, which
sets the direction of "Friday" or "March 7" (past -> the previous one, future -> the
next one)."""

from __future__ import annotations

from typing import Any

from watchfloor.extract.times.normalize import FUTURE, PAST, PRESENT

# How many heads up the parse we climb from an expression to find its verb;
# beyond this the verb governs a different clause.
MAX_HEAD_STEPS = 6


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})
_PAST_AUX = frozenset({"has", "have", "had", "was", "were", "did", "'ve", "'d"})
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})
# Verbs whose infinitive complement lies in the future ("plans to meet Friday").
_FUTURE_LEMMAS = frozenset(
    [
        "plan",
        "expect",
        "schedule",
        "intend",
        "hope",
        "aim",
        "prepare",
        "want",
        "seek",
        "due",
        "set",
        "agree",
        "promise",
        "vow",
    ]
)
# Verbs whose dated object is still to come whatever their own tense
# ("scheduled a news conference Thursday", "planned a demonstration on Saturday").
_SCHEDULE_LEMMAS = frozenset({"plan", "schedule", "slate", "expect", "due"})


def _verb_of(token: Any) -> Any | None:
    for _ in range(MAX_HEAD_STEPS):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token or token.head.i == token.i:
            return None
        token = token.head
    return None


def tense_of(span: Any) -> str | None:
    """Past, present or future from the verb that governs ``span`` (None if none)."""
    verb = _verb_of(span.root)
    if verb is None:
        return None
    return _tense_of_verb(verb, depth=0)


def _tense_of_verb(verb: Any, depth: int) -> str | None:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if "would" in aux and aux & {"have", "'ve"}:
        return PAST  # "would have met on Friday": a past that did not happen
    if aux & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return FUTURE
    if depth == 0 and verb.lemma_ in _SCHEDULE_LEMMAS:
        return FUTURE  # "planned a rally on Saturday": what is planned lies ahead
    if "to" in aux and depth < 2 and verb.head.i != verb.i:
        head = verb.head
        if head.lemma_ in _FUTURE_LEMMAS or (head.lower_ == "going" and head.tag_ == "VBG"):
            return FUTURE
        if head.pos_ in ("VERB", "AUX"):
            return _tense_of_verb(head, depth + 1)
    if verb.tag_ == "VBD" or aux & _PAST_AUX:
        return PAST
    if verb.tag_ in ("VBZ", "VBP") or aux & _PRESENT_AUX:
        return PRESENT
    if verb.tag_ == "VBN":
        return PAST
    return None
