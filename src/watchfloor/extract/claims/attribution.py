"""Claims: who says what, through whom, and how sure (attribution and modality).

Cues are found on spaCy's dependency parse: speech, belief and denial verbs
with a clausal complement (ccomp/xcomp, or an NP object for "denied X"),
"according to X", nouns with a content clause ("unverified claims that X"),
reliance ("X, which relies on Y sources, that ...") and emergence ("reports
have emerged regarding X"); verbs of expression and stance with an object
run ("called the plan 'arbitrary'", "urged X to Y", "warned of Y"), "be" +
attitude adjective ("was critical of Y"), colons ("He added: ...",
"Sanders: ..."), and "In a new poll, ...". Each claim gets a content span, a
cue span and a source chain, innermost first; the article's outlet is always
outermost.
See docs/extract-claims.md for every rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from watchfloor.extract import sentences as sentence_index
from watchfloor.extract.claims.lexicon import CueLexicon, load_lexicon
from watchfloor.extract.claims.modality import local_modality, own_markers, strongest
from watchfloor.extract.claims.sources import (
    SourceDraft,
    contiguous,
    describe,
    one_line,
    phrase_tokens,
    token_span,
    trimmed,
)
from watchfloor.extract.nlp import entities
from watchfloor.extract.nlp.tokens import column, lemma_lower
from watchfloor.vocab import (
    ActorMention,
    Claim,
    Document,
    Modality,
    Sentence,
    Source,
    SourceKind,
    Span,
)

NAME = "claims.v3"

__all__ = ["NAME", "claim_at", "find", "local_modality"]

# Prepositions that introduce the topic of an emerging report ("reports ... regarding X").
TOPIC_PREPS = frozenset({"regarding", "about", "on", "of", "concerning", "over"})
# Verbs by which a body puts out a statement ("X issued a statement saying ...").
ISSUE_VERBS = frozenset({"issue", "release", "publish", "put", "send", "post", "deliver"})
# A content noun with no owner in "says in a statement that", "stirred
# controversy with an assertion that": the verb's subject owns it. Only
# these prepositions (not "about", "against", "by": "angered by reports").
OWNER_VERB_PREPS = frozenset({"in", "with", "through", "via"})
# Verbs whose subject owns their content-noun object ("made the claim that").
OWN_NOUN_VERBS = frozenset({"make", "repeat", "reiterate", "voice", "renew", "offer", "issue"})
# Longest quotation (tokens) taken back as the content of a verb after it.
MAX_QUOTE_TOKENS = 120
# Steps climbed to find the subject a subjectless cue shares ("..., then says").
SUBJECT_CLIMB = 3
# Markers on the content's own head that set a claim's modality. Negation is
# left out (a reported negative fact is not a denial of a claim), and so is
# "would", the back-shifted "will" of reported speech.
CONTENT_MODALITIES = frozenset({Modality.SPECULATED, Modality.CONDITIONAL, Modality.PLANNED})
# Source kinds an anaphoric pronoun can point back to.
PRONOUN_ANTECEDENTS = {
    SourceKind.PERSON: (SourceKind.PERSON,),
    SourceKind.GROUP: (SourceKind.GROUP, SourceKind.ANONYMOUS, SourceKind.MEDIA),
}
UNSPECIFIED_TEXT = "unspecified"
# Longest name (tokens) read as the speaker of a headline "Name: quote".
HEADLINE_NAME_TOKENS = 5
# Lower-case words that make a sentence running text rather than a headline.
PROSE_LOWER_WORDS = 3
# First-person subjects: "I think" hedges the speaker's own words.
FIRST_PERSON = frozenset({"i", "we"})
# Pronoun sources that are the speaker or their audience, not a new source.
INTERLOCUTORS = frozenset({"i", "we", "you"})
# Dependents that make up the content of an object cue ("called X 'Y'",
# "urged X to Y", "accused X of Y", "warned of Y").
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "prep", "attr", "acomp"})
# Entity types of a prepositional object that make its phrase an adjunct of
# time or place, not content ("endorsed Cruz on Tuesday in Iowa").
ADJUNCT_ENTS = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})
# Verbs of perception that attribute a view only with "as": "sees Cruz as a
# uniter", "cast herself as a champion" (alone, "see" names an act).
SEE_AS_VERBS = frozenset({"see", "regard", "perceive", "cast", "paint", "depict"})
# Cue verbs whose infinitive complement is the content ("claimed to have killed").
XCOMP_CUES = frozenset({"claim", "allege", "deny", "profess", "purport", "appear", "seem"})
# Passive cue verbs whose infinitive complement is the content ("is said to have").
PASSIVE_XCOMP_CUES = frozenset(
    {"say", "report", "believe", "think", "allege", "claim", "rumor", "rumour", "estimate"}
)


@dataclass
class _Draft:
    cue: Span | None
    cue_i: int
    content: Span
    sources: list[SourceDraft] = field(default_factory=list)
    cls: str = "say"  # say | believe | deny | hedge
    dangling: bool = False
    modality: Modality = Modality.REPORTED
    modality_cue: Span | None = None
    chain: list[SourceDraft] = field(default_factory=list)
    nominal: bool = False  # content is an object phrase, not a clause (_object_cue)


@dataclass(frozen=True)
class _Ctx:
    parsed: Any
    lex: CueLexicon
    mentions: tuple[ActorMention, ...]
    kb: Any

    def source(self, head: Any, exclude: set[int]) -> SourceDraft:
        return describe(self.parsed, head, exclude, self.lex, self.mentions, self.kb)


# ---------------------------------------------------------------- public API


def find(
    parsed: Any,
    sents: tuple[Sentence, ...],
    document: Document,
    actor_mentions: tuple[ActorMention, ...],
    kb: Any,
) -> tuple[Claim, ...]:
    """Every attributed content of the document, plus hedged unattributed statements."""
    ctx = _Ctx(parsed, load_lexicon(), tuple(actor_mentions), kb)
    drafts = _prune(_detect(ctx))
    drafts.extend(_hedged_narration(ctx, drafts))
    _resolve_chains(drafts)
    for draft in drafts:
        _set_modality(ctx, draft)
    _back_reference_hedges(ctx, drafts, sents)
    drafts.sort(key=lambda d: (d.content.start, d.cue.start if d.cue else -1))
    outlet = Source(text=document.outlet, kind=SourceKind.OUTLET) if document.outlet else None
    return tuple(_freeze(f"c{n}", d, sents, outlet) for n, d in enumerate(drafts, 1))


def claim_at(claims: tuple[Claim, ...], offset: int) -> Claim | None:
    """The innermost claim whose content span contains character ``offset``."""
    inside = [c for c in claims if c.span.start <= offset < c.span.end]
    if not inside:
        return None
    return min(inside, key=lambda c: c.span.end - c.span.start)


# ---------------------------------------------------------------- cue detection


def _detect(ctx: _Ctx) -> list[_Draft]:
    lex = ctx.lex
    drafts: list[_Draft] = []
    parsed = ctx.parsed
    lemmas, lower = lemma_lower(parsed), column(parsed, "lower_")
    pos, dep, text = column(parsed, "pos_"), column(parsed, "dep_"), column(parsed, "text")
    # The lemmas that can make a cue of each part of speech below: a token
    # outside them makes no draft, and is passed over without making the Token.
    verb_cues = (
        lex.reliance_verbs
        | lex.emergence_verbs
        | lex.say_verbs
        | lex.object_cue_verbs
        | SEE_AS_VERBS
    )
    noun_cues = lex.stance_nouns.union(lex.content_nouns)
    for i, lemma in enumerate(lemmas):
        p = pos[i]
        if not (
            lower[i] == "according"
            or (p in ("VERB", "AUX") and lemma in verb_cues)
            or (p == "NOUN" and lemma in noun_cues)
            or (p == "ADJ" and dep[i] == "acomp" and lemma in lex.attitude_adjectives)
        ):
            continue
        tok = parsed[i]
        draft: _Draft | None = None
        if tok.lower_ == "according":
            draft = _according(ctx, tok)
        elif tok.pos_ in ("VERB", "AUX"):
            if lemma in lex.reliance_verbs:
                draft = _reliance(ctx, tok)
            elif lemma in lex.emergence_verbs:
                draft = _emergence(ctx, tok)
            if draft is None and lemma in lex.say_verbs:
                draft = _speech(ctx, tok)
            if draft is None and (lemma in lex.object_cue_verbs or _sees_as(tok)):
                draft = _object_cue(ctx, tok)
        elif tok.pos_ == "NOUN" and lemma in lex.content_nouns:
            draft = _noun_cue(ctx, tok)
        if draft is None and tok.pos_ == "NOUN" and lemma in lex.stance_nouns:
            draft = _stance_noun(ctx, tok)
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and lemma in lex.attitude_adjectives:
            draft = _attitude(ctx, tok)
        if draft is not None:
            drafts.append(draft)
    cued = {d.cue_i for d in drafts}
    for i, lemma in enumerate(lemmas):
        if not (
            text[i] == ":"
            or (lower[i] == "in" and dep[i] == "prep")
            or (pos[i] == "VERB" and lemma in lex.say_verbs)
        ):
            continue
        tok = parsed[i]
        draft = None
        if tok.text == ":" and tok.i - 1 not in cued:
            draft = _colon(ctx, tok)
        elif tok.lower_ == "in" and tok.dep_ == "prep" and tok.head.i not in cued:
            draft = _in_document(ctx, tok)
        elif tok.pos_ == "VERB" and tok.i not in cued and tok.lemma_.lower() in ctx.lex.say_verbs:
            draft = _quote_name_said(ctx, tok)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _in_document(ctx: _Ctx, prep: Any) -> _Draft | None:
    """ "In a new Post-ABC poll, Clinton leads by 8 points": the poll is the
    source of the clause the phrase opens."""
    pobj = _child(prep, "pobj")
    verb = prep.head
    if pobj is None or pobj.lemma_.lower() not in ctx.lex.document_nouns:
        return None
    if verb.pos_ not in ("VERB", "AUX") or prep.i > verb.i:
        return None
    content = _content(ctx, verb, {prep.i})
    if content is None:
        return None
    draft = _Draft(token_span(ctx.parsed, prep.i, prep.i), prep.i, content)
    draft.sources = [ctx.source(pobj, set())]
    return draft


def _prune(drafts: list[_Draft]) -> list[_Draft]:
    """Drop what is not a further attribution.

    * Object cues inside another claim's content: in reported words,
      "pushing Carly off the stage" or "respond to her questions" is what
      someone said happened. Clausal cues nest ("X reported that officials
      said ...") and build chains.
    * Cues whose source is "I", "we" or "you": a speaker quoting themselves
      or their audience inside their own words ("I said, give us the tax"),
      which the enclosing quote already attributes; in an opinion piece, the
      author, who is the outlet."""

    def inside(draft: _Draft) -> bool:
        assert draft.cue is not None
        return any(
            o is not draft and o.content.start <= draft.cue.start < o.content.end for o in drafts
        )

    def interlocutor(draft: _Draft) -> bool:
        first = draft.sources[0] if draft.sources else None
        return first is not None and first.anaphoric and first.text.lower() in INTERLOCUTORS

    return [d for d in drafts if not (d.nominal and inside(d)) and not interlocutor(d)]


def _colon(ctx: _Ctx, colon: Any) -> _Draft | None:
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
        if _first_person_belief(ctx, before):
            return None
        cue = token_span(parsed, before.i, colon.i)
        draft = _Draft(cue, before.i, content, cls=_cls(lex, before.lemma_.lower()))
        draft.sources, draft.dangling = _speaker(ctx, before, colon)
        return draft
    name = _headline_name(ctx, colon)
    if name is None:
        return None
    draft = _Draft(token_span(parsed, colon.i, colon.i), colon.i, content)
    outside = set(range(colon.i - HEADLINE_NAME_TOKENS - 1)) | set(range(colon.i, len(parsed)))
    draft.sources = [ctx.source(name, outside)]
    return draft


def _after_colon(parsed: Any, colon: Any) -> Span | None:
    end = colon.sent.end
    indices = list(range(colon.i + 1, end))
    if not trimmed(parsed, indices) and end < len(parsed):
        indices = list(range(end, parsed[end].sent.end))
    bounds = trimmed(parsed, indices)
    return token_span(parsed, *bounds) if bounds is not None else None


def _headline_name(ctx: _Ctx, colon: Any) -> Any:
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


def _cls(lex: CueLexicon, lemma: str) -> str:
    if lemma in lex.deny_verbs:
        return "deny"
    if lemma in lex.believe_verbs:
        return "believe"
    return "say"


def _content(ctx: _Ctx, head: Any, exclude: set[int]) -> Span | None:
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


def _cue_span(ctx: _Ctx, tok: Any) -> Span:
    """The cue verb with its particle ("pointed out") and passive auxiliary."""
    parts = [tok.i] + [c.i for c in tok.children if c.dep_ in ("prt", "auxpass")]
    parts = contiguous(parts, tok.i) if len(parts) > 1 else parts
    return token_span(ctx.parsed, min(parts), max(parts))


def _child(tok: Any, *deps: str) -> Any:
    for dep in deps:
        for child in tok.children:
            if child.dep_ == dep:
                return child
    return None


def _speech(ctx: _Ctx, tok: Any) -> _Draft | None:
    lemma = tok.lemma_.lower()
    content_head = _child(tok, "ccomp", "parataxis")
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if content_head is None and lemma in (PASSIVE_XCOMP_CUES if passive else XCOMP_CUES):
        content_head = _child(tok, "xcomp")  # "is said to have", "claimed to have"
    if content_head is None:
        content_head = _that_clause_on_recipient(tok)
    if content_head is None and lemma in ctx.lex.np_content_verbs:
        content_head = _child(tok, "dobj")
    if content_head is None:  # "did not say when": the open question is the content
        content_head = next(
            (c for c in tok.rights if c.dep_ == "advmod" and c.tag_ == "WRB" and c.i == tok.i + 1),
            None,
        )
    content: Span | None = None
    if content_head is None and _child(tok, "nsubj") is not None:
        content_head, content = _interjected(ctx, tok)
    if content_head is None:
        return None
    if tok.dep_ == "ROOT" and tok.tag_ == "VB" and _child(tok, "nsubj") is None:
        return None  # an imperative ("Please note that ..."): nobody is attributed
    if _first_person_belief(ctx, tok):
        return None
    content = content or _content(ctx, content_head, {tok.i})
    if content is None:
        return None
    draft = _Draft(_cue_span(ctx, tok), tok.i, content, cls=_cls(ctx.lex, lemma))
    draft.sources, draft.dangling = _speaker(ctx, tok, content_head)
    draft.sources.extend(_media_recipient(ctx, tok))
    return draft


def _first_person_belief(ctx: _Ctx, tok: Any) -> bool:
    """ "I think ...", "we believe ...": the speaker hedging their own statement,
    not a new source. No claim; the hedge still scopes over the events below it
    (modality.markers_over reads the belief verb)."""
    if tok.lemma_.lower() not in ctx.lex.believe_verbs:
        return False
    subject = _child(tok, "nsubj")
    return subject is not None and subject.lower_ in FIRST_PERSON


def _interjected(ctx: _Ctx, tok: Any) -> tuple[Any, Span | None]:
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


def _quote_after(ctx: _Ctx, tok: Any) -> tuple[Any, Span | None]:
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


def _quote_before(ctx: _Ctx, tok: Any) -> tuple[Any, Span | None]:
    parsed = ctx.parsed
    subject = _child(tok, "nsubj")
    j = subject.left_edge.i - 1
    while j >= 0 and parsed[j].text == ",":
        j -= 1
    addressed = tok.lemma_.lower() in ctx.lex.addressee_verbs  # “...,” he told Reuters
    if j < 1 or not parsed[j].is_quote or j >= tok.i:
        return None, None
    if _child(tok, "dobj") is not None and not addressed:
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


def _quote_name_said(ctx: _Ctx, tok: Any) -> _Draft | None:
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
    draft = _Draft(token_span(parsed, tok.i, tok.i), tok.i, token_span(parsed, k, j))
    draft.cls = _cls(ctx.lex, tok.lemma_.lower())
    outside = set(range(0, j + 1)) | set(range(tok.i, len(parsed)))
    draft.sources = [ctx.source(name.root, outside)]
    return draft


def _object_cue(ctx: _Ctx, tok: Any) -> _Draft | None:
    """A cue whose content is the run of complements after it, not a that-clause:
    "called the suspension 'arbitrary'", "criticized Sanders for stealing",
    "urged Silicon Valley to find a compromise", "warned of the dangers".

    The run is the verb's consecutive right dependents of OBJECT_DEPS; it stops
    at a time or place adjunct ("on Tuesday"). A preposition right after the
    verb joins the cue ("warned of"); an addressee alone ("told reporters") is
    no content."""
    if tok.dep_ == "ROOT" and tok.tag_ == "VB" and _child(tok, "nsubj") is None:
        return None
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # a naming participle ("a tax called X"), nobody speaks
    run: list[Any] = []
    for child in tok.rights:
        if child.dep_ in ("punct", "advmod") and not run:
            continue
        if (child.dep_ not in OBJECT_DEPS and not _question(child)) or _adjunct(child):
            break
        run.append(child)
    if not run:
        return None
    lemma = tok.lemma_.lower()
    if len(run) == 1 and run[0].dep_ in ("dobj", "dative") and lemma in ctx.lex.addressee_verbs:
        return None
    cue_last = max([tok.i] + [c.i for c in tok.children if c.dep_ == "prt"])
    first = run[0]
    start = first.left_edge.i
    if first.dep_ == "prep" and first.i == cue_last + 1:
        pobj = _child(first, "pobj", "pcomp")
        if pobj is None:
            return None
        cue_last, start = first.i, first.i + 1
    indices = list(range(start, run[-1].right_edge.i + 1))
    bounds = trimmed(ctx.parsed, one_line(ctx.parsed, indices, max(start, first.i)))
    if bounds is None:
        return None
    content = token_span(ctx.parsed, *bounds)
    cue = _cue_span(ctx, tok)
    if cue_last > tok.i:
        cue = token_span(ctx.parsed, ctx.parsed.char_span(cue.start, cue.end)[0].i, cue_last)
    draft = _Draft(cue, tok.i, content, cls=_cls(ctx.lex, lemma), nominal=True)
    draft.sources, draft.dangling = _speaker(ctx, tok, first)
    draft.sources.extend(_media_recipient(ctx, tok))
    return draft


def _attitude(ctx: _Ctx, adj: Any) -> _Draft | None:
    """ "X was critical of Y", "X is confident that Y", "X is eager to Y": the
    subject of the copula holds the attitude; the adjective's complement is
    the content; the cue runs from the copula to the adjective (and "of")."""
    verb = adj.head
    subject = _child(verb, "nsubj")
    if subject is None or verb.lemma_.lower() != "be":
        return None
    comp = next((c for c in adj.rights if c.dep_ in ("prep", "ccomp", "xcomp")), None)
    if comp is None:
        comp = next((c for c in verb.rights if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    if comp is None:
        return None
    cue_last = adj.i
    start = comp.left_edge.i
    if comp.dep_ == "prep" and comp.i == adj.i + 1:
        if _child(comp, "pobj", "pcomp") is None:
            return None
        cue_last, start = comp.i, comp.i + 1
    bounds = trimmed(ctx.parsed, list(range(start, comp.right_edge.i + 1)))
    if bounds is None or verb.i > adj.i:
        return None
    draft = _Draft(token_span(ctx.parsed, verb.i, cue_last), adj.i, token_span(ctx.parsed, *bounds))
    draft.sources, draft.dangling = _speaker(ctx, verb, comp)
    draft.nominal = comp.dep_ == "prep"
    return draft


# Prepositions that introduce the object of a stance noun ("support for X",
# "attacks on X", "criticism of X", "opposition to X").
STANCE_PREPS = frozenset({"for", "of", "on", "to", "against", "toward", "towards", "about"})


def _stance_noun(ctx: _Ctx, noun: Any) -> _Draft | None:
    """ "her long support for stem cell research", "Trump's attacks on Cruz":
    the owner holds a stance toward the prepositional object. Only with a
    possessive owner (a bare "support for X" names no one); the cue runs from
    the noun to the preposition, the content is the preposition's object."""
    owner = _child(noun, "poss")
    prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS), None)
    if owner is None or prep is None or prep.i != noun.i + 1:
        return None
    pobj = _child(prep, "pobj", "pcomp")
    if pobj is None:
        return None
    indices = list(range(prep.i + 1, pobj.right_edge.i + 1))
    bounds = trimmed(ctx.parsed, one_line(ctx.parsed, indices, pobj.i))
    if bounds is None:
        return None
    draft = _Draft(
        token_span(ctx.parsed, noun.i, prep.i),
        noun.i,
        token_span(ctx.parsed, *bounds),
        nominal=True,
    )
    draft.sources = [ctx.source(owner, {noun.i})]
    return draft


