"""A claim being built (``Draft``), what the cue finders read (``Ctx``), and the helpers
they all use: a token's child by dependency, a content span, a cue span, a cue's class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.sources import (
    SourceDraft,
    contiguous,
    describe,
    one_line,
    phrase_tokens,
    token_span,
    trimmed,
)
from watchfloor.vocab import ActorMention, Modality, SourceKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

UNSPECIFIED_TEXT = "unspecified"


# Entity types of a prepositional object that make its phrase an adjunct of
# time or place, not content ("endorsed Cruz on Tuesday in Iowa").
ADJUNCT_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})


@dataclass
class Draft:
    cue: Span | None
    cue_i: int
    content: Span
    sources: list[SourceDraft] = field(default_factory=list)
    cls: str = "say"  # say | believe | deny | hedge
    dangling: bool = False
    modality: Modality = Modality.REPORTED
    modality_cue: Span | None = None
    chain: list[SourceDraft] = field(default_factory=list)
    nominal: bool = False  # content is an object phrase, not a clause (object_cue)


@dataclass(frozen=True)
class Ctx:
    parsed: SpacyDoc
    lex: CueLexicon
    mentions: tuple[ActorMention, ...]
    kb: ActorKB | None

    def source(self, head: Any, exclude: set[int]) -> SourceDraft:
        return describe(self.parsed, head, exclude, self.lex, self.mentions, self.kb)


def cue_class(lex: CueLexicon, lemma: str) -> str:
    if lemma in lex.deny_verbs:
        return "deny"
    if lemma in lex.believe_verbs:
        return "believe"
    return "say"


def content_span(ctx: Ctx, head: Any, exclude: set[int]) -> Span | None:
    indices = contiguous(phrase_tokens(head, exclude), head.i)
    bounds = trimmed(ctx.parsed, one_line(ctx.parsed, indices, head.i))
    if bounds is None:
        return None
    first, last = bounds
    parsed = ctx.parsed
    if first > 0 and parsed[first - 1].is_quote:  # “...,” he said: keep the quotes
        nxt = last + 1
        while nxt < len(parsed) and parsed[nxt].is_punct and not parsed[nxt].is_quote:
            nxt += 1
        if nxt < len(parsed) and parsed[nxt].is_quote and nxt - last <= 2:
            first, last = first - 1, nxt
    return token_span(parsed, first, last)


def cue_span(ctx: Ctx, tok: Any) -> Span:
    """The cue verb with its particle ("pointed out") and passive auxiliary."""
    parts = [tok.i] + [c.i for c in tok.children if c.dep_ in ("prt", "auxpass")]
    parts = contiguous(parts, tok.i) if len(parts) > 1 else parts
    return token_span(ctx.parsed, min(parts), max(parts))


def child_with(tok: Any, *deps: str) -> Any:
    for dep in deps:
        for child in tok.children:
            if child.dep_ == dep:
                return child
    return None


def unspecified() -> SourceDraft:
    return SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)
