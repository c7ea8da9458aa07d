"""Local modality: how sure the text is of one event, from the markers that scope over it.

Walk from the event's trigger up the dependency tree (at most ``MAX_DEPTH``
steps). Each step from a word to its head is one of:

* a **complement** step (the head's clause, infinitive, object, predicate, a
  noun's content clause, or a preposition's object when the head governs it,
  "calls for X"): the head's meaning as a governing word applies to the word
  (deny -> denied, believe -> speculated, demand -> demanded, plan ->
  planned), and the head's hedges and conditions reach down, into a clause
  but not into an object ("may move its operations": the operations exist);
  the head's negation does not ("don't want to play": the wanting is denied);
* a **pass-through** step (a copula and its predicate; "going to", "about
  to", "is to", "have to", "has yet to"; a support verb and its event noun,
  "did not carry out an attack"): every marker of the head is the word's own;
* a **coordination** step: conjuncts share their governor, not each other's
  markers, except what stands before a verb they share ("could break loose
  and destroy") and a negation over a disjunct ("did not attack or shell");
* a **noun-internal** step (compound, adjective, apposition): the noun's
  markers reach its modifiers;
* a **participle** step (a subjectless participial clause, "may have shelled
  the town, killing five"): the head's hedges and conditions reach it;
* anything else stops the walk: a subject, an adverbial clause ("denied it,
  saying Y"), parataxis, a relative clause or participial modifier
  (islands: "a case that has blocked the trial"), and a prepositional phrase
  the head does not govern ("denied involvement in the movements",
  "attacked after the talks").

Each marker belongs to a *level*: the number of complement steps between the
trigger and the word it marks. A denial, a future and a deontic modal mark
only their own level: an event is denied only by a negation or denial of
itself (its own, or one that reaches it through pass-through, coordination or
noun-internal steps). A denial one level up, of the event's governor, leaves
the event open: what that governor imposes becomes ``speculated`` ("not
expected to start", "no plans to attack", "denied that troops tried to
storm"). The strongest marker wins (``PRECEDENCE``). The claim holding the
event counts where the walk reaches the claim's content head and the word
that set the claim's modality was out of the walk's sight; otherwise an event
in an attributed claim is ``reported``, and one outside any ``asserted``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.extract.claims.lexicon import CueLexicon
from watchfloor.extract.claims.modality_lexicon import ScopeLexicon
from watchfloor.vocab import Claim, Modality, SourceKind, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# The order in which markers override each other: a denial or a hedge says more
# about the truth of the event than a plan or demand does.
PRECEDENCE = (
    Modality.DENIED,
    Modality.SPECULATED,
    Modality.CONDITIONAL,
    Modality.DEMANDED,
    Modality.PLANNED,
)

# Dependency steps walked upward at most: deeper nesting is rare in news prose
# and a bound keeps the cost per event constant.
MAX_DEPTH = 12

# Complements of a head: its clause or infinitive, its object or patient, its predicate.
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "csubjpass", "acl"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
PREDICATE_DEPS = frozenset({"attr", "acomp", "oprd"})
# Modifiers inside a noun phrase, reached by the noun's own markers ("no bombing campaign").
NOUN_INTERNAL_DEPS = frozenset({"compound", "amod", "nmod", "appos"})
# Markers of a governing clause that also cover what it embeds; the others
# (OWN_LEVEL, and denial) mark only their own word.
SCOPES_DOWN = frozenset({Modality.SPECULATED, Modality.CONDITIONAL})
OWN_LEVEL = frozenset({Modality.PLANNED, Modality.DEMANDED})

NOUNS = ("NOUN", "PROPN")
# Entity types of a subject that can be the agent of a future "is to".
NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
VERBS = ("VERB", "AUX")

Marker = tuple[Modality, Any]  # (modality, the spaCy token or the Span that set it)


@dataclass(frozen=True)
class _Entry:
    """A marker found by the walk, and how many governing steps above the trigger
    stands the word it marks (0: the trigger, its conjuncts, its pass-throughs)."""

    modality: Modality | None  # None: a governor that imposes nothing by itself
    cue: Any
    level: int
    governed: bool = False  # imposed by a governing word on its complement


@dataclass
class Scope:
    """What the walk from one trigger found: entries, and the words it reached in scope."""

    entries: list[_Entry] = field(default_factory=list)
    path: dict[int, int] = field(default_factory=dict)  # token index -> level

    def add(self, markers: list[Marker], level: int) -> None:
        self.entries.extend(_Entry(m, cue, level) for m, cue in markers)


def _span_of(cue: Any) -> Span:
    if isinstance(cue, Span):
        return cue
    return Span(cue.idx, cue.idx + len(cue.text), cue.text)


# ------------------------------------------------------------- own markers


def own_markers(tok: Any, lex: CueLexicon) -> list[Marker]:
    """Markers a word carries itself: negation, modals, hedging adverbs/adjectives,
    conditions, a ``no`` on its subject or object or on the noun itself."""
    slex = lex.scope
    found: list[Marker] = []
    for child in tok.children:
        marker = _child_marker(tok, child, lex, slex)
        if marker is not None:
            found.append((marker, child))
    if tok.dep_ == "aux" and tok.lower_ == "going":  # "is going to X"
        found.append((Modality.PLANNED, tok))
    return found


def _child_marker(tok: Any, child: Any, lex: CueLexicon, slex: ScopeLexicon) -> Modality | None:
    low, dep = child.lower_, child.dep_
    if dep == "neg" or (dep == "advmod" and low in lex.negators):
        return None if _focus_negation(child, slex) else Modality.DENIED
    if dep == "aux":
        if low in lex.hedge_modals:
            return Modality.SPECULATED
        if low in lex.future_modals or child.lemma_ in lex.future_modals:
            return Modality.PLANNED
        if low in lex.demand_modals:
            return Modality.DEMANDED
        return None
    if (dep == "advmod" and low in lex.hedge_adverbs) or (
        dep == "amod" and low in lex.hedge_adjectives
    ):
        return Modality.SPECULATED
    if dep == "advcl" and _conditional(child, lex):
        return Modality.CONDITIONAL
    if dep == "mark":
        return _mark_marker(tok, low, lex, slex)
    if dep in ("nsubj", "nsubjpass", "dobj") and _negative_argument(child, lex, slex):
        return Modality.DENIED  # "no one was hurt", "no troops were moved", "took no money"
    if dep == "det" and low in lex.negative_determiners and tok.pos_ in NOUNS:
        return Modality.DENIED  # "there was no response"
    return None


def _mark_marker(tok: Any, low: str, lex: CueLexicon, slex: ScopeLexicon) -> Modality | None:
    """``if``/``whether`` opening an embedded question leaves it open ("declined to
    say if X"); ``if``/``unless`` opening any other clause makes it a condition."""
    if tok.dep_ in ("ccomp", "csubj") and low in slex.question_marks:
        return Modality.SPECULATED
    if low in lex.condition_marks:
        return Modality.CONDITIONAL
    return None


def _focus_negation(neg: Any, slex: ScopeLexicon) -> bool:
    """ "not just the liberation of Kuwait": a contrast of focus, not a negation."""
    nxt = neg.i + 1
    return nxt < len(neg.doc) and neg.doc[nxt].lower_ in slex.focus_adverbs


def _negative_argument(arg: Any, lex: CueLexicon, slex: ScopeLexicon) -> bool:
    if arg.lower_ in slex.negative_pronouns:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in arg.children)