def _sees_as(tok: Any) -> bool:
    """ "sees Cruz as a uniter": a perception verb with an object and "as"."""
    return (
        tok.lemma_.lower() in SEE_AS_VERBS
        and _child(tok, "dobj") is not None
        and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
    )


def _question(child: Any) -> bool:
    """An embedded yes/no question the parser attached as an adverbial clause
    ("asked him if he would run")."""
    return child.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in child.children
    )


def _adjunct(child: Any) -> bool:
    """A prepositional phrase of time or place ("on Tuesday", "in Iowa")."""
    if child.dep_ != "prep":
        return False
    pobj = _child(child, "pobj")
    return pobj is not None and pobj.ent_type_ in ADJUNCT_ENTS


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


def _speaker(
    ctx: _Ctx, tok: Any, content_head: Any, relative_span: bool = True
) -> tuple[list[SourceDraft], bool]:
    """Who utters the cue: subject, agent, relative-clause head, or the head's subject.

    "Kaine, who said ...": Kaine speaks; the source's span is the relative
    pronoun, as it is "he" for "he said" (and as PolNeAR marks it). With
    ``relative_span`` False the span stays on the antecedent's name: a
    reliance clause ("Debka, which relies on ...") describes the sourcing
    of a source the sentence names, and its chain shows that name."""
    exclude = {tok.i, content_head.i}
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    passive = passive or (tok.tag_ == "VBN" and _child(tok, "agent") is not None)
    if passive:  # "was told by X", "Asked by X to ..."
        agent = _child(tok, "agent")
        if agent is not None and _child(agent, "pobj") is not None:
            return [ctx.source(_child(agent, "pobj"), exclude)], False
        return [SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)], False
    subject = _child(tok, "nsubj")
    if subject is not None and subject.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
        antecedent = ctx.source(tok.head, exclude)
        if not relative_span:
            return [antecedent], False
        return [replace(antecedent, span=token_span(ctx.parsed, subject.i, subject.i))], False
    if subject is not None:
        return [ctx.source(subject, exclude)], False
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return _statement_source(ctx, tok.head, exclude), False
    misparsed = _misparsed_speaker(ctx, tok, content_head)
    if misparsed is not None:
        return [ctx.source(misparsed, exclude)], False
    head_subject = _inherited_subject(tok)
    if head_subject is not None:
        return [ctx.source(head_subject, exclude | {head_subject.head.i})], False
    if tok.tag_ == "VBG":
        return [], True  # dangling: "Pointing out that ..." with no one pointing
    return [_unspecified()], False


