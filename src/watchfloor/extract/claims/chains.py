"""Source chains: each claim's own sources (an anaphoric pronoun resolved to an earlier
chain, in text order), then the chain of the claim whose content encloses its cue."""

from __future__ import annotations

from dataclasses import replace

from watchfloor.extract.claims.drafts import Draft, unspecified
from watchfloor.extract.claims.sources import SourceDraft
from watchfloor.vocab import SourceKind

# Source kinds an anaphoric pronoun can point back to.
PRONOUN_ANTECEDENTS = {
    SourceKind.PERSON: (SourceKind.PERSON,),
    SourceKind.GROUP: (SourceKind.GROUP, SourceKind.ANONYMOUS, SourceKind.MEDIA),
}


def resolve_chains(drafts: list[Draft]) -> None:
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


def _enclosing(draft: Draft, drafts: list[Draft]) -> Draft | None:
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


def _local_chain(draft: Draft, history: list[list[SourceDraft]]) -> list[SourceDraft]:
    if draft.dangling:
        return list(history[-1]) if history else [unspecified()]
    if not draft.sources:
        return [unspecified()]
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