def _event_markers(tok: Any, lex: CueLexicon, slex: ScopeLexicon) -> list[Marker]:
    """A word's own markers as they bear on an event: also ability ``can``."""
    found = own_markers(tok, lex)
    found.extend(
        (Modality.SPECULATED, c)
        for c in tok.children
        if c.dep_ == "aux" and c.lemma_.lower() in slex.ability_modals
    )
    return found


def _conditional(tok: Any, lex: CueLexicon) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in tok.children)


# ------------------------------------------------------------------ steps

STOP, COMPLEMENT, PASS, CONJ, NOUN_INTERNAL, PREP_OBJECT, PARTICIPLE = (
    "stop",
    "complement",
    "pass",
    "conj",
    "noun",
    "prep_object",
    "participle",
)


def _step(tok: Any, head: Any, lex: CueLexicon, slex: ScopeLexicon) -> str:
    """How the markers of ``head`` bear on its dependent ``tok`` (see the module doc)."""
    dep = tok.dep_
    if dep == "conj":
        return CONJ
    if _island(tok):
        return STOP
    if dep in ("pobj", "pcomp") and head.pos_ == "ADP":
        return PREP_OBJECT
    if dep == "prep":
        governs = tok.lower_ in slex.governed_preps and _governing_class(head, lex, slex)
        return COMPLEMENT if governs else STOP
    if _passes_through(tok, head, slex):
        return PASS
    if dep in CLAUSAL_DEPS or dep in OBJECT_DEPS or dep in PREDICATE_DEPS:
        return COMPLEMENT
    if dep in NOUN_INTERNAL_DEPS:
        return NOUN_INTERNAL
    if dep == "advcl" and _bare_participle(tok):
        return PARTICIPLE
    return STOP


