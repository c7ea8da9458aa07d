"""The sports register: which sentences of a document report a game, a match or a contest.

In a report of a match, "England beat Wales 2-1", "Nadal crushed Federer",
"defended his title" and "Pakistan won the toss" are no violence and no
government's act: the events stage drops the events it would code there
unless an armed participant takes part ("police fired tear gas at fans after
the match" stays), and the actors stage does not read a country's name there
as its government (issue 19: a sports team named after a place is not that
place's government).

A sentence is sports when it holds a *strong* word or phrase of the lexicon
(``knowledge/data/sports_cues.yaml``: "football", "wickets", "quarterback",
"national team"), a sports body's name as written ("NBA", "FIFA"), or a
scoreline ("2-1", "112-104": two numbers joined by a dash, not a range of a
noun, a date range or a vote), or, in a sports article (a document with
``article_sentences`` such sentences, and ``article_share`` of its
sentences), a *weak* word ("team", "match", "season", "fans"). Single words
are matched as lemmas and as written on tokens that are no proper nouns
("Barbara Boxer"), phrases of up to three words as written; the lexicon lists
no word with a common conflict or political sense as strong ("league" of the
Arab League, "squad" of a death squad, "marathon talks" are weak only).

``sports_sentences(parsed, lexicon)`` gives the indices (in ``parsed.sents``
order) of the sports sentences, computed once per document and shared by
the stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from watchfloor.errors import ConfigError
from watchfloor.extract.nlp.tokens import column, derived, lemma_lower

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

DATA_FILE = "sports_cues.yaml"
PHRASE_WORDS = 3  # the longest phrase of the lexicon, in words
DASHES = frozenset({"-", "–", "—"})


@dataclass(frozen=True, slots=True)
class SportsLexicon:
    strong: frozenset[str]
    names: frozenset[str]  # as written: "NBA", "FIFA"
    weak: frozenset[str]
    result_nouns: frozenset[str]
    not_score_before: frozenset[str]
    not_score_words: frozenset[str]
    article_sentences: int = 2
    article_share: float = 0.2
    max_score: int = 200


def load_lexicon() -> SportsLexicon:
    """The lexicon of package data ``knowledge/data/sports_cues.yaml``."""
    text = resources.files("watchfloor.knowledge").joinpath("data", DATA_FILE).read_text("utf-8")
    raw = yaml.safe_load(text)
    try:
        words = {
            key: frozenset(str(w).lower() for w in raw[key])
            for key in ("strong", "weak", "result_nouns", "not_score_before", "not_score_words")
        }
        return SportsLexicon(
            **words,
            names=frozenset(str(w) for w in raw["names"]),
            article_sentences=int(raw["article_sentences"]),
            article_share=float(raw["article_share"]),
            max_score=int(raw["max_score"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{DATA_FILE}: {exc!r}") from exc


def sports_sentences(parsed: SpacyDoc, lexicon: SportsLexicon) -> frozenset[int]:
    """Indices (in ``parsed.sents`` order) of the sentences that report sports."""
    found: frozenset[int] = derived(parsed, "sports_sentences", lambda p: [_find(p, lexicon)])[0]
    return found


def _find(parsed: SpacyDoc, lex: SportsLexicon) -> frozenset[int]:
    lower: list[str] = column(parsed, "lower_")
    text: list[str] = column(parsed, "text")
    lemmas = lemma_lower(parsed)
    pos: list[str] = column(parsed, "pos_")
    strong, weak = set(), set()
    n = -1
    for n, sent in enumerate(parsed.sents):
        span = range(sent.start, sent.end)
        common = {lower[i] for i in span if pos[i] != "PROPN"}
        common |= {lemmas[i] for i in span if pos[i] != "PROPN"}
        if (
            common & lex.strong
            or any(text[i] in lex.names for i in span)
            or _has_phrase(lower, sent.start, sent.end, lex.strong)
            or _scoreline(lower, pos, sent.start, sent.end, lex)
        ):
            strong.add(n)
        elif common & lex.weak:
            weak.add(n)
    if len(strong) >= max(lex.article_sentences, lex.article_share * (n + 1)):
        strong |= weak
    return frozenset(strong)


def _has_phrase(lower: list[str], start: int, end: int, terms: frozenset[str]) -> bool:
    for i in range(start, end):
        for n in range(2, PHRASE_WORDS + 1):
            if i + n <= end:
                phrase = " ".join(lower[i : i + n])
                if phrase in terms or phrase.replace(" - ", "-") in terms:
                    return True  # "semi - final" as the parser splits "semi-final"
    return False


def _number(word: str, limit: int) -> bool:
    return word.isdigit() and int(word) <= limit


def _scoreline(lower: list[str], pos: list[str], start: int, end: int, lex: SportsLexicon) -> bool:
    """A score: "2-1", "112-104" (as one token or three), not a range, a date, a vote or
    a longer chain of numbers ("2-1-1")."""
    if lex.not_score_words.intersection(lower[start:end]):
        return False
    for i in range(start, end):
        pair = _pair_at(lower, i, end, lex.max_score)
        if pair is None:
            continue
        after = pair
        before = lower[i - 1] if i > start else ""
        if before in lex.not_score_before or before in DASHES:
            continue
        if after < end and lower[after] in DASHES:
            continue
        if after < end and pos[after] in ("NOUN", "PROPN") and lower[after] not in lex.result_nouns:
            continue  # "12-15 people", "a 3-2 vote"
        return True
    return False


def _pair_at(lower: list[str], i: int, end: int, limit: int) -> int | None:
    """The index after a number pair starting at token ``i``, or None."""
    word = lower[i]
    for dash in DASHES:
        if dash in word[1:-1]:
            a, _, b = word.partition(dash)
            return i + 1 if _number(a, limit) and _number(b, limit) else None
    if i + 2 < end and _number(word, limit) and lower[i + 1] in DASHES:
        return i + 3 if _number(lower[i + 2], limit) else None
    return None
