"""Bulk jobs: inputs read on a ``dask.distributed`` cluster into Parquet tables, exactly once.

What ``watchfloor bulk`` runs (docs/bulk.md, docs/scale.md)::

    from watchfloor.flow import Inputs
    from watchfloor.flow.bulk import Cluster, run_bulk
    tally = run_bulk(Inputs(("articles/",)), "out", cluster=Cluster(workers=2))

``plan`` cuts the inputs into partitions with ids a rerun finds again;
``worker`` is what runs on the workers (the resources plugin, the task);
``output`` owns the output folder and its atomic writes; ``job`` drives the
cluster; ``load`` puts the results into the store and links them. Needs the
``bulk`` extra (``dask`` and ``distributed``), imported only when a job runs.
"""

from __future__ import annotations

from watchfloor.flow.bulk.job import BulkCallbacks, BulkTally, Cluster, run_bulk
from watchfloor.flow.bulk.plan import MIN_PARTITION_DOCS, MIN_PARTITIONS, PARTITION_DOCS
from watchfloor.flow.parallel import available_cpus

__all__ = [
    "MIN_PARTITIONS",
    "MIN_PARTITION_DOCS",
    "PARTITION_DOCS",
    "BulkCallbacks",
    "BulkTally",
    "Cluster",
    "available_cpus",
    "run_bulk",
]