def _bare_participle(tok: Any) -> bool:
    """A participial clause with no subject or conjunction of its own ("may have
    shelled the town, killing five"): part of its head's assertion."""
    if tok.tag_ not in ("VBG", "VBN"):
        return False
    return not any(c.dep_ in ("mark", "nsubj", "nsubjpass", "aux") for c in tok.children)


def _island(tok: Any) -> bool:
    """A clause that only describes a noun: a relative clause ("a case that has
    blocked the trial") or a participial modifier ("accusations made by X").
    What it says is taken for granted, so the markers above it do not reach
    in. A noun's *that*-clause or infinitive ("claims that X", "plans to X")
    is the noun's content, not an island."""
    if tok.dep_ == "relcl":
        return True
    if tok.dep_ != "acl" or tok.tag_ not in ("VBN", "VBG"):
        return False
    return not any(c.dep_ in ("mark", "aux") for c in tok.children)


def _to_infinitive(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _passes_through(tok: Any, head: Any, slex: ScopeLexicon) -> bool:
    """The head only carries the word's tense, mood and polarity: a copula and its
    predicate, a semi-auxiliary and its infinitive, a support verb and its noun."""
    lemma = head.lemma_.lower()
    if lemma == "be" and tok.dep_ in PREDICATE_DEPS:
        return True
    if tok.dep_ == "xcomp" and _to_infinitive(tok):  # "is (yet) to", "the aim is to X"
        return lemma in ("be", "have") or head.lower_ in ("going", "about")
    return lemma in slex.support_verbs and tok.dep_ in OBJECT_DEPS and tok.pos_ in NOUNS


def _pass_marker(tok: Any, head: Any, lex: CueLexicon) -> list[Marker]:
    """What a semi-auxiliary adds: "has yet to X" denies X, "going/about/is to X"
    plans it, "has to X" demands it (not "had to", "having to": that reports it)."""
    if tok.dep_ != "xcomp":
        return []
    lemma = head.lemma_.lower()
    if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children):
        return [(Modality.DENIED, head)]
    if head.lower_ in ("going", "about") or (lemma == "be" and _future_be_to(tok, head, lex)):
        return [(Modality.PLANNED, head)]
    if lemma == "have" and head.tag_ in ("VB", "VBP", "VBZ"):
        return [(Modality.DEMANDED, head)]
    return []


