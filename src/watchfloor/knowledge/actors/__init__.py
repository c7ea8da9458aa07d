"""The actor knowledge base: named actors, generated country institutions, typed unknowns.

``load_kb(paths)`` reads the packaged ``data/actors.yaml`` plus any user YAML
files of the same format (docs/knowledge-actors.md) and returns an immutable
``ActorKB``. The KB generates, for every ISO 3166 country, one actor per class
of ``classes`` ("irq.gov", "irq.mil", "usa.leg", "irq.armed_group" ...);
hand entries whose id is a generated one extend it.

Matching is over *words* (``words``): each word of the text reduced to a key,
aliases stored in hash tables of key tuples with their prefixes (``index``);
``ActorKB.scan`` walks every word start once. The parts, by what they do:

    words          words of a text and their match keys and case shapes
    index          candidate mentions and the key-tuple tables they are found in
    kb             the loaded ActorKB: lookups, office holders on a date, the scan
    schema         the file format: layers, sections, fields, actor types, field readers
    phoenix_layer  the Phoenix layer's rows and the actor table built from them lazily
    build          building an ActorKB from its layers
    load           reading the files and configuration: load_kb, check_kb

Every public name is importable from ``watchfloor.knowledge.actors``.
"""

from __future__ import annotations

from watchfloor.knowledge.actors.index import MAX_ALIAS_WORDS, Candidate
from watchfloor.knowledge.actors.kb import ActorKB, AgentRule
from watchfloor.knowledge.actors.load import check_kb, configured_kb_paths, load_kb
from watchfloor.knowledge.actors.phoenix_layer import (
    PHOENIX,
    PHOENIX_FIELDS,
    PHOENIX_SOURCE,
    ActorTable,
    match_form,
)
from watchfloor.knowledge.actors.schema import (
    ACTOR_TYPES,
    LAYER_NAMES,
    LAYER_PACKAGED,
    LAYER_PHOENIX,
    LAYER_USER,
    NON_STATE_COUNTRIES,
    PACKAGED,
    OrgDate,
)
from watchfloor.knowledge.actors.words import (
    CAP,
    NONE,
    PARTICLES,
    UPPER,
    Word,
    alias_words,
    text_words,
    word_key,
    words,
)

__all__ = [
    "ACTOR_TYPES",
    "CAP",
    "LAYER_NAMES",
    "LAYER_PACKAGED",
    "LAYER_PHOENIX",
    "LAYER_USER",
    "MAX_ALIAS_WORDS",
    "NONE",
    "NON_STATE_COUNTRIES",
    "PACKAGED",
    "PARTICLES",
    "PHOENIX",
    "PHOENIX_FIELDS",
    "PHOENIX_SOURCE",
    "UPPER",
    "ActorKB",
    "ActorTable",
    "AgentRule",
    "Candidate",
    "OrgDate",
    "Word",
    "alias_words",
    "check_kb",
    "configured_kb_paths",
    "load_kb",
    "match_form",
    "text_words",
    "word_key",
    "words",
]
