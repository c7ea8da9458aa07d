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
