"""claims: the ``claims.v3`` stage: attribution, source chains and modality.

    attribution       the stage: each claim's content, cue and source chain (``find``)
    drafts            a claim being built, and the helpers every cue finder uses
    speech            speech, belief and denial verbs, and the quotations they take
    colons            "He added: ...", a headline's "Sanders: ..."
    object_cues       cues whose content is a phrase ("called X 'Y'", "critical of Y")
    reports           "according to X", reliance, emergence, content nouns, polls
    speakers          who utters a cue
    chains            each claim's source chain, innermost first
    claim_modality    a claim's modality: denials, beliefs, hedges, back-references
    sources           who a claim rests on: named people, anonymous officials,
                      outlets, documents, each resolved to the KB where it can be
    lexicon           the attribution and modality cue lexicons
    modality          how sure a report is, scoped to the event a marker governs
                      (``local_modality``; events use it too)
    modality_lexicon  the scope rules of modality markers

May import the layers below extract and ``extract.nlp``.
"""

from __future__ import annotations

from watchfloor.extract.claims.attribution import NAME, claim_at, find
from watchfloor.extract.claims.modality import local_modality

__all__ = ["NAME", "claim_at", "find", "local_modality"]
