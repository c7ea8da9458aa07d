"""The scope lists of the modality lexicon: which words reach which complements.

``lexicon.load_lexicon`` reads the markers themselves (negators, modals,
hedge, plan and demand words) that the claims stage shares; this module reads
the lists only the scope walk of ``modality`` needs, from the same
``cues_modality.yaml``; the cue lexicon carries them as its ``scope``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from watchfloor.errors import ConfigError

MODALITY_FILE = "cues_modality.yaml"


@dataclass(frozen=True)
class ScopeLexicon:
    """Lemma sets that decide how far a modality marker reaches."""

    ability_modals: frozenset[str]
    hedge_object_verbs: frozenset[str]
    question_marks: frozenset[str]
    evidential_nouns: frozenset[str]
    negative_pronouns: frozenset[str]
    negative_preps: frozenset[str]
    focus_adverbs: frozenset[str]
    deny_verbs: frozenset[str]
    deny_object_verbs: frozenset[str]
    plan_that_verbs: frozenset[str]
    plan_object_verbs: frozenset[str]
    demand_that_verbs: frozenset[str]
    demand_object_verbs: frozenset[str]
    governed_preps: frozenset[str]
    support_verbs: frozenset[str]


def _words(data: dict[str, Any], section: str, key: str) -> frozenset[str]:
    node = data.get(section)
    if not isinstance(node, dict) or not isinstance(node.get(key), list):
        raise ConfigError(f"modality lexicon lacks {section}.{key}", where=MODALITY_FILE)
    return frozenset(str(x).lower() for x in node[key])


def load_scope_lexicon() -> ScopeLexicon:
    """Read the scope lists of ``cues_modality.yaml``."""
    try:
        text = resources.files("watchfloor.knowledge.data").joinpath(MODALITY_FILE)
        data = yaml.safe_load(text.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read modality lexicon: {exc}", where=MODALITY_FILE) from exc
    if not isinstance(data, dict):
        raise ConfigError("modality lexicon is not a mapping", where=MODALITY_FILE)
    return ScopeLexicon(
        ability_modals=_words(data, "speculated", "ability_modals"),
        hedge_object_verbs=_words(data, "speculated", "object_verbs"),
        question_marks=_words(data, "speculated", "question_marks"),
        evidential_nouns=_words(data, "speculated", "evidential_nouns"),
        negative_pronouns=_words(data, "denied", "pronouns"),
        negative_preps=_words(data, "denied", "prepositions"),
        focus_adverbs=_words(data, "denied", "focus_adverbs"),
        deny_verbs=_words(data, "denied", "verbs"),
        deny_object_verbs=_words(data, "denied", "object_verbs"),
        plan_that_verbs=_words(data, "planned", "that_verbs"),
        plan_object_verbs=_words(data, "planned", "object_verbs"),
        demand_that_verbs=_words(data, "demanded", "that_verbs"),
        demand_object_verbs=_words(data, "demanded", "object_verbs"),
        governed_preps=_words(data, "scope", "governed_preps"),
        support_verbs=_words(data, "scope", "support_verbs"),
    )