def _future_be_to(tok: Any, head: Any, lex: CueLexicon) -> bool:
    """The future "is to": "the bridge is to be rebuilt", "the minister is to visit", not the
    predicate of a content noun ("the aim is to restore order", "the raid was to
    punish them", "it would be hard to X"): be right before "to" (or "yet
    to"), with an agent as subject, or a passive infinitive."""
    after = [t.lower_ for t in head.doc[head.i + 1 : head.i + 3]]
    if after[:1] != ["to"] and after != ["yet", "to"]:  # "is to", "is yet to"
        return False
    if any(c.dep_ == "auxpass" for c in tok.children):
        return True
    return any(c.dep_ == "nsubj" and _agent_like(c, lex) for c in head.children)


def _agent_like(tok: Any, lex: CueLexicon) -> bool:
    """A pronoun, a name, or a person or body noun ("the minister", "the army")."""
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in NAMED_ENTS:
        return True
    return lex.source_nouns.get(tok.lemma_.lower()) in ("anonymous", "group")


def _shares_left(tok: Any, head: Any) -> bool:
    """A coordinated verb with no subject or auxiliary of its own, in the first
    conjunct's form, shares what stands before that conjunct (subject,
    auxiliaries, negation, adverbs): "could break loose and destroy", but not
    "did not attack the base and withdrew"."""
    if head.pos_ not in VERBS or tok.pos_ not in VERBS or tok.tag_ != head.tag_:
        return False
    own = ("nsubj", "nsubjpass", "aux", "auxpass", "neg")
    return not any(c.dep_ in own for c in tok.children)


def _disjunct(tok: Any) -> bool:
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in tok.children)


# ------------------------------------------------------------- governing


def _governing_class(head: Any, lex: CueLexicon, slex: ScopeLexicon) -> str | None:
    """deny, hedge, demand, plan or evidence: what a governing word does to its
    complement; None for a word that governs nothing."""
    lemma = head.lemma_.lower()
    if head.pos_ in VERBS:
        for cls, words in (
            ("deny", slex.deny_verbs),
            ("hedge", lex.hedge_verbs),
            ("demand", lex.demand_verbs),
            ("plan", lex.plan_verbs),
        ):
            if lemma in words:
                return cls
        return None
    if head.pos_ in NOUNS:
        for cls, words in (
            ("deny", lex.denial_nouns),
            ("hedge", lex.hedge_nouns),
            ("demand", lex.demand_nouns),
            ("plan", lex.plan_nouns),
            ("evidence", slex.evidential_nouns),
        ):
            if lemma in words:
                return cls
        return "evidence" if lemma in lex.content_nouns else None  # "reports that X"
    if head.pos_ == "ADJ" and lemma in lex.hedge_adjectives:
        return "hedge"  # "likely to last"
    return None


CLASS_MODALITY = {
    "deny": Modality.DENIED,
    "hedge": Modality.SPECULATED,
    "demand": Modality.DEMANDED,
    "plan": Modality.PLANNED,
}


def _governed(
    head: Any, tok: Any, level: int, lex: CueLexicon, slex: ScopeLexicon
) -> _Entry | None:
    """The marker a governing ``head`` imposes on its complement ``tok`` (at ``level``)."""
    cls = _governing_class(head, lex, slex)
    if cls is None:
        return None
    if cls == "deny":
        return _denial(head, tok, level, lex, slex)
    if cls == "evidence":
        return _Entry(None, head, level, governed=True)
    if tok.dep_ in PREDICATE_DEPS and head.pos_ in VERBS and cls != "hedge":
        return None  # "called Bush a liar"; but "seemed likely"
    if tok.dep_ in OBJECT_DEPS and head.pos_ in VERBS:
        objects = {
            "hedge": slex.hedge_object_verbs,
            "plan": slex.plan_object_verbs,
            "demand": slex.demand_object_verbs,
        }[cls]
        if head.lemma_.lower() not in objects:
            return None
    if tok.dep_ == "ccomp" and head.pos_ in VERBS and cls in ("plan", "demand"):
        clauses = slex.plan_that_verbs if cls == "plan" else slex.demand_that_verbs
        if head.lemma_.lower() not in clauses:
            return None
    return _Entry(CLASS_MODALITY[cls], head, level, governed=True)