def _misparsed_speaker(ctx: _Ctx, tok: Any, content_head: Any) -> Any:
    """The speaker of a subjectless speech verb that the parser attached elsewhere.

    * Inverted after a preceding quote, read as the object: "“...,” added
      another New Hampshire Republican".
    * Right before the verb, read as an apposition of a date or place:
      "on Dec. 2, Col. Steven H. Warren, a military spokesman, said"."""
    if tok.lemma_.lower() not in ctx.lex.say_verbs:
        return None
    obj = _child(tok, "dobj")
    if obj is not None and obj.i > tok.i and content_head.i < tok.i:
        return obj
    j = tok.i - 1
    while j >= 0 and ctx.parsed[j].text == ",":
        j -= 1
    cur = ctx.parsed[j] if j >= 0 else None
    while cur is not None and cur.i < tok.i and cur.head.i != cur.i:
        if cur.dep_ == "appos" and cur.head.ent_type_ in ADJUNCT_ENTS:
            return cur
        cur = cur.head
    return None


def _inherited_subject(tok: Any) -> Any:
    """The subject a subjectless cue shares with the clause it hangs from.

    Up through at most ``SUBJECT_CLIMB`` steps of coordination, adverbial
    clause, open complement, predicative adjective or a preposition's
    gerund: "..., then says", "reversed themselves, rushed in and said",
    "are more likely to say", "ended the meeting by announcing".
    An open complement of a verb with an object takes the object as its
    subject ("asked him to say"), so the climb stops there.
    """
    if tok.tag_ == "VBN":
        return None  # "Asked about X, he said": the subject was asked, it did not ask
    cur = tok
    for _ in range(SUBJECT_CLIMB):
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            cur = cur.head  # "ended the meeting by announcing", "in explaining why"
        if cur.dep_ not in ("advcl", "conj", "xcomp", "acomp", "prep") or cur.head.i == cur.i:
            return None
        if cur.dep_ == "xcomp" and _child(cur.head, "dobj") is not None:
            return None
        cur = cur.head
        subject = _child(cur, "nsubj")
        if subject is not None:
            return subject
        if _child(cur, "nsubjpass") is not None:
            return None
    return None


