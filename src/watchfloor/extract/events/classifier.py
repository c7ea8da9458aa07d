"""The learned event classifier: what kind of event a candidate predicate reports.

A softmax (multinomial logistic) model over the features of
``extract.events.features`` (the predicate's lemma, its dependents, their
entity and person types, the tok2vec row of en_core_web_sm, small word
vectors), trained by ``scripts/train_events.py`` on the PLOVER gold dev split,
hand-written sentences and weak labels of unlabelled news (docs/extract-events.md, "The classifier"). It says what
kind of event a token reports (a PLOVER type, or ``NONE``); the rules keep
the structure (who, to whom, where, when, how sure).

Given to ``events.find(..., classifier=...)``, it acts three ways (``propose``):

* a candidate no cue names is added as a trigger when the model gives it an
  event type (among ``add_types``) with probability >= ``add_threshold``;
* in a sentence where the cues coded nothing, the same at ``fallback_threshold``;
* a cue's type is replaced when the model gives another type p >= ``retype_threshold``;
* an event whose participants the rules cannot name is kept when the model
  says its trigger reports an event (1 - p(NONE)) with p >= ``alone_threshold``.

The thresholds are chosen by cross-validation on the dev split and stored
with the weights (``event_model.npy``, float32: one row per sparse feature,
the dense rows, the bias) and their metadata (``event_model.json``: classes,
feature vocabulary, thresholds, the sha256 of the weights). Inference is one
gather-and-sum over the feature rows plus a (96 + 3 x 48) x C product, in numpy;
the 48-float word vectors of the predicate, its object and its subject come
from ``extract.events.vectors``.

The shipped model (``knowledge/data/event_model.{json,npy}``) is loaded by
``extract.pipeline.Resources`` (``load_shipped``) and given to the events stage
of every document; ``python -m watchfloor.evaluation.events --model DIR``
measures another one, ``--model none`` the rules alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchfloor.errors import ConfigError
from watchfloor.extract.events import features as event_features
from watchfloor.extract.events.vectors import WordVectors, load_vectors

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

MODEL_JSON = "event_model.json"
MODEL_NPY = "event_model.npy"
NONE = "NONE"


@dataclass(frozen=True, eq=False)
class EventClassifier:
    """Weights rows: one per sparse feature, then the dense rows (``TENSOR_WIDTH`` of the
    tok2vec, then the word vectors of the slots when ``vectors``), then the bias."""

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
    # an event with no participant is kept when the model says "an event" this surely
    alone_threshold: float = 1.01
    vectors: WordVectors | None = None

    def proba(self, parsed: SpacyDoc, rows: list[int]) -> Any:
        """Class probabilities (len(rows) x len(classes)) of candidate tokens ``rows``."""
        import numpy as np

        n_sparse = len(self.index)
        feats = [event_features.features(parsed, i, self.person_types) for i in rows]
        dense = event_features.dense(parsed, rows)
        if self.vectors is not None:
            dense = np.hstack([dense, np.stack([self.vectors.slots(f) for f in feats])])
        logits = dense @ self.weights[n_sparse:-1] + self.weights[-1]
        flat: list[int] = []
        seg: list[int] = []
        for k, fs in enumerate(feats):
            for f in fs:
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


@dataclass(frozen=True)
class Proposals:
    """What the model says of the candidates of one sentence."""

    adds: list[Proposal]  # candidates no cue names, given an event type
    retypes: list[Proposal]  # cues given another event type
    event_p: dict[int, float]  # token index -> probability that it reports an event


def propose(
    model: EventClassifier,
    parsed: SpacyDoc,
    start: int,
    end: int,
    cue_types: dict[int, str],
    fallback: bool = False,
) -> Proposals:
    """Additions, retypings and event probabilities for the tokens ``[start, end)``.

    ``cue_types`` maps the token index of each cue trigger to its type. An
    addition is a candidate with no cue whose best class is an event type with
    p >= add_threshold; a retyping is a cue whose best class is another event
    type with p >= retype_threshold. With ``fallback`` (the cues coded nothing in
    the sentence), additions need p >= fallback_threshold instead. The event
    probability of a candidate is 1 - p(NONE).
    """
    add_at = model.fallback_threshold if fallback else model.add_threshold
    rows = event_features.candidates(parsed, start, end, model.nouns)
    rows = sorted(set(rows) | set(cue_types))
    if not rows:
        return Proposals([], [], {})
    probs = model.proba(parsed, rows)
    best = probs.argmax(axis=1)
    adds: list[Proposal] = []
    retypes: list[Proposal] = []
    none = model.classes.index(NONE)
    event_p = {i: 1.0 - float(probs[k, none]) for k, i in enumerate(rows)}
    for k, i in enumerate(rows):
        label, p = model.classes[int(best[k])], float(probs[k, best[k]])
        if label == NONE:
            continue
        if i not in cue_types:
            if p >= add_at and (not model.add_types or label in model.add_types):
                adds.append(Proposal(i, label, p))
        elif label != cue_types[i] and p >= model.retype_threshold:
            retypes.append(Proposal(i, label, p))
    return Proposals(adds, retypes, event_p)


def dense_width(vectors: WordVectors | None) -> int:
    """Dense inputs of a model: the tok2vec row, and the slots' word vectors if any."""
    from watchfloor.extract.events.vectors import SLOTS

    return event_features.TENSOR_WIDTH + (len(SLOTS) * vectors.width if vectors else 0)


def from_arrays(
    meta: dict[str, Any], weights: Any, vectors: WordVectors | None = None
) -> EventClassifier:
    """An EventClassifier from its metadata and weight matrix (as training makes them)."""
    features = meta["features"]
    classes = tuple(meta["classes"])
    if (vectors is None) != (meta.get("vectors_sha256") is None):
        raise ConfigError(f"{MODEL_JSON}: word vectors given and recorded disagree")
    if vectors is not None and vectors.digest != meta["vectors_sha256"]:
        raise ConfigError(f"{MODEL_JSON}: trained with other word vectors")
    expected = (len(features) + dense_width(vectors) + 1, len(classes))
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
        alone_threshold=float(meta.get("alone_threshold", 1.01)),
        vectors=vectors,
        add_types=frozenset(meta.get("add_types", ())),
        meta={k: v for k, v in meta.items() if k not in ("features", "nouns", "person_types")},
    )


def load_shipped() -> EventClassifier:
    """The model shipped in ``watchfloor/knowledge/data`` (``scripts/train_events.py``)."""
    from importlib import resources

    with resources.as_file(resources.files("watchfloor.knowledge").joinpath("data")) as folder:
        return load_classifier(folder)


def load_classifier(directory: str | Path) -> EventClassifier:
    """A classifier written by ``scripts/train_events.py`` into ``directory``; its
    weights (and the word vectors beside them, when it uses some) must match the
    sha256 its metadata records."""
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
    vectors = load_vectors(folder) if meta.get("vectors_sha256") else None
    return from_arrays(meta, np.load(io.BytesIO(raw), allow_pickle=False), vectors)
