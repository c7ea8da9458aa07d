"""Regenerate the Phoenix layer of the actor KB from the PETRARCH2 dictionaries.

    .venv/bin/python scripts/import_phoenix.py ../shared/data/phoenix

writes ``src/watchfloor/knowledge/data/actors_phoenix.json.gz`` (deterministic)
and prints what was converted, skipped and dropped. Same as
``watchfloor kb import-phoenix DIR``. See docs/knowledge-actors.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from watchfloor.knowledge import phoenix

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/watchfloor/knowledge/data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path, help="directory holding the Phoenix *.actors.txt files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT / phoenix.OUTPUT)
    args = ap.parse_args()
    stats = phoenix.write(args.directory, args.out)
    print(json.dumps(stats.as_dict(), indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