def _statement_source(ctx: _Ctx, noun: Any, exclude: set[int]) -> list[SourceDraft]:
    """ "X issued a statement saying": the statement, then X behind it."""
    out = [ctx.source(noun, exclude)]
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in ISSUE_VERBS:
        issuer = _child(verb, "nsubj")
        if issuer is not None:
            out.append(ctx.source(issuer, exclude | {noun.i}))
    return out


def _media_recipient(ctx: _Ctx, tok: Any) -> list[SourceDraft]:
    """ "disclosed to Asharq Al-Awsat", "told Reuters": the outlet that carried it."""
    candidates = [c for c in tok.children if c.dep_ in ("dative", "dobj")]
    for prep in tok.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            candidates.extend(c for c in prep.children if c.dep_ == "pobj")
    out = []
    for cand in candidates:
        src = ctx.source(cand, {tok.i} | {c.i for c in cand.children if c.dep_ in ("acl", "relcl")})
        named_to = cand.dep_ == "pobj" and cand.pos_ == "PROPN" and cand.ent_type_ != "GPE"
        if src.kind is SourceKind.MEDIA or (named_to and src.actor is None):
            out.append(replace(src, kind=SourceKind.MEDIA, role=None))
    return out


def _according(ctx: _Ctx, tok: Any) -> _Draft | None:
    to = _child(tok, "prep")
    pobj = _child(to, "pobj") if to is not None and to.lower_ == "to" else None
    if pobj is None or tok.head.i == tok.i:
        return None
    clause = tok.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    content = _content(ctx, clause, {tok.i})
    if content is None:
        return None
    cue = token_span(ctx.parsed, tok.i, to.i)
    draft = _Draft(cue, tok.i, content)
    draft.sources = [ctx.source(pobj, set())]
    return draft


