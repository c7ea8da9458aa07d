"""The learned event classifier: what kind of event a candidate predicate reports.

A softmax (multinomial logistic) model over the features of
``extract.event_features`` (the predicate's lemma, its dependents, their
entity and person types, the tok2vec row of en_core_web_sm), trained by
``scripts/train_events.py`` on the PLOVER gold dev split and on weak labels of
unlabelled news (docs/extract-events.md, "The classifier"). It says what
kind of event a token reports (a PLOVER type, or ``NONE``); the rules keep
the structure (who, to whom, where, when, how sure).

Given to ``events.find(..., classifier=...)``, it acts three ways (``propose``):

* a candidate no cue names is added as a trigger when the model gives it an
  event type (among ``add_types``) with probability >= ``add_threshold``;
* in a sentence where the cues coded nothing, the same at ``fallback_threshold``;
* a cue's type is replaced when the model gives another type p >= ``retype_threshold``.

The thresholds are chosen by cross-validation on the dev split and stored
with the weights (``event_model.npy``, float32: one row per sparse feature,
the dense rows, the bias) and their metadata (``event_model.json``: classes,
feature vocabulary, thresholds, the sha256 of the weights). Inference is one
gather-and-sum over the feature rows plus a 96 x C product, in numpy.

Not in the default pipeline: cross-validated on the dev split, no threshold
setting beat the rules alone (docs/extract-events.md, "The classifier"), so
``Resources`` does not load it; ``python -m watchfloor.evaluation.events
--model DIR`` measures a trained one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.extract.events import features as event_features

MODEL_JSON = "event_model.json"
MODEL_NPY = "event_model.npy"
NONE = "NONE"


@dataclass(frozen=True, eq=False)
class EventClassifier:
    """Weights rows: one per sparse feature, then ``TENSOR_WIDTH`` dense rows, then the bias."""

    classes: tuple[str, ...]
    index: dict[str, int]
    weights: Any  # numpy float32 array (len(index) + TENSOR_WIDTH + 1, len(classes))
    nouns: frozenset[str]  # noun lemmas that are candidates
    person_types: dict[str, str]
    add_threshold: float
    retype_threshold: float
    fallback_threshold: float
    meta: dict[str, Any]
    add_types: frozenset[str] = frozenset()  # types it may add (empty: any)

    def proba(self, parsed: Any, rows: list[int]) -> Any:
        """Class probabilities (len(rows) x len(classes)) of candidate tokens ``rows``."""
        import numpy as np

        n_sparse = len(self.index)
        dense_w = self.weights[n_sparse : n_sparse + event_features.TENSOR_WIDTH]
        logits = event_features.dense(parsed, rows) @ dense_w + self.weights[-1]
        flat: list[int] = []
        seg: list[int] = []
        for k, i in enumerate(rows):
            for f in event_features.features(parsed, i, self.person_types):
                j = self.index.get(f)
                if j is not None:
                    flat.append(j)
                    seg.append(k)
        if flat:
            np.add.at(logits, np.asarray(seg), self.weights[np.asarray(flat)])
        logits -= logits.max(axis=1, keepdims=True)
        out = np.exp(logits)
        out /= out.sum(axis=1, keepdims=True)
        return out


@dataclass(frozen=True)
class Proposal:
    """What the model says of one candidate token."""

    i: int  # token index
    type: str  # PLOVER type (never NONE)
    p: float


def propose(
    model: EventClassifier,
    parsed: Any,
    start: int,
    end: int,
    cue_types: dict[int, str],
    fallback: bool = False,
) -> tuple[list[Proposal], list[Proposal]]:
    """(additions, retypings) for the tokens ``[start, end)`` of one sentence.

    ``cue_types`` maps the token index of each cue trigger to its type. An
    addition is a candidate with no cue whose best class is an event type with
    p >= add_threshold; a retyping is a cue whose best class is another event
    type with p >= retype_threshold. With ``fallback`` (the cues coded nothing in
    the sentence), additions need p >= fallback_threshold instead.
    """
    add_at = model.fallback_threshold if fallback else model.add_threshold
    rows = event_features.candidates(parsed, start, end, model.nouns)
    rows = sorted(set(rows) | set(cue_types))
    if not rows:
        return [], []
    probs = model.proba(parsed, rows)
    best = probs.argmax(axis=1)
    adds: list[Proposal] = []
    retypes: list[Proposal] = []
    for k, i in enumerate(rows):
        label, p = model.classes[int(best[k])], float(probs[k, best[k]])
        if label == NONE:
            continue
        if i not in cue_types:
            if p >= add_at and (not model.add_types or label in model.add_types):
                adds.append(Proposal(i, label, p))
        elif label != cue_types[i] and p >= model.retype_threshold:
            retypes.append(Proposal(i, label, p))
    return adds, retypes


def from_arrays(meta: dict[str, Any], weights: Any) -> EventClassifier:
    """An EventClassifier from its metadata and weight matrix (as training makes them)."""
    features = meta["features"]
    classes = tuple(meta["classes"])
    expected = (len(features) + event_features.TENSOR_WIDTH + 1, len(classes))
    if tuple(weights.shape) != expected:
        raise ConfigError(f"{MODEL_NPY}: shape {weights.shape}, expected {expected}")
    return EventClassifier(
        classes=classes,
        index={f: j for j, f in enumerate(features)},
        weights=weights,
        nouns=frozenset(meta["nouns"]),
        person_types=dict(meta["person_types"]),
        add_threshold=float(meta["add_threshold"]),
        retype_threshold=float(meta["retype_threshold"]),
        fallback_threshold=float(meta["fallback_threshold"]),
        add_types=frozenset(meta.get("add_types", ())),
        meta={k: v for k, v in meta.items() if k not in ("features", "nouns", "person_types")},
    )


def load_classifier(directory: str | Path) -> EventClassifier:
    """A classifier written by ``scripts/train_events.py`` into ``directory``; its
    weights must match the sha256 its metadata records."""
    import io

    import numpy as np

    folder = Path(directory)
    try:
        meta = json.loads((folder / MODEL_JSON).read_text("utf-8"))
        raw = (folder / MODEL_NPY).read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"event model missing: {exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta.get("weights_sha256"):
        raise ConfigError(f"{folder / MODEL_NPY}: sha256 {digest} does not match {MODEL_JSON}")
    return from_arrays(meta, np.load(io.BytesIO(raw), allow_pickle=False))