def _copula_subject(
    tok: Any, head: Any, level: int, lex: CueLexicon, slex: ScopeLexicon
) -> _Entry | None:
    """A copula's predicate is its subject noun's content: "the plan is to X"
    plans X, "the fear is that X" hedges X."""
    if head.lemma_.lower() != "be" or tok.dep_ not in ("xcomp", "ccomp", "attr"):
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj" and c.pos_ in NOUNS), None)
    cls = _governing_class(subject, lex, slex) if subject is not None else None
    if cls is None or cls in ("deny", "evidence"):
        return None
    return _Entry(CLASS_MODALITY[cls], subject, level, governed=True)


def _denial(head: Any, tok: Any, level: int, lex: CueLexicon, slex: ScopeLexicon) -> _Entry | None:
    """What a denial verb or noun denies: its clause ("denied that X"), the content
    of a claim noun it takes ("denied reports that X": X, not the reports), and,
    for ``denied.object_verbs``, a plain object ("denied any involvement")."""
    if tok.dep_ not in OBJECT_DEPS or head.pos_ not in VERBS:
        return _Entry(Modality.DENIED, head, level, governed=True)
    if any(c.dep_ == "dative" for c in head.children) or (
        tok.dep_ == "dobj" and any(c.dep_ == "auxpass" for c in head.children)
    ):
        return None  # "denied them entry", "were denied access": a refusal
    lemma = tok.lemma_.lower()
    if lemma in lex.content_nouns or lemma in slex.evidential_nouns:
        return _Entry(Modality.DENIED, head, level - 1, governed=True)
    if head.lemma_.lower() in slex.deny_object_verbs:
        return _Entry(Modality.DENIED, head, level, governed=True)
    return None


# ------------------------------------------------------------------ walk


def scope_of(parsed: SpacyDoc, token_index: int, lex: CueLexicon) -> Scope:
    """Walk up from token ``token_index``: every marker over it, and the words reached."""
    slex = lex.scope
    tok = parsed[token_index]
    scope = Scope(path={tok.i: 0})
    scope.add(_event_markers(tok, lex, slex), 0)
    level = 0
    for _ in range(MAX_DEPTH):
        head = tok.head
        if head.i == tok.i:
            break
        kind = _step(tok, head, lex, slex)
        if kind == STOP:
            if tok.dep_ == "advcl" and _conditional(tok, lex):
                scope.add([(Modality.CONDITIONAL, tok)], level)
            break
        level = _take_step(scope, kind, tok, head, level, lex, slex)
        scope.path[head.i] = level
        tok = head
    return scope


def _take_step(
    scope: Scope, kind: str, tok: Any, head: Any, level: int, lex: CueLexicon, slex: ScopeLexicon
) -> int:
    """Add what ``head`` contributes over ``tok``; return the level of ``head``."""
    if kind == PREP_OBJECT:
        if head.lower_ in slex.negative_preps:
            scope.add([(Modality.DENIED, head)], level)  # "without seeking approval"
        return level
    # the word the walk comes from is no marker of itself (a parser's "alleged" as amod)
    own = [m for m in _event_markers(head, lex, slex) if m[1].i != tok.i]
    if kind == PASS:
        scope.add(own + _pass_marker(tok, head, lex), level)
        _append(scope, _copula_subject(tok, head, level, lex, slex))
        return level
    if kind == NOUN_INTERNAL:
        scope.add(own, level)
        return level
    if kind == PARTICIPLE:  # the head's hedges cover it; its governor's meaning does not
        scope.add([m for m in own if m[0] in SCOPES_DOWN], level + 1)
        return level + 1
    if kind == CONJ:
        if _shares_left(tok, head):  # "will fall off and destroy", "was not hurt or killed"
            scope.add([m for m in own if m[1].i < head.i], level)
        elif _disjunct(tok):
            scope.add([m for m in own if m[0] is Modality.DENIED], level)
        if head.pos_ in NOUNS:  # "possible attacks and raids"
            scope.add([m for m in own if m[0] in SCOPES_DOWN], level)
        return level
    _append(
        scope,
        _governed(head, tok, level, lex, slex) or _copula_subject(tok, head, level, lex, slex),
    )
    # a hedge or condition on the head covers the proposition it embeds, not the
    # things its object names ("may move their operations": the operations exist)
    reach = SCOPES_DOWN if tok.dep_ not in OBJECT_DEPS else frozenset()
    scope.add([m for m in own if m[0] in reach or m[0] is Modality.DENIED], level + 1)
    return level + 1


