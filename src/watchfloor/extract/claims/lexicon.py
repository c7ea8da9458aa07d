"""The attribution and modality cue lexicons, read from package data.

``load_lexicon`` reads them; ``Resources.load`` calls it once per process and
hands the lexicon to the claims and events stages (``Resources.cues``): no
stage reads a lexicon of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.extract.claims.modality_lexicon import (
    MODALITY_FILE,
    ScopeLexicon,
    load_scope_lexicon,
)

ATTRIBUTION_FILE = "cues_attribution.yaml"


@dataclass(frozen=True)
class CueLexicon:
    """Lemma sets for attribution cues, source nouns and modality markers."""

    say_verbs: frozenset[str]
    believe_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    np_content_verbs: frozenset[str]
    object_cue_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    document_nouns: frozenset[str]
    attitude_adjectives: frozenset[str]
    stance_nouns: frozenset[str]
    reliance_verbs: frozenset[str]
    emergence_verbs: frozenset[str]
    content_nouns: dict[str, str]
    source_nouns: dict[str, str]  # lemma -> SourceKind value
    anaphoric_determiners: frozenset[str]
    anaphoric_nouns: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_nouns: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_verbs: frozenset[str]
    negators: frozenset[str]
    negative_determiners: frozenset[str]
    denial_nouns: frozenset[str]
    future_modals: frozenset[str]
    plan_verbs: frozenset[str]
    plan_nouns: frozenset[str]
    demand_modals: frozenset[str]
    demand_verbs: frozenset[str]
    demand_nouns: frozenset[str]
    condition_marks: frozenset[str]
    scope: ScopeLexicon  # how far each marker reaches (the scope walk of ``modality``)


def _read(name: str) -> dict[str, Any]:
    try:
        text = resources.files("watchfloor.knowledge.data").joinpath(name).read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read cue lexicon: {exc}", where=name) from exc
    if not isinstance(data, dict):
        raise ConfigError("cue lexicon is not a mapping", where=name)
    return data


def _set(data: dict[str, Any], *keys: str) -> frozenset[str]:
    node: Any = data
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise ConfigError(f"cue lexicon lacks {'.'.join(keys)}")
        node = node[key]
    return frozenset(str(x).lower() for x in node)


def load_lexicon() -> CueLexicon:
    """Read both YAML lexicons into lemma sets (``Resources.load`` does, once)."""
    att = _read(ATTRIBUTION_FILE)
    mod = _read(MODALITY_FILE)
    source_nouns = {
        str(lemma).lower(): kind for kind, lemmas in att["source_nouns"].items() for lemma in lemmas
    }
    return CueLexicon(
        say_verbs=_set(att, "verbs", "say"),
        believe_verbs=_set(att, "verbs", "believe"),
        deny_verbs=_set(att, "verbs", "deny"),
        np_content_verbs=_set(att, "np_content_verbs"),
        object_cue_verbs=_set(att, "object_cue_verbs"),
        addressee_verbs=_set(att, "addressee_verbs"),
        document_nouns=_set(att, "document_nouns"),
        attitude_adjectives=_set(att, "attitude_adjectives"),
        stance_nouns=_set(att, "stance_nouns"),
        reliance_verbs=_set(att, "reliance_verbs"),
        emergence_verbs=_set(att, "emergence_verbs"),
        content_nouns={str(k).lower(): str(v) for k, v in att["content_nouns"].items()},
        source_nouns=source_nouns,
        anaphoric_determiners=_set(att, "anaphoric_determiners"),
        anaphoric_nouns=_set(att, "anaphoric_nouns"),
        hedge_adverbs=_set(mod, "speculated", "adverbs"),
        hedge_adjectives=_set(mod, "speculated", "adjectives"),
        hedge_nouns=_set(mod, "speculated", "nouns"),
        hedge_modals=_set(mod, "speculated", "modals"),
        hedge_verbs=_set(mod, "speculated", "verbs"),
        negators=_set(mod, "denied", "negators"),
        negative_determiners=_set(mod, "denied", "determiners"),
        denial_nouns=_set(mod, "denied", "nouns"),
        future_modals=_set(mod, "planned", "modals"),
        plan_verbs=_set(mod, "planned", "verbs"),
        plan_nouns=_set(mod, "planned", "nouns"),
        demand_modals=_set(mod, "demanded", "modals"),
        demand_verbs=_set(mod, "demanded", "verbs"),
        demand_nouns=_set(mod, "demanded", "nouns"),
        condition_marks=_set(mod, "conditional", "marks"),
        scope=load_scope_lexicon(),
    )
