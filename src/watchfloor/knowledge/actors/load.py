"""Loading the KB: the packaged YAML, user YAML files (every mapping's line kept for
errors), the Phoenix layer's gzip JSON, the configured user files; ``load_kb`` and
``check_kb``."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.knowledge.actors.build import Builder
from watchfloor.knowledge.actors.kb import ActorKB
from watchfloor.knowledge.actors.phoenix_layer import PHOENIX
from watchfloor.knowledge.actors.schema import LAYER_PACKAGED, LAYER_USER, PACKAGED, SECTIONS

# libyaml's safe loader when PyYAML was built with it (4x faster on actors.yaml); its
# nodes carry the same marks, so line numbers are the same.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """A safe loader that records the line of every mapping under "__line__"."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"invalid YAML: {exc}".splitlines()[0], where=f"{where}{line}") from exc
    if not isinstance(data, dict):
        raise ConfigError("an actor KB file must be a mapping of sections", where=where)
    unknown = {k for k in data if not k.startswith("__")} - SECTIONS
    if unknown:
        raise ConfigError(f"unknown section(s) {sorted(unknown)}", where=where)
    data["__file__"] = where
    return data


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Any]:
    ref = resources.files("watchfloor.knowledge") / "data" / PACKAGED
    return _read_yaml(ref.read_text(encoding="utf-8"), f"watchfloor/knowledge/data/{PACKAGED}")


def _read_user(path: str) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read actor KB file: {exc}", where=path) from exc
    return _read_yaml(text, path)


def _phoenix() -> dict[str, Any] | None:
    """The generated Phoenix layer (gzip JSON), or None when the file is not installed.

    Read afresh for each KB built (``load_kb`` caches the KBs): the loader frees
    the rows' match forms once indexed, which keeps ~15 MB less per process.
    """
    ref = resources.files("watchfloor.knowledge") / "data" / PHOENIX
    if not ref.is_file():
        return None
    where = f"watchfloor/knowledge/data/{PHOENIX}"
    try:
        doc = json.loads(gzip.decompress(ref.read_bytes()))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the Phoenix actor layer: {exc}", where=where) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise ConfigError("the Phoenix actor layer must hold an 'actors' list", where=where)
    doc["__file__"] = where
    return doc


@lru_cache(maxsize=8)
def load_kb(paths: tuple[str, ...] = (), *, phoenix: bool = True) -> ActorKB:
    """The packaged actor KB plus the user YAML files ``paths`` (later files extend earlier).

    Layers, highest first: user files, the hand-curated ``actors.yaml``, the
    Phoenix import (``phoenix=False`` leaves it out). On the same id or the
    same alias the higher layer wins. Raises ConfigError naming file and line
    for any malformed entry.
    """
    docs = [(LAYER_PACKAGED, _packaged()), *((LAYER_USER, _read_user(p)) for p in paths)]
    return Builder(docs, _phoenix() if phoenix else None).build()


def check_kb(
    paths: tuple[str, ...] = (), *, phoenix: bool = True
) -> tuple[ActorKB | None, list[ConfigError]]:
    """Validate the packaged KB plus ``paths``: the KB and every error found (not just the first).

    An unreadable file or invalid YAML stops at that file; entry errors are all collected.
    """
    errors: list[ConfigError] = []
    docs: list[tuple[int, dict[str, Any]]] = []
    try:
        docs.append((LAYER_PACKAGED, _packaged()))
    except ConfigError as exc:
        errors.append(exc)
    for p in paths:
        try:
            docs.append((LAYER_USER, _read_user(p)))
        except ConfigError as exc:
            errors.append(exc)
    try:
        ph = _phoenix() if phoenix else None
    except ConfigError as exc:
        errors.append(exc)
        ph = None
    try:
        kb = Builder(docs, ph, errors).build()
    except ConfigError as exc:  # an error outside the collected entry checks
        errors.append(exc)
        kb = None
    return kb, errors


def configured_kb_paths(explicit: Iterable[str] = ()) -> tuple[str, ...]:
    """User KB files from the configuration, then ``explicit`` ones (``--kb``), de-duplicated.

    Configuration, lowest first: ``[kb] files`` of ``$XDG_CONFIG_HOME/watchfloor/config.toml``
    (``~/.config`` when unset), of ``./watchfloor.toml``, then ``$WATCHFLOOR_KB``
    (``os.pathsep``-separated). Relative paths in a config file are relative to it.
    Later files win over earlier ones (and all of them over the packaged KB).
    """
    import os

    out: list[str] = []
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    for cfg in (Path(xdg) / "watchfloor" / "config.toml", Path.cwd() / "watchfloor.toml"):
        out += _config_files(cfg)
    out += [p for p in os.environ.get("WATCHFLOOR_KB", "").split(os.pathsep) if p.strip()]
    out += list(explicit)
    return tuple(dict.fromkeys(out))


def _config_files(cfg: Path) -> list[str]:
    import tomllib

    if not cfg.is_file():
        return []
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", where=str(cfg)) from exc
    files = (data.get("kb") or {}).get("files", [])
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ConfigError("[kb] files must be a list of paths", where=str(cfg))
    return [str((cfg.parent / f) if not Path(f).is_absolute() else Path(f)) for f in files]