def _reliance(ctx: _Ctx, tok: Any) -> _Draft | None:
    """ "The site X, which relies on intelligence sources, that Y": [sources, X]."""
    content_head = _child(tok, "ccomp")
    if content_head is None:
        return None
    inner = None
    for prep in tok.subtree:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "upon", "from"):
            inner = _child(prep, "pobj")
            if inner is not None:
                break
    content = _content(ctx, content_head, {tok.i})
    if inner is None or content is None:
        return None
    draft = _Draft(_cue_span(ctx, tok), tok.i, content)
    draft.sources = [ctx.source(inner, {content_head.i})]
    outer, _ = _speaker(ctx, tok, content_head, relative_span=False)
    draft.sources.extend(outer)
    return draft


def _emergence(ctx: _Ctx, tok: Any) -> _Draft | None:
    """ "reports have emerged regarding X": an unspecified source reports X."""
    nouns = ctx.lex.content_nouns
    subject = next(
        (c for c in tok.children if c.dep_ == "nsubj" and c.lemma_.lower() in nouns), None
    )
    if subject is None:
        return None
    topic = None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in TOPIC_PREPS:
            topic = _child(prep, "pobj")
            break
    if topic is None:
        return None
    content = _content(ctx, topic, set())
    if content is None:
        return None
    cue = token_span(ctx.parsed, subject.i, tok.i)
    draft = _Draft(cue, tok.i, content, cls=ctx.lex.content_nouns[subject.lemma_.lower()])
    draft.sources = [ctx.source(subject, {tok.i})]
    return draft


