"""flow: the library layer that runs inputs -> documents -> readings -> store.

What the CLI, watches, bulk jobs, the API and a notebook all call; it prints
nothing and exits nothing. Failures and notices reach the caller through
``Callbacks`` (each failure names its input); counts come back in a ``Tally``.

    from watchfloor.flow import Inputs, ingest, read_inputs, load_resources
    res = load_resources()
    for document, reading in read_inputs(Inputs(("article.txt",)), res):
        ...
    with Store.open("watchfloor.db") as store:
        tally = ingest(store, Inputs(("articles/",)), res)

May import every layer below it (ingest, extract, store, link); never views or
the CLI.
"""

from __future__ import annotations

from watchfloor.flow.inputs import Callbacks, Inputs, Tally, documents, load_resources
from watchfloor.flow.run import ingest, read_inputs

__all__ = [
    "Callbacks",
    "Inputs",
    "Tally",
    "documents",
    "ingest",
    "load_resources",
    "read_inputs",
]
