"""What the event classifier sees of a candidate predicate: features from the parse.

A *candidate* is a token that may report an event: a verb, or a noun the
classifier or the cue lexicon knows as eventive ("bombing", "talks"). Its
features are read from what spaCy already computed, so they cost next to
nothing: the lemma, the lemma with its particle or object, its dependency
label and head, its dependents' lemmas, entity types and person types by
dependency ("dobj=villager", "dobj:t=civilian", "p:against:e=GPE"), its
auxiliaries and negation, and the 96 floats of ``doc.tensor`` (the tok2vec
output of en_core_web_sm) at the token.

The same function makes the features at training time
(``scripts/train_events.py``) and at run time (``extract.events.classifier``),
so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from watchfloor.extract.nlp.tokens import children, column, lemma_lower

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Dependents whose lemma (and entity / person type) are features of the predicate.
ARGUMENT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "attr",
        "dative",
        "prt",
        "neg",
        "aux",
        "auxpass",
        "xcomp",
        "ccomp",
        "acomp",
        "amod",
        "compound",
        "poss",
        "nummod",
        "advmod",
        "npadvmod",
    }
)
# Dependents whose own lemma says little and whose type or object says more.
PREP_DEPS = frozenset({"prep", "agent", "dative"})
# Width of the tok2vec rows of en_core_web_sm (doc.tensor).
TENSOR_WIDTH = 96
_VERBAL = frozenset({"VERB"})
_NOMINAL = frozenset({"NOUN"})


def candidates(parsed: SpacyDoc, start: int, end: int, nouns: frozenset[str]) -> list[int]:
    """Token indices in ``[start, end)`` that may report an event: verbs, and
    nouns whose lemma (or lowercase form) is in ``nouns``."""
    pos, lemmas, lower = column(parsed, "pos_"), lemma_lower(parsed), column(parsed, "lower_")
    out: list[int] = []
    for i in range(start, end):
        p = pos[i]
        if p in _VERBAL or (p in _NOMINAL and (lemmas[i] in nouns or lower[i] in nouns)):
            out.append(i)
    return out


def features(parsed: SpacyDoc, i: int, person_types: dict[str, str]) -> list[str]:
    """The sparse (string) features of candidate token ``i``."""
    lemmas, pos, dep = lemma_lower(parsed), column(parsed, "pos_"), column(parsed, "dep_")
    ent, lower, kids = column(parsed, "ent_type_"), column(parsed, "lower_"), children(parsed)
    lemma = lemmas[i]
    out = [f"l={lemma}", f"pos={pos[i]}", f"dep={dep[i]}", f"w={lower[i]}"]
    head = parsed[i].head.i
    if head != i:
        out += [f"h={lemmas[head]}", f"hd={dep[i]}>{pos[head]}"]
    for c in kids[i]:
        d = dep[c]
        if d in PREP_DEPS:
            prep = lower[c]
            out.append(f"p={prep}")
            for g in kids[c]:
                if dep[g] in ("pobj", "pcomp"):
                    out.extend(_argument(f"p:{prep}", g, lemmas, ent, person_types))
        elif d in ARGUMENT_DEPS:
            out.extend(_argument(d, c, lemmas, ent, person_types))
            if d in ("prt", "dobj"):
                out.append(f"l{d}={lemma} {lemmas[c]}")
    return out


def _argument(
    role: str, j: int, lemmas: list[str], ent: list[str], person_types: dict[str, str]
) -> Iterable[str]:
    yield f"{role}={lemmas[j]}"
    if ent[j]:
        yield f"{role}:e={ent[j]}"
    kind = person_types.get(lemmas[j])
    if kind is not None:
        yield f"{role}:t={kind}"


def dense(parsed: SpacyDoc, rows: list[int]) -> Any:
    """The tok2vec rows of ``rows`` as a float32 array (zeros when the parse has none)."""
    import numpy as np

    tensor = getattr(parsed, "tensor", None)
    if tensor is None or getattr(tensor, "shape", (0, 0))[-1] != TENSOR_WIDTH or not len(tensor):
        return np.zeros((len(rows), TENSOR_WIDTH), dtype=np.float32)
    return np.asarray(tensor[rows], dtype=np.float32)
