"""Source phrases: their span, display name, kind, role, count and KB actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.numbers import CARDINALS
from watchfloor.extract.nlp.tokens import children, column, ends, span_text
from watchfloor.vocab import ActorMention, SourceKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from watchfloor.knowledge.actors import ActorKB

# How many people a source phrase names: one to twelve, "a dozen", "both"; "several"
# and "many" say there are more than one without a number.
NUMBER_WORDS: dict[str, int | None] = {
    **{w: n for w, n in CARDINALS.items() if 1 <= n <= 12},
    "a dozen": 12,
    "dozen": 12,
    "both": 2,
    "several": None,
    "many": None,
}
PRONOUN_KINDS = {
    "he": SourceKind.PERSON, "she": SourceKind.PERSON, "i": SourceKind.PERSON,
    "they": SourceKind.GROUP, "we": SourceKind.GROUP, "it": SourceKind.GROUP,
    "you": SourceKind.PERSON,
}  # fmt: skip
# Dependents that belong to the core of a noun phrase (its name), not its tail.
CORE_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod"})
# Punctuation stripped from the edges of a source or content span.
EDGE_PUNCT = frozenset({",", ";", ":", "-", "—", "–", "(", ")", "."})
# Anonymous-source nouns that are not a position ("sources", "insiders"): no role.
UNTITLED_NOUNS = frozenset(
    {
        "source",
        "insider",
        "individual",
        "person",
        "people",
        "witness",
        "resident",
        "eyewitness",
        "informant",
        "figure",
    }
)
# Dashes that end a dateline ("WASHINGTON (AP) — ...").
DATELINE_DASHES = frozenset({"—", "--", "–"})
KB_TYPE_KINDS = {"person": SourceKind.PERSON, "media": SourceKind.MEDIA}


@dataclass
class SourceDraft:
    """A source while a claim is being built (mutable until frozen into vocab.Source)."""

    text: str
    kind: SourceKind
    span: Span | None
    head: int | None = None  # token index of the phrase's head
    actor: str | None = None
    role: str | None = None
    count: int | None = None
    anaphoric: bool = False


def token_span(parsed: SpacyDoc, first: int, last: int) -> Span:
    """The character span of tokens first..last (inclusive)."""
    start = column(parsed, "idx")[first]
    end = ends(parsed)[last]
    return Span(start, end, span_text(parsed, first, last + 1))


def trimmed(parsed: SpacyDoc, indices: list[int]) -> tuple[int, int] | None:
    """min..max of the token indices, edge punctuation and spaces removed."""
    if not indices:
        return None
    text, space = column(parsed, "text"), column(parsed, "is_space")
    first, last = min(indices), max(indices)
    while first <= last and (text[first] in EDGE_PUNCT or space[first]):
        first += 1
    while last >= first and (text[last] in EDGE_PUNCT or space[last]):
        if text[last] == ")" and _opens(parsed, first, last):
            break  # "Sen. Ron Johnson (R-Wis.)": the parenthesis closes inside
        last -= 1
    return (first, last) if first <= last else None


def _opens(parsed: SpacyDoc, first: int, last: int) -> bool:
    """Whether tokens first..last-1 open more parentheses than they close."""
    texts = column(parsed, "text")[first:last]
    return texts.count("(") > texts.count(")")


def one_line(parsed: SpacyDoc, indices: list[int], head: int) -> list[int]:
    """The indices on the head's line and after a dateline ("WASHINGTON (AP) —"):
    a phrase the parser ran across a line break or a dateline is cut there."""
    text, space = column(parsed, "text"), column(parsed, "is_space")
    cuts = [i for i in indices if space[i] and "\n" in text[i]]
    lo = max([i for i in cuts if i < head], default=-1)
    hi = min([i for i in cuts if i > head], default=len(parsed))
    kept = [i for i in indices if lo < i < hi]
    dash = _dateline_dash(parsed, kept)
    if dash is not None and dash < head:
        kept = [i for i in kept if i > dash]
    return kept


def _dateline_dash(parsed: SpacyDoc, indices: list[int]) -> int | None:
    """The dash ending a dateline that opens the phrase ("WASHINGTON (AP) —"):
    the phrase's first word is in capitals."""
    text = column(parsed, "text")
    dashes = [i for i in sorted(indices) if text[i] in DATELINE_DASHES]
    if not dashes:
        return None
    alpha = column(parsed, "is_alpha")
    words = [i for i in indices if i < dashes[0] and alpha[i]]
    if words and column(parsed, "is_upper")[words[0]] and len(text[words[0]]) > 1:
        return dashes[0]
    return None


