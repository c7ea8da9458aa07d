"""views: what users see of the store: reports, the web API and pages, watches, exports.

    views.report   situation reports (Markdown, self-contained HTML)
    views.web      ``watchfloor serve``: the REST API and the web pages, mounted by one app
    views.watch    saved queries that fire alerts
    views.common   what they share: the export formats (JSONL, PLOVER, CSV, GeoJSON,
                   Parquet: ``watchfloor export`` and the API), untrusted text made safe,
                   the SVG map and timeline,
                   saved watches (the query every view filters by), and the
                   queries that join the store's SQL with linking

May import every layer below (``flow``, ``link``, ``store``, ``extract``,
``ingest``, ``knowledge``, ``vocab``); a view imports ``views.common``, never
another view's modules (tests/test_layers.py keeps it so).
"""
