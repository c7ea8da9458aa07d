"""Where the gold corpora are, and reading them: one place for every evaluation."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError


def shared_dir() -> Path:
    """``$WATCHFLOOR_SHARED``, else ``../shared`` beside the repository."""
    root = Path(__file__).resolve().parents[3]
    return Path(os.environ.get("WATCHFLOOR_SHARED", root.parent / "shared"))


def eval_path(*parts: str) -> Path:
    """A file or folder of ``shared/eval``: ``eval_path("temporal", "timebank.jsonl")``."""
    return shared_dir().joinpath("eval", *parts)


def records(
    path: Path,
    limit: int | None = None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """The JSON records of a JSONL corpus, in order: the first ``limit`` of those
    ``keep`` accepts. A missing or malformed file is an InputError naming it."""
    kept = 0
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if limit is not None and kept >= limit:
                    return
                if not line.strip():
                    continue
                record = json.loads(line)
                if keep is None or keep(record):
                    kept += 1
                    yield record
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read evaluation corpus: {exc}", where=str(path)) from exc


def parse_cache_dir() -> Path:
    """Where evaluations keep spaCy parses between runs: ``$WATCHFLOOR_EVAL_CACHE``,
    else ``watchfloor-eval-cache`` in the system's temporary folder (never the repo)."""
    import tempfile

    default = Path(tempfile.gettempdir()) / "watchfloor-eval-cache"
    return Path(os.environ.get("WATCHFLOOR_EVAL_CACHE", default))


def parsed(texts: list[str], nlp: Any) -> list[Any]:
    """``nlp.pipe(texts)``, cached on disk as a spaCy DocBin.

    Only parses are cached, never readings (the tok2vec tensor, which a DocBin
    does not keep, is recomputed on load): a parse depends on the text, the
    pinned model and our pipeline code (``extract/nlp.py``), which make the
    key; the extractors always run on the current code, so a quality gate
    never scores stale output.
    """
    import hashlib

    from spacy.tokens import DocBin

    from watchfloor.extract import nlp as nlp_module

    key = hashlib.sha256()
    key.update(Path(nlp_module.__file__).read_bytes())
    key.update(str(nlp.meta.get("version")).encode() + nlp_module.MODEL_DIR.encode())
    for text in texts:
        key.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    path = parse_cache_dir() / f"parses_{key.hexdigest()[:24]}.spacy"
    if path.is_file():
        cached = DocBin().from_disk(path).get_docs(nlp.vocab)
        # A DocBin keeps no doc.tensor; the event classifier reads it: the tok2vec
        # pipe gives it back, equal to the full pipeline's.
        if "tok2vec" in nlp.pipe_names:
            return list(nlp.get_pipe("tok2vec").pipe(cached))
        return list(cached)
    docs = list(nlp.pipe(texts, batch_size=32))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    DocBin(docs=docs, store_user_data=False).to_disk(partial)
    partial.replace(path)
    return docs