def _noun_cue(ctx: _Ctx, tok: Any) -> _Draft | None:
    """ "unverified claims that X", "the report that X": the noun heads a content clause."""
    clause = None
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in child.children
        ):
            clause = child
            break
    if clause is None:
        return None
    content = _content(ctx, clause, set())
    if content is None:
        return None
    draft = _Draft(token_span(ctx.parsed, tok.i, tok.i), tok.i, content)
    draft.cls = ctx.lex.content_nouns[tok.lemma_.lower()]
    owner = _child(tok, "poss")
    if owner is None:
        by = next(
            (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None
        )
        owner = _child(by, "pobj") if by is not None else None
    if owner is None:
        owner = _owner_by_verb(tok)
    if owner is not None:
        draft.sources = [ctx.source(owner, {clause.i, tok.i})]
    else:
        draft.sources = [SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)]
    return draft


def _owner_by_verb(noun: Any) -> Any:
    """The active subject of the verb a content noun hangs from, when it owns it."""
    verb = None
    if noun.dep_ == "pobj" and noun.head.lower_ in OWNER_VERB_PREPS:
        verb = noun.head.head
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in OWN_NOUN_VERBS:
        verb = noun.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    return _child(verb, "nsubj")


def _hedged_narration(ctx: _Ctx, drafts: list[_Draft]) -> list[_Draft]:
    """Unattributed main clauses carrying a hedge ("Allegedly, X ...") become claims."""
    out = []
    for sent in ctx.parsed.sents:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX"):
            continue
        hedges = [m for m in own_markers(root, ctx.lex) if m[0] is Modality.SPECULATED]
        if not hedges:
            continue
        marker = hedges[0][1]
        indices = [t.i for t in sent if t.i != marker.i]
        bounds = trimmed(ctx.parsed, contiguous(indices, root.i))
        if bounds is None:
            continue
        content = token_span(ctx.parsed, *bounds)
        if any(d.content == content for d in drafts):
            continue
        draft = _Draft(None, root.i, content, cls="hedge")
        draft.modality = Modality.SPECULATED
        draft.modality_cue = token_span(ctx.parsed, marker.i, marker.i)
        out.append(draft)
    return out


