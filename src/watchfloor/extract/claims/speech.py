"""Speech, belief and denial verbs: the clausal complement (or infinitive, object or
open question) that is their content, a content the verb interjects in or follows
or precedes as a quotation, and "“...,” campaign manager Robby Mook said"."""

from __future__ import annotations

from typing import Any

from watchfloor.extract.claims.drafts import (
    Ctx,
    Draft,
    child_with,
    content_span,
    cue_class,
    cue_span,
)
from watchfloor.extract.claims.sources import phrase_tokens, token_span, trimmed
from watchfloor.extract.claims.speakers import first_person_belief, media_recipient, speaker
from watchfloor.vocab import Span

# Longest quotation (tokens) taken back as the content of a verb after it.
MAX_QUOTE_TOKENS = 120


# Cue verbs whose infinitive complement is the content ("claimed to have killed").
XCOMP_CUES = frozenset({"claim", "allege", "deny", "profess", "purport", "appear", "seem"})
# Passive cue verbs whose infinitive complement is the content ("is said to have").
PASSIVE_XCOMP_CUES = frozenset(
    {"say", "report", "believe", "think", "allege", "claim", "rumor", "rumour", "estimate"}
)


def speech(ctx: Ctx, tok: Any) -> Draft | None:
    lemma = tok.lemma_.lower()
    content_head = child_with(tok, "ccomp", "parataxis")
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if content_head is None and lemma in (PASSIVE_XCOMP_CUES if passive else XCOMP_CUES):
        content_head = child_with(tok, "xcomp")  # "is said to have", "claimed to have"
    if content_head is None:
        content_head = _that_clause_on_recipient(tok)
    if content_head is None and lemma in ctx.lex.np_content_verbs:
        content_head = child_with(tok, "dobj")
    if content_head is None:  # "did not say when": the open question is the content
        content_head = next(
            (c for c in tok.rights if c.dep_ == "advmod" and c.tag_ == "WRB" and c.i == tok.i + 1),
            None,
        )
    content: Span | None = None
    if content_head is None and child_with(tok, "nsubj") is not None:
        content_head, content = _interjected(ctx, tok)
    if content_head is None:
        return None
    if tok.dep_ == "ROOT" and tok.tag_ == "VB" and child_with(tok, "nsubj") is None:
        return None  # an imperative ("Please note that ..."): nobody is attributed
    if first_person_belief(ctx, tok):
        return None
    content = content or content_span(ctx, content_head, {tok.i})
    if content is None:
        return None
    draft = Draft(cue_span(ctx, tok), tok.i, content, cls=cue_class(ctx.lex, lemma))
    draft.sources, draft.dangling = speaker(ctx, tok, content_head)
    draft.sources.extend(media_recipient(ctx, tok))
    return draft


def _interjected(ctx: Ctx, tok: Any) -> tuple[Any, Span | None]:
    """A speech verb with a subject and no complement of its own.

    * Interjected in its content, which the parser made its head: "This
      campaign, he says, is different", "“Your Honor,” I said, “I would ...”":
      the content is the head's whole clause, the interjection included (a
      span is contiguous).
    * After a quote the parser did not attach: "“Okay,” I said": the quote.
    * Before one: "he asks rhetorically, “Can you name one ...?”": the quote.
    """
    parsed = ctx.parsed
    if tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
        bounds = trimmed(parsed, phrase_tokens(tok.head, set()))
        if bounds is not None:
            return tok.head, token_span(parsed, *bounds)
    head, quote = _quote_before(ctx, tok)
    if head is None:
        head, quote = _quote_after(ctx, tok)
    return head, quote


