"""Colons that introduce what a source says: "He added: ...", and a headline's or
transcript's "Sanders: ..." (a label naming someone the document names elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims.drafts import Ctx, Draft, cue_class
from watchfloor.extract.claims.sources import token_span, trimmed
from watchfloor.extract.claims.speakers import first_person_belief, speaker
from watchfloor.extract.nlp import entities
from watchfloor.vocab import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Longest name (tokens) read as the speaker of a headline "Name: quote".
HEADLINE_NAME_TOKENS = 5
# Lower-case words that make a sentence running text rather than a headline.
PROSE_LOWER_WORDS = 3


def colon_cue(ctx: Ctx, colon: Any) -> Draft | None:
    """A colon introducing what a source says.

    * After a cue verb that took no content of its own: "He added: “There is
      nothing ...”" (cue "added:", source the verb's subject).
    * After a bare name opening a line, as in headlines: "Sanders: Clinton
      Email Story Has Moved" (cue ":", source the name).

    The content is the rest of the colon's sentence, or the next sentence
    when the colon ends one."""
    parsed = ctx.parsed
    if colon.i == 0:
        return None
    content = _after_colon(parsed, colon)
    if content is None:
        return None
    before = parsed[colon.i - 1]
    lex = ctx.lex
    if before.pos_ == "VERB" and before.lemma_.lower() in lex.say_verbs | lex.object_cue_verbs:
        if first_person_belief(ctx, before):
            return None
        cue = token_span(parsed, before.i, colon.i)
        draft = Draft(cue, before.i, content, cls=cue_class(lex, before.lemma_.lower()))
        draft.sources, draft.dangling = speaker(ctx, before, colon)
        return draft
    name = _headline_name(ctx, colon)
    if name is None:
        return None
    draft = Draft(token_span(parsed, colon.i, colon.i), colon.i, content)
    outside = set(range(colon.i - HEADLINE_NAME_TOKENS - 1)) | set(range(colon.i, len(parsed)))
    draft.sources = [ctx.source(name, outside)]
    return draft


def _after_colon(parsed: SpacyDoc, colon: Any) -> Span | None:
    end = colon.sent.end
    indices = list(range(colon.i + 1, end))
    if not trimmed(parsed, indices) and end < len(parsed):
        indices = list(range(end, parsed[end].sent.end))
    bounds = trimmed(parsed, indices)
    return token_span(parsed, *bounds) if bounds is not None else None


def _headline_name(ctx: Ctx, colon: Any) -> Any:
    """The last word of a label that alone opens the colon's line.

    * A name the document also gives a person or body elsewhere ("Sanders:",
      "Chris Matthews:", "MATTHEWS:" in a transcript; the small model often
      misses names in headlines), so "Exclusive:" or "Update:" name nobody.
    * A source noun or a survey ("Poll:", "Insiders:", "Report:")."""
    parsed = ctx.parsed
    first = colon.sent.start
    for j in range(colon.i - 1, first - 1, -1):
        if parsed[j].is_space and "\n" in parsed[j].text:
            first = j + 1
            break
    words = [t for t in parsed[first : colon.i] if t.text != "."]
    if not 0 < colon.i - first <= HEADLINE_NAME_TOKENS or not words:
        return None
    if not all(t.is_alpha and (t.is_title or t.is_upper) for t in words):
        return None
    last = parsed[colon.i - 1]
    if last.is_stop:
        return None
    lemma = last.lemma_.lower()
    if lemma in ctx.lex.document_nouns or ctx.lex.source_nouns.get(lemma, "unspecified") not in (
        "unspecified",
        "statement",
    ):
        return last
    names = {
        t.lower_
        for e in entities(parsed)
        if e.label_ in ("PERSON", "ORG", "NORP") and (e.end <= first or e.start > colon.i)
        for t in e
    }
    names |= {  # a name in running text (a lower-case line elsewhere)
        t.lower_
        for t in parsed
        if t.pos_ == "PROPN" and t.is_title and (t.i < first or t.i > colon.i) and _in_prose(t)
    }
    return last if last.lower_ in names else None


def _in_prose(tok: Any) -> bool:
    """Whether a token stands in a sentence of running text (some lower-case
    words), not in a headline or a label."""
    return sum(1 for t in tok.sent if t.is_lower and t.is_alpha) >= PROSE_LOWER_WORDS