# ---------------------------------------------------------------- chains


def _resolve_chains(drafts: list[_Draft]) -> None:
    """Local chains (with anaphora, in text order), then the chains of enclosing claims."""
    history: list[list[SourceDraft]] = []
    for draft in sorted(drafts, key=lambda d: d.cue_i):
        if draft.cls == "hedge":
            continue
        draft.chain = _local_chain(draft, history)
        if any(s.kind is not SourceKind.UNSPECIFIED for s in draft.chain):
            history.append(draft.chain)
    by_size = sorted(drafts, key=lambda d: d.content.end - d.content.start, reverse=True)
    for draft in by_size:
        if draft.cue is None:
            continue
        outer = _enclosing(draft, by_size)
        if outer is not None:
            draft.chain = draft.chain + [s for s in outer.chain if s not in draft.chain]


def _enclosing(draft: _Draft, drafts: list[_Draft]) -> _Draft | None:
    assert draft.cue is not None
    best = None
    for other in drafts:
        if other is draft or other.cls == "hedge":
            continue
        if other.content.start <= draft.cue.start and draft.cue.end <= other.content.end:
            size = other.content.end - other.content.start
            if best is None or size < best.content.end - best.content.start:
                best = other
    return best


def _local_chain(draft: _Draft, history: list[list[SourceDraft]]) -> list[SourceDraft]:
    if draft.dangling:
        return list(history[-1]) if history else [_unspecified()]
    if not draft.sources:
        return [_unspecified()]
    first = draft.sources[0]
    if not first.anaphoric:
        return list(draft.sources)
    kinds = PRONOUN_ANTECEDENTS.get(first.kind, (first.kind,)) if first.head is not None else ()
    for chain in reversed(history):
        for k, src in enumerate(chain):
            if src.kind in kinds:
                resolved = replace(src, span=first.span, anaphoric=False)
                return [*chain[:k], resolved, *chain[k + 1 :], *draft.sources[1:]]
    return list(draft.sources)


