"""watchfloor: a sourced, geolocated, time-resolved picture of a security situation.

The public Python API (docs/python.md)::

    import watchfloor

    doc, reading = watchfloor.read("Gunmen attacked a checkpoint in Kirkuk on Friday.",
                                   dct="2019-03-10")
    for event in reading.events:
        print(event.event, event.modality.value, event.trigger.text)

    pairs = list(watchfloor.read_many(texts))              # batches: texts, records, Documents
    frames = watchfloor.tables.frames(pairs)               # pandas DataFrames of every table

    with watchfloor.Store.open("watchfloor.db") as store:  # or postgresql://...
        store.add(doc, reading)
        store.events(event="ASSAULT")

``Resources.load()`` loads the model, actor KB and gazetteer once (``read``
does so itself on first use); ``ingest_inputs`` and ``read_paths`` run files,
directories, URLs and feeds the way ``watchfloor ingest`` and ``watchfloor
read`` do. Names are imported on first use, so ``import watchfloor`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from watchfloor import tables
    from watchfloor.errors import (
        ConfigError,
        ExtractionError,
        InputError,
        StoreError,
        WatchfloorError,
    )
    from watchfloor.extract.pipeline import Resources
    from watchfloor.flow import Callbacks, Inputs, Tally
    from watchfloor.flow import ingest as ingest_inputs
    from watchfloor.flow import read_inputs as read_paths
    from watchfloor.flow.reading import read, read_many
    from watchfloor.store import Store
    from watchfloor.vocab import Document, Event, Reading

_PUBLIC = {
    "read": ("watchfloor.flow.reading", "read"),
    "read_many": ("watchfloor.flow.reading", "read_many"),
    "read_paths": ("watchfloor.flow", "read_inputs"),
    "ingest_inputs": ("watchfloor.flow", "ingest"),
    "Inputs": ("watchfloor.flow", "Inputs"),
    "Callbacks": ("watchfloor.flow", "Callbacks"),
    "Tally": ("watchfloor.flow", "Tally"),
    "Resources": ("watchfloor.extract.pipeline", "Resources"),
    "Store": ("watchfloor.store", "Store"),
    "Document": ("watchfloor.vocab", "Document"),
    "Reading": ("watchfloor.vocab", "Reading"),
    "Event": ("watchfloor.vocab", "Event"),
    "WatchfloorError": ("watchfloor.errors", "WatchfloorError"),
    "InputError": ("watchfloor.errors", "InputError"),
    "ConfigError": ("watchfloor.errors", "ConfigError"),
    "StoreError": ("watchfloor.errors", "StoreError"),
    "ExtractionError": ("watchfloor.errors", "ExtractionError"),
    "tables": ("watchfloor.tables", None),
}

__all__ = [
    "Callbacks",
    "ConfigError",
    "Document",
    "Event",
    "ExtractionError",
    "InputError",
    "Inputs",
    "Reading",
    "Resources",
    "Store",
    "StoreError",
    "Tally",
    "WatchfloorError",
    "__version__",
    "ingest_inputs",
    "read",
    "read_many",
    "read_paths",
    "tables",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'watchfloor' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    found = value if attr is None else getattr(value, attr)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted(__all__)
