"""Small word vectors for the event classifier: a word's meaning as a few floats.

``knowledge/data/event_vectors.npy`` (float16, one row per distinct vector) and
``event_vectors.words.gz`` (``word<TAB>row`` lines) are built once by
``scripts/build_event_vectors.py`` from the static vectors of spaCy's
``en_core_web_md`` 3.8 (Explosion Vectors, CC0; the model package MIT),
reduced by PCA; only lowercase words are kept. They let the classifier give a
verb or noun it never saw labelled the type of its neighbours in meaning
("slaughtered" near "massacred").

``slots`` reads, from a candidate's sparse features (``extract.events.features``),
the words whose vectors the classifier sees: the predicate itself, its object
and its subject, so training (from stored features) and run time compute the
same floats.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchfloor.errors import ConfigError

VECTORS_NPY = "event_vectors.npy"
VECTORS_WORDS = "event_vectors.words.gz"
# Feature prefixes naming the word of each slot, in order of preference.
SLOTS: tuple[tuple[str, ...], ...] = (
    ("l=",),  # the predicate's lemma
    ("dobj=", "nsubjpass=", "attr=", "p:of="),  # what the act is done to
    ("nsubj=", "p:by="),  # who does it
)


@dataclass(frozen=True, eq=False)
class WordVectors:
    index: dict[str, int]  # word -> row
    table: Any  # numpy float32 (rows, width)
    digest: str  # sha256 of the two files, as the model metadata records it

    @property
    def width(self) -> int:
        return int(self.table.shape[1])

    def slots(self, feats: list[str]) -> Any:
        """The vectors of the slot words of a candidate, concatenated (zeros where none)."""
        import numpy as np

        out = np.zeros(len(SLOTS) * self.width, dtype=np.float32)
        for s, prefixes in enumerate(SLOTS):
            row = self._row(feats, prefixes)
            if row is not None:
                out[s * self.width : (s + 1) * self.width] = self.table[row]
        return out

    def _row(self, feats: list[str], prefixes: tuple[str, ...]) -> int | None:
        for prefix in prefixes:
            for f in feats:
                if f.startswith(prefix):
                    row = self.index.get(f[len(prefix) :])
                    if row is not None:
                        return row
        return None


def digest_of(folder: Path) -> str:
    h = hashlib.sha256()
    for name in (VECTORS_NPY, VECTORS_WORDS):
        h.update((folder / name).read_bytes())
    return h.hexdigest()


def load_vectors(directory: str | Path) -> WordVectors:
    """The word vectors in ``directory`` (as ``scripts/build_event_vectors.py`` writes them)."""
    import io

    import numpy as np

    folder = Path(directory)
    try:
        raw = (folder / VECTORS_NPY).read_bytes()
        words = gzip.decompress((folder / VECTORS_WORDS).read_bytes()).decode("utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"event vectors missing: {exc}") from exc
    table = np.load(io.BytesIO(raw), allow_pickle=False).astype(np.float32)
    index = {}
    for line in words.splitlines():
        word, _, row = line.partition("\t")
        index[word] = int(row)
    return WordVectors(index=index, table=table, digest=digest_of(folder))
