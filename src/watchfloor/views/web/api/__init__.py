"""api: the REST API of ``watchfloor serve`` under /api (routes, response models). See docs/api.md."""
