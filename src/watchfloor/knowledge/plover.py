"""The PLOVER event ontology: types, quad classes, modes and the CAMEO mapping.

Loaded lazily, once, from ``data/plover.yaml`` (restating the PLOVER codebook,
https://github.com/openeventdata/PLOVER, CC BY-SA 4.0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.errors import ConfigError

DATA_FILE = "plover.yaml"
TYPE_COUNT = 19  # PLOVER defines exactly 19 event types


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type."""

    name: str
    quad_class: int
    cameo: tuple[str, ...]  # CAMEO roots (two digits)
    cameo_codes: tuple[str, ...]  # three-digit sub-codes when a root is split
    modes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ontology:
    """All PLOVER types by name, with a CAMEO code lookup."""

    types: dict[str, PloverType]
    version: str = ""  # the codebook version the data file restates

    def get(self, name: str) -> PloverType:
        try:
            return self.types[name]
        except KeyError:
            raise ConfigError(f"unknown PLOVER type {name!r}") from None

    def cameo_root(self, name: str) -> str | None:
        """The (first) CAMEO root of a type; None for CRIME, which has none."""
        roots = self.get(name).cameo
        return roots[0] if roots else None

    def type_for_cameo(self, code: str) -> str | None:
        """The PLOVER type of a CAMEO code ("0841" -> RETREAT); None for 01/02."""
        code = code.strip()
        if len(code) < 2 or not code[:2].isdigit():
            return None
        for t in self.types.values():
            if t.cameo_codes and any(code.startswith(c) for c in t.cameo_codes):
                return t.name
        for t in self.types.values():
            if code[:2] in t.cameo and not t.cameo_codes:
                return t.name
        return None

    def valid_mode(self, name: str, mode: str | None) -> bool:
        return mode is None or mode in self.get(name).modes


def _parse(raw: Any) -> Ontology:
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), dict):
        raise ConfigError(f"{DATA_FILE}: expected a mapping with 'types'")
    types: dict[str, PloverType] = {}
    for name, spec in raw["types"].items():
        try:
            types[name] = PloverType(
                name=name,
                quad_class=int(spec["quad_class"]),
                cameo=tuple(str(c) for c in spec.get("cameo", ())),
                cameo_codes=tuple(str(c) for c in spec.get("cameo_codes", ())),
                modes=tuple(str(m) for m in spec.get("modes", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{DATA_FILE}: bad entry for {name!r}: {exc}") from exc
    if len(types) != TYPE_COUNT:
        raise ConfigError(f"{DATA_FILE}: {len(types)} types, expected {TYPE_COUNT}")
    return Ontology(types=types, version=str(raw.get("version") or ""))


@lru_cache(maxsize=1)
def load_plover() -> Ontology:
    """The PLOVER ontology shipped with the package (read once)."""
    text = resources.files("watchfloor.knowledge").joinpath("data", DATA_FILE).read_text("utf-8")
    return _parse(yaml.safe_load(text))