def phrase_tokens(head: Any, exclude: set[int]) -> list[int]:
    """Token indices of head's subtree, without the excluded tokens' subtrees."""
    kids = children(head.doc)
    out: list[int] = []
    stack = [head.i]
    while stack:
        i = stack.pop()
        if i in exclude:
            continue
        out.append(i)
        stack.extend(kids[i])
    return out


def contiguous(indices: list[int], anchor: int) -> list[int]:
    """The run of consecutive indices that contains ``anchor``."""
    present = set(indices)
    lo = hi = anchor
    while lo - 1 in present:
        lo -= 1
    while hi + 1 in present:
        hi += 1
    return list(range(lo, hi + 1))


def _core(head: Any) -> tuple[int, int]:
    """The name part of a noun phrase: its left modifiers and the head."""
    left = [c.i for c in head.lefts if c.dep_ in CORE_DEPS]
    first = min([*left, head.i])
    for c in head.lefts:
        if c.dep_ in CORE_DEPS:
            first = min(first, c.left_edge.i)
    return first, head.i


def _name_token(head: Any) -> Any:
    """A proper-noun name inside or apposed to the head ("the site 'Debka'" -> Debka)."""
    if head.pos_ == "PROPN":
        return head
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    return None


def _entity_at(parsed: SpacyDoc, tok: Any) -> Any:
    for ent in entities(parsed):
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _count(head: Any) -> int | None:
    """A number of people in the phrase: "three prominent individuals" -> 3."""
    for tok in head.subtree:
        if tok.dep_ != "nummod":
            continue
        if tok.like_num and tok.text.isdigit():
            return int(tok.text)
        value = NUMBER_WORDS.get(tok.lower_)
        if value is not None:
            return value
    return None


def describe(
    parsed: SpacyDoc,
    head: Any,
    exclude: set[int],
    lex: CueLexicon,
    mentions: tuple[ActorMention, ...],
    kb: ActorKB | None,
) -> SourceDraft:
    """Build a source from the head token of its phrase."""
    indices = contiguous(phrase_tokens(head, exclude), head.i)
    dash = _dateline_dash(parsed, indices)
    if dash is not None and head.i < dash and max(indices) > dash:
        # "CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey":
        # the parser headed the phrase on the dateline; the source follows it
        head = parsed[dash + 1 : max(indices) + 1].root
        indices = contiguous(phrase_tokens(head, exclude), head.i)
    bounds = trimmed(parsed, one_line(parsed, indices, head.i)) or (head.i, head.i)
    span = _with_quotes(parsed, *_closing_comma(parsed, head, *bounds))
    low = head.lower_
    if head.pos_ == "PRON" and low in PRONOUN_KINDS:
        return SourceDraft(head.text, PRONOUN_KINDS[low], span, head.i, anaphoric=True)
    name_tok = _name_token(head)
    ent = _entity_at(parsed, name_tok if name_tok is not None else head)
    core_first, core_last = _core(head)
    core = token_span(parsed, core_first, core_last).text
    text = ent.text if ent is not None and name_tok is not None else core
    kind = _kind(head, ent, lex)
    actor, actor_kind = _resolve(span, ent, head, kind, mentions, kb)
    if actor_kind is not None and kind not in (SourceKind.ANONYMOUS, SourceKind.STATEMENT):
        kind = actor_kind
    draft = SourceDraft(text, kind, span, head.i, actor=actor, count=_count(head))
    draft.role = _role(parsed, head, ent, kind, core)
    draft.anaphoric = _is_anaphoric(head, name_tok, lex)
    return draft


def _closing_comma(parsed: SpacyDoc, head: Any, first: int, last: int) -> tuple[int, int]:
    """A subject whose apposition or relative clause is set off by commas keeps
    the closing one ("Brian Fallon, a spokesman for the campaign, said"), as
    PolNeAR's source spans do."""
    nxt = last + 1
    if (
        head.dep_ in ("nsubj", "nsubjpass")
        and nxt < len(parsed)
        and parsed[nxt].text == ","
        and parsed[nxt].head.i == head.i
        and any(t.text == "," and t.head.i == head.i for t in parsed[first:last])
    ):
        return first, nxt
    return first, last


