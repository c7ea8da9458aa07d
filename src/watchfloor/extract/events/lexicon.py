"""The event cue lexicon (``knowledge/data/event_cues.yaml``), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.knowledge.plover import load_plover

DATA_FILE = "event_cues.yaml"


@dataclass(frozen=True, slots=True)
class Cue:
    """What a cue word codes: PLOVER type, mode (or None) and where the cue came from."""

    type: str
    mode: str | None
    source: str


@dataclass(frozen=True, slots=True)
class EventLexicon:
    verbs: dict[str, Cue]  # "attack", or "call for" (verb + particle/preposition)
    verb_objects: dict[str, Cue]  # "block road": verb lemma + direct object lemma
    nouns: dict[str, Cue]
    phrases: dict[str, Cue]  # lowercase multi-word nominal cues
    intent: frozenset[str]
    light_verbs: frozenset[str]
    agents: frozenset[str]
    reversals: frozenset[str] = frozenset()  # "lift", "call off": end the act in their object
    reversal_map: dict[str, str] = field(default_factory=dict)  # object's type -> event type
    reversal_nouns: dict[str, str] = field(default_factory=dict)  # cue noun -> event type
    refusals: frozenset[str] = frozenset()  # "fail": over a cooperative act, a REJECT
    effects: frozenset[str] = frozenset()  # "kill", "wound": the act's means wins
    future: frozenset[str] = frozenset()  # future auxiliaries ("will", "would")
    deontic: frozenset[str] = frozenset()  # modals of obligation ("must", "should")
    person_types: dict[str, str] = field(default_factory=dict)  # "villager" -> "civilian"
    violence_means: dict[str, str] = field(default_factory=dict)  # "grenade" -> ASSAULT mode
    civilian_sectors: frozenset[str] = frozenset()  # KB sectors of the unarmed ("CVL")
    armed_sectors: frozenset[str] = frozenset()  # KB sectors of armed actors ("MIL")
    conventional_means: frozenset[str] = frozenset()  # "aircraft", "gunbattle": FIGHT stays
    property_nouns: frozenset[str] = frozenset()  # "shop", "pipeline": property destroyed
    organised_crime: frozenset[str] = frozenset()  # "cartel", "cocaine": an arrest is a CRIME
    acquisitive: frozenset[str] = frozenset()  # "robber", "poacher": violence on no person
    territory_nouns: frozenset[str] = frozenset()  # "town", "base": seized ground is FIGHT
    mishaps: frozenset[str] = frozenset()  # "flood", "overturn": no one's act (no event)
    ceremonies: frozenset[str] = frozenset()  # "funeral", "campaign": a gathering, no protest
    peace_words: frozenset[str] = frozenset()  # "peace", "truce": a signed agreement is AGREE


def _groups(raw: dict[str, Any], key: str) -> dict[str, Cue]:
    """Lemma -> cue; the first group naming a lemma wins (the file is ordered)."""
    onto = load_plover()
    out: dict[str, Cue] = {}
    for group in raw.get(key) or ():
        try:
            ptype, lemmas = group["type"], group["lemmas"]
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"{DATA_FILE}: bad {key} group {group!r}") from exc
        mode = group.get("mode")
        onto.get(ptype)  # raises ConfigError on an unknown type
        if not onto.valid_mode(ptype, mode):
            raise ConfigError(f"{DATA_FILE}: mode {mode!r} is not a mode of {ptype}")
        cue = Cue(type=ptype, mode=mode, source=str(group.get("source", "")))
        for lemma in lemmas:
            out.setdefault(str(lemma).lower(), cue)
    return out


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    block = raw.get(key) or {}
    return frozenset(str(w).lower() for w in block.get("lemmas", ()))


def _type_map(raw: dict[str, Any], key: str, sub: str) -> dict[str, str]:
    """A ``{word or type: PLOVER type}`` mapping of block ``key``, types checked."""
    onto = load_plover()
    block = raw.get(key) or {}
    mapping = block.get(sub) or {}
    if not isinstance(mapping, dict):
        raise ConfigError(f"{DATA_FILE}: {key}.{sub} must be a mapping")
    out: dict[str, str] = {}
    for word, ptype in mapping.items():
        onto.get(str(ptype))  # raises ConfigError on an unknown type
        out[str(word).lower() if sub == "nouns" else str(onto.get(str(word)).name)] = str(ptype)
    return out


def _kinds(raw: dict[str, Any], key: str) -> dict[str, str]:
    """A ``{kind: [words]}`` block (its ``source`` aside) as word -> kind; first kind wins."""
    block = raw.get(key) or {}
    if not isinstance(block, dict):
        raise ConfigError(f"{DATA_FILE}: {key} must be a mapping")
    out: dict[str, str] = {}
    for kind, words in block.items():
        if kind == "source":
            continue
        if not isinstance(words, list):
            raise ConfigError(f"{DATA_FILE}: {key}.{kind} must be a list")
        for word in words:
            out.setdefault(str(word).lower(), str(kind))
    return out


def _sectors(raw: dict[str, Any], key: str) -> frozenset[str]:
    block = raw.get(key) or {}
    return frozenset(str(w).upper() for w in block.get("lemmas", ()))


def parse_lexicon(raw: Any) -> EventLexicon:
    if not isinstance(raw, dict):
        raise ConfigError(f"{DATA_FILE}: expected a mapping")
    return EventLexicon(
        verbs=_groups(raw, "verbs"),
        verb_objects={**_object_sets(raw), **_groups(raw, "verb_objects")},
        nouns=_groups(raw, "nouns"),
        phrases=_groups(raw, "phrases"),
        intent=_words(raw, "intent"),
        light_verbs=_words(raw, "light_verbs"),
        agents=_words(raw, "agents"),
        reversals=_words(raw, "reversals"),
        reversal_map=_type_map(raw, "reversals", "map"),
        reversal_nouns=_type_map(raw, "reversals", "nouns"),
        refusals=_words(raw, "refusals"),
        effects=_words(raw, "effects"),
        future=_words(raw, "future"),
        deontic=_words(raw, "deontic"),
        person_types=_kinds(raw, "person_types"),
        violence_means=_means(raw),
        civilian_sectors=_sectors(raw, "civilian_sectors"),
        armed_sectors=_sectors(raw, "armed_sectors"),
        conventional_means=_words(raw, "conventional_means"),
        property_nouns=_words(raw, "property_nouns"),
        organised_crime=_block_words(raw, "crime", "organised"),
        acquisitive=_block_words(raw, "crime", "acquisitive"),
        territory_nouns=_words(raw, "territory_nouns"),
        mishaps=_words(raw, "mishaps"),
        ceremonies=_words(raw, "ceremonies"),
        peace_words=_words(raw, "peace_words"),
    )


def _block_words(raw: dict[str, Any], key: str, sub: str) -> frozenset[str]:
    block = raw.get(key) or {}
    if not isinstance(block, dict):
        raise ConfigError(f"{DATA_FILE}: {key} must be a mapping")
    return frozenset(str(w).lower() for w in block.get(sub) or ())


def _object_sets(raw: dict[str, Any]) -> dict[str, Cue]:
    """``verb_object_sets`` expanded to "verb object" cues, every verb with every object
    (the objects listed, or the lemmas of the block ``objects_from``); the explicit
    ``verb_objects`` win over them."""
    groups: list[dict[str, Any]] = []
    for group in raw.get("verb_object_sets") or ():
        if not isinstance(group, dict) or "verbs" not in group:
            raise ConfigError(f"{DATA_FILE}: bad verb_object_sets group {group!r}")
        objects = list(group.get("objects") or ())
        if group.get("objects_from"):
            objects += sorted(_words(raw, str(group["objects_from"])))
        pairs = [f"{v} {o}" for v in group["verbs"] for o in objects]
        groups.append({**{k: group[k] for k in ("type", "mode", "source") if k in group}})
        groups[-1]["lemmas"] = pairs
    return _groups({"verb_object_sets": groups}, "verb_object_sets")


def _means(raw: dict[str, Any]) -> dict[str, str]:
    """Means noun -> ASSAULT mode, each mode checked against the ontology."""
    out = _kinds(raw, "violence_means")
    onto = load_plover()
    for mode in set(out.values()):
        if not onto.valid_mode("ASSAULT", mode):
            raise ConfigError(f"{DATA_FILE}: violence_means: {mode!r} is not an ASSAULT mode")
    return out


def load_lexicon() -> EventLexicon:
    """The cue lexicon shipped with the package (``Resources.load`` reads it, once)."""
    path = resources.files("watchfloor.knowledge").joinpath("data", DATA_FILE)
    return parse_lexicon(yaml.safe_load(path.read_text("utf-8")))


def phrase_matcher(vocab: Any, lex: EventLexicon) -> Any:
    """A PhraseMatcher (lowercase) over the lexicon's multi-word nominal cues, for a spaCy
    vocab (``Cues.phrase_matcher`` keeps one per vocab)."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase in lex.phrases:
        # words as spaCy's tokenizer splits them: "remote-controlled" is three tokens
        matcher.add(phrase, [Doc(vocab, words=_PHRASE_TOKENS.findall(phrase))])
    return matcher


_PHRASE_TOKENS = re.compile(r"[\w']+|[^\w\s]")