def _unspecified() -> SourceDraft:
    return SourceDraft(UNSPECIFIED_TEXT, SourceKind.UNSPECIFIED, None)


# ---------------------------------------------------------------- modality


def _set_modality(ctx: _Ctx, draft: _Draft) -> None:
    """Cue class and hedges on the cue, then markers on the content's own head."""
    if draft.cls == "hedge":
        return
    cue_tok = ctx.parsed[draft.cue_i]
    cue_span = draft.cue
    if draft.cls == "deny":
        draft.modality, draft.modality_cue = Modality.DENIED, cue_span
        return
    hedges = [m for m in own_markers(cue_tok, ctx.lex) if m[0] is Modality.SPECULATED]
    if hedges:
        tok = hedges[0][1]
        draft.modality = Modality.SPECULATED
        draft.modality_cue = token_span(ctx.parsed, tok.i, tok.i)
        return
    if draft.cls == "believe":
        draft.modality, draft.modality_cue = Modality.SPECULATED, cue_span
        return
    head = _content_head(ctx, draft)
    marker = strongest(
        [m for m in own_markers(head, ctx.lex) if m[0] in CONTENT_MODALITIES] if head else []
    )
    if marker is not None and marker[1].lower_ != "would":
        draft.modality = marker[0]
        draft.modality_cue = token_span(ctx.parsed, marker[1].i, marker[1].i)


# Nouns by which a later sentence refers back to earlier claims as a whole
# ("these assessments remain speculative", "such reports are unconfirmed").
BACK_REFERENCE_NOUNS = frozenset(
    {
        "assessment", "claim", "report", "information", "account", "assertion",
        "allegation", "statement", "suggestion", "estimate", "analysis", "rumor", "rumour",
    }
)  # fmt: skip
# A back-reference reaches the claims of the two sentences before it, no further:
# beyond that the antecedent is no longer clear.
BACK_REFERENCE_SENTENCES = 2


def _back_reference_hedges(ctx: _Ctx, drafts: list[_Draft], sents: tuple[Sentence, ...]) -> None:
    """A claim calling earlier claims speculative hedges them: "these assessments remain
    speculative" makes the nearest earlier reported claim speculated, with the hedge as cue."""
    hedge_words = ctx.lex.hedge_adjectives | ctx.lex.hedge_nouns
    for draft in drafts:
        head = _content_head(ctx, draft)
        subj = _child(head, "nsubj", "nsubjpass") if head is not None else None
        if subj is None or subj.lemma_.lower() not in BACK_REFERENCE_NOUNS:
            continue
        if not any(
            c.dep_ == "det" and c.lower_ in ctx.lex.anaphoric_determiners for c in subj.children
        ):
            continue
        hedge = next(
            (t for t in head.subtree if t.lemma_.lower() in hedge_words and t.i != subj.i), None
        )
        if hedge is None:
            continue
        here = sentence_index.index_of(sents, draft.content.start)
        earlier = sorted(
            (d for d in drafts if d.content.end <= draft.content.start),
            key=lambda d: -d.content.start,
        )
        for prev in earlier:
            if here - sentence_index.index_of(sents, prev.content.start) > BACK_REFERENCE_SENTENCES:
                break
            if prev.modality in (Modality.REPORTED, Modality.ASSERTED):
                prev.modality = Modality.SPECULATED
                prev.modality_cue = token_span(ctx.parsed, hedge.i, hedge.i)
                break


def _content_head(ctx: _Ctx, draft: _Draft) -> Any:
    span = ctx.parsed.char_span(draft.content.start, draft.content.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# ---------------------------------------------------------------- output


def _freeze(cid: str, draft: _Draft, sents: tuple[Sentence, ...], outlet: Source | None) -> Claim:
    sources = [
        Source(
            text=s.text,
            kind=s.kind,
            span=s.span,
            actor=s.actor,
            role=s.role,
            count=s.count,
        )
        for s in draft.chain
    ]
    if outlet is not None:
        sources.append(outlet)
    anchor = draft.cue.start if draft.cue is not None else draft.content.start
    modality = draft.modality
    if draft.cls == "hedge" and modality is Modality.REPORTED:
        modality = Modality.ASSERTED
    return Claim(
        id=cid,
        span=draft.content,
        sentence=sentence_index.index_of(sents, anchor),
        modality=modality,
        cue=draft.cue,
        sources=tuple(sources),
        modality_cue=draft.modality_cue,
    )