def _with_quotes(parsed: SpacyDoc, first: int, last: int) -> Span:
    """Extend a span over a quote mark that opens inside it and closes just after."""
    inside = parsed[first : last + 1].text
    if last + 1 < len(parsed) and parsed[last + 1].is_quote and inside.count('"') % 2 == 1:
        last += 1
    return token_span(parsed, first, last)


def _kind(head: Any, ent: Any, lex: CueLexicon) -> SourceKind:
    lemma = head.lemma_.lower()
    if ent is not None and ent.label_ == "PERSON":
        return SourceKind.PERSON
    if lemma in lex.source_nouns and head.pos_ != "PROPN":
        if lemma in lex.content_nouns and head.tag_ == "NNS" and _bare(head):
            return SourceKind.UNSPECIFIED  # "reports have emerged", "claims that"
        return SourceKind(lex.source_nouns[lemma])
    if ent is not None and ent.label_ in ("ORG", "NORP", "GPE"):
        return SourceKind.GROUP
    if head.pos_ == "PROPN":
        return SourceKind.GROUP
    return SourceKind.UNSPECIFIED


def _bare(head: Any) -> bool:
    return not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)


def _role(parsed: SpacyDoc, head: Any, ent: Any, kind: SourceKind, core: str) -> str | None:
    """The position of a person ("spokesperson for ...") or the kind of an unnamed source."""
    if kind is SourceKind.PERSON:
        for child in head.children:
            if child.dep_ == "appos" and (ent is None or not ent.start <= child.i < ent.end):
                first, last = child.left_edge.i, child.right_edge.i
                bounds = trimmed(parsed, list(range(first, last + 1)))
                if bounds:
                    return token_span(parsed, *bounds).text
        if ent is not None and ent.start > 0:
            titles = [
                t for t in parsed[head.left_edge.i : ent.start] if t.pos_ in ("PROPN", "NOUN")
            ]
            if titles:
                return " ".join(t.text for t in titles)
        return None
    if kind is SourceKind.ANONYMOUS and head.lemma_.lower() not in UNTITLED_NOUNS:
        words = [t for t in core.split() if t.lower() not in ("a", "an", "the")]
        return " ".join(words) or None
    return None


def _is_anaphoric(head: Any, name_tok: Any, lex: CueLexicon) -> bool:
    """ "the report", "these sources", "this factional leader": a back-reference."""
    if name_tok is not None or head.lemma_.lower() not in lex.anaphoric_nouns:
        return False
    dets = [c.lower_ for c in head.children if c.dep_ == "det"]
    if not dets or dets[0] not in lex.anaphoric_determiners:
        return False
    # a phrase that names its origin ("the report by Reuters") is explicit
    return not any(c.dep_ in ("prep", "appos", "poss", "compound") for c in head.children) or (
        dets[0] != "the"
    )


def _resolve(
    span: Span,
    ent: Any,
    head: Any,
    kind: SourceKind,
    mentions: tuple[ActorMention, ...],
    kb: ActorKB | None,
) -> tuple[str | None, SourceKind | None]:
    """The KB actor of a source: a mention on its name, else one inside the phrase."""
    inside = [m for m in mentions if span.start <= m.span.start and m.span.end <= span.end]
    name_start = ent.start_char if ent is not None else head.idx
    name_end = ent.end_char if ent is not None else head.idx + len(head.text)
    on_name = [m for m in inside if m.span.start < name_end and name_start < m.span.end]
    pool = on_name if on_name or kind is SourceKind.PERSON else inside
    if not pool:
        return _lookup(kb, ent)
    mention = min(pool, key=lambda m: m.span.start)
    actor_type = _actor_type(kb, mention.actor_id)
    kind_from_kb = KB_TYPE_KINDS.get(actor_type, SourceKind.GROUP) if on_name else None
    return mention.actor_id, kind_from_kb


def _actor_type(kb: ActorKB | None, actor_id: str) -> str:
    """The KB type of the actor, or "" for an id the KB does not know (nothing guessed)."""
    actor = kb.get(actor_id) if kb is not None else None
    return str(actor.type) if actor is not None else ""


def _lookup(kb: ActorKB | None, ent: Any) -> tuple[str | None, SourceKind | None]:
    if kb is None or ent is None:  # no KB (evaluation): sources are judged on spans only
        return None, None
    actor = kb.lookup(ent.text, None)
    if actor is None:
        return None, None
    return actor.id, KB_TYPE_KINDS.get(str(actor.type), SourceKind.GROUP)
