"""api: the read-only REST API of ``watchfloor serve`` (FastAPI).

    from watchfloor.api import create_app
    app = create_app("watchfloor.db", token=None)   # local only without a token

See docs/api.md.
"""

from __future__ import annotations

from watchfloor.api.app import create_app

__all__ = ["create_app"]
