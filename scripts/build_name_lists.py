"""Build the list of names that are people's names or ordinary words as well as places.

    .venv/bin/python -m pip install names==0.3.0 english-words==2.0.2   # build time only
    .venv/bin/python scripts/build_name_lists.py

Writes ``src/watchfloor/knowledge/data/name_words.tsv``: one folded name a
line, a tab, and its flags (deterministic: same inputs, same bytes):

* ``F``: a common first name: every name of the 1990 US Census first-name
  lists (``dist.male.first``, ``dist.female.first``; public domain, as shipped
  by the ``names`` 0.3.0 package, MIT);
* ``S``: a common surname: the SURNAME_RANK most frequent names of the 1990
  US Census surname list (``dist.all.last``, same package);
* ``W``: an ordinary English word that is also the one-word name of a place
  in the gazetteer: a lower-case entry (or the plural of one) of Webster's
  Second International Dictionary word list ``web2`` (public domain, as
  shipped by ``english-words`` 2.0.2, MIT), kept only when the gazetteer has
  a one-word place of that name (the list stays small; rebuild it after the
  gazetteer changes).

The places stage (``extract/places/names.py``) reads it: a toponym that is
one of these needs support from the article before it is read as a place.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import english_words
import names

from watchfloor.knowledge.gazetteer import GeoNamesRows, fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "watchfloor" / "knowledge" / "data" / "name_words.tsv"
GAZETTEER = ROOT / "src" / "watchfloor" / "knowledge" / "data" / "gazetteer_geonames.tsv.gz"
CENSUS = Path(names.__file__).parent
# Surnames kept, most frequent first: rank 10,000 is a name borne by about 1
# in 50,000 people ("Jackman" ranks 4,723, "Bello" 3,001); rarer ones add
# little and triple the list.
SURNAME_RANK = 10_000
# Shortest word kept: shorter ones are abbreviations in web2.
MIN_WORD_CHARS = 2


def census(name: str, limit: int | None = None) -> set[str]:
    """Folded names of one census list (first column), the ``limit`` most frequent."""
    lines = (CENSUS / name).read_text(encoding="ascii").splitlines()
    return {fold(line.split()[0]) for line in lines[:limit] if line.strip()}


def gazetteer_words() -> set[str]:
    """Every one-word name key of the gazetteer (its packed name index)."""
    rows = GeoNamesRows.read(gzip.decompress(GAZETTEER.read_bytes()).decode("utf-8"))
    return {k for k in rows.index if " " not in k}


def ordinary_words(places: set[str]) -> set[str]:
    """web2's lower-case words (and their plurals) that are one-word place names."""
    web2 = english_words.get_english_words_set(["web2"], alpha=True)
    lower = {w for w in web2 if w.islower() and len(w) >= MIN_WORD_CHARS}
    return {k for k in places if k in lower or (k.endswith("s") and k[:-1] in lower)}


def main() -> None:
    flags: dict[str, set[str]] = {}
    first = census("dist.male.first") | census("dist.female.first")
    for key, flag in (
        *((k, "F") for k in first),
        *((k, "S") for k in census("dist.all.last", SURNAME_RANK)),
        *((k, "W") for k in ordinary_words(gazetteer_words())),
    ):
        flags.setdefault(key, set()).add(flag)
    lines = [f"{k}\t{''.join(sorted(v))}" for k, v in sorted(flags.items())]
    header = (
        "# name_words.tsv: folded name, flags (F first name, S surname: 1990 US Census,"
        " public domain; W ordinary word: web2, public domain). Built by"
        " scripts/build_name_lists.py\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} names")


if __name__ == "__main__":
    main()