def _append(scope: Scope, entry: _Entry | None) -> None:
    if entry is not None:
        scope.entries.append(entry)


def _resolve(entries: list[_Entry]) -> list[Marker]:
    """The markers that bear on the trigger: a denial only of the trigger's own
    level; a denial one level up turns what that governor imposes into a hedge."""
    denied_above = {e.level for e in entries if e.modality is Modality.DENIED and e.level >= 1}
    out: list[Marker] = []
    for e in entries:
        if e.level < 0:
            continue
        if e.governed and e.level + 1 in denied_above:
            out.append((Modality.SPECULATED, e.cue))  # "not expected to start"
        elif e.modality is Modality.DENIED or (e.modality in OWN_LEVEL and not e.governed):
            if e.level == 0:  # an ancestor's own denial, future or "must" is its own
                out.append((e.modality, e.cue))
        elif e.modality is not None:
            out.append((e.modality, e.cue))
    return out


def markers_over(parsed: SpacyDoc, token_index: int, lex: CueLexicon) -> list[Marker]:
    """Every marker that bears on token ``token_index`` (see the module doc)."""
    return _resolve(scope_of(parsed, token_index, lex).entries)


def strongest(markers: list[Marker]) -> Marker | None:
    for modality in PRECEDENCE:
        for marker in markers:
            if marker[0] is modality:
                return marker
    return None


# ----------------------------------------------------------------- claims


def _token_at(parsed: SpacyDoc, span: Span | None) -> Any:
    if span is None:
        return None
    found = parsed.char_span(span.start, span.end, alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def _claim_entry(parsed: SpacyDoc, claim: Claim | None, scope: Scope) -> _Entry | None:
    """The claim's own modality, where it bears on the event: the walk reached the
    claim's content head, and the word that set the modality was out of its sight
    (the parser hung the cue off the content, or a later sentence hedged it)."""
    if claim is None or claim.modality in (Modality.ASSERTED, Modality.REPORTED):
        return None
    root = _token_at(parsed, claim.span)
    if root is None or root.i not in scope.path:
        return None
    cue = _token_at(parsed, claim.modality_cue)
    if cue is not None and (cue.i in scope.path or cue.head.i in scope.path):
        return None
    return _Entry(claim.modality, claim.modality_cue or root, scope.path[root.i], governed=True)


def local_modality(
    parsed: SpacyDoc, token_index: int, claim: Claim | None, lex: CueLexicon
) -> tuple[Modality, Span | None]:
    """The modality of an event whose trigger is token ``token_index``, and its cue.

    The markers that scope over the trigger (see the module doc), and the
    claim's modality where it reaches the event; with none, ``reported`` inside
    an attributed claim, else ``asserted``.
    """
    scope = scope_of(parsed, token_index, lex)
    entries = list(scope.entries)
    from_claim = _claim_entry(parsed, claim, scope)
    if from_claim is not None:
        entries.append(from_claim)
    best = strongest(_resolve(entries))
    if best is not None:
        return best[0], _span_of(best[1])
    if _attributed(claim):
        return Modality.REPORTED, None
    return Modality.ASSERTED, None


def _attributed(claim: Claim | None) -> bool:
    """A claim resting on a source other than the outlet (a hedged narration
    claim has none: what it says outside its hedge's reach, the outlet asserts)."""
    if claim is None:
        return False
    if claim.modality is Modality.REPORTED or claim.cue is not None:
        return True
    return any(s.kind is not SourceKind.OUTLET for s in claim.sources)