def _quote_after(ctx: Ctx, tok: Any) -> tuple[Any, Span | None]:
    """The quotation right after the cue and its adverbs or addressee (then a
    comma or colon): "asks rhetorically, “...”", "told reporters: “...”"."""
    parsed = ctx.parsed
    m = tok.i + 1
    for child in tok.rights:
        if child.i != m or child.dep_ not in ("advmod", "prt", "dobj", "dative", "npadvmod"):
            break
        if child.dep_ == "dobj" and tok.lemma_.lower() not in ctx.lex.addressee_verbs:
            return None, None
        m = child.right_edge.i + 1
    while m < len(parsed) and (parsed[m].text in (",", ":") or parsed[m].is_space):
        m += 1
    if m >= len(parsed) or not parsed[m].is_quote:
        return None, None
    n = m + 1
    while n < min(len(parsed), m + MAX_QUOTE_TOKENS) and not parsed[n].is_quote:
        n += 1
    if n >= len(parsed) or not parsed[n].is_quote:
        return None, None
    inner = trimmed(parsed, list(range(m + 1, n)))
    if inner is None:
        return None, None
    root = parsed[inner[0] : inner[1] + 1].root
    return root, token_span(parsed, m, n)


def _quote_before(ctx: Ctx, tok: Any) -> tuple[Any, Span | None]:
    parsed = ctx.parsed
    subject = child_with(tok, "nsubj")
    j = subject.left_edge.i - 1
    while j >= 0 and parsed[j].text == ",":
        j -= 1
    addressed = tok.lemma_.lower() in ctx.lex.addressee_verbs  # “...,” he told Reuters
    if j < 1 or not parsed[j].is_quote or j >= tok.i:
        return None, None
    if child_with(tok, "dobj") is not None and not addressed:
        return None, None
    if parsed[j].sent.start != tok.sent.start and tok.sent.start != j + 1:
        return None, None  # a quote closing an earlier sentence, not right before
    # (“Sure. I get that.” Ryan said.: the parser ends the sentence at the quote)
    k = j - 1
    while k >= max(0, j - MAX_QUOTE_TOKENS) and not parsed[k].is_quote:
        k -= 1
    if k < 0 or not parsed[k].is_quote or k + 1 > j - 1:
        return None, None
    inner = trimmed(parsed, list(range(k + 1, j)))
    if inner is None:
        return None, None
    root = parsed[inner[0] : inner[1] + 1].root
    return root, token_span(parsed, k, j)


# Longest name (tokens) between a closing quote and "said" read as the speaker
# when the parser left the quote unattached ("“...,” campaign manager Robby Mook said.").
QUOTE_SPEAKER_TOKENS = 6
# Parts of speech a speaker's name between the quote and the verb may have.
SPEAKER_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART"})


def quote_name_said(ctx: Ctx, tok: Any) -> Draft | None:
    """ "“..., but they [award] only 4 percent,” campaign manager Robby Mook
    said.": a speech verb that took no content, right after a short name that
    follows a closing quotation, and ending its clause. The parser tied the
    quote elsewhere (here "they" became the subject); the tokens between the
    quote and the verb are the speaker, the quotation is the content."""
    parsed = ctx.parsed
    after = parsed[tok.i + 1] if tok.i + 1 < len(parsed) else None
    if after is not None and after.text not in (".", ",", ";") and not after.is_space:
        return None
    j = tok.i - 1
    while j >= 0 and tok.i - j <= QUOTE_SPEAKER_TOKENS and parsed[j].pos_ in SPEAKER_POS:
        j -= 1
    if j < 1 or j == tok.i - 1 or not parsed[j].is_quote:
        return None
    name = parsed[j + 1 : tok.i]
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in name):
        return None
    k = j - 1
    while k >= max(0, j - MAX_QUOTE_TOKENS) and not parsed[k].is_quote:
        k -= 1
    if k < 0 or not parsed[k].is_quote or trimmed(parsed, list(range(k + 1, j))) is None:
        return None
    draft = Draft(token_span(parsed, tok.i, tok.i), tok.i, token_span(parsed, k, j))
    draft.cls = cue_class(ctx.lex, tok.lemma_.lower())
    outside = set(range(0, j + 1)) | set(range(tok.i, len(parsed)))
    draft.sources = [ctx.source(name.root, outside)]
    return draft


def _that_clause_on_recipient(tok: Any) -> Any:
    """ "asserted to X that Y" parsed with Y attached to X: take Y back."""
    for prep in tok.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            for pobj in prep.children:
                for clause in pobj.children:
                    if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                    ):
                        return clause
    return None
