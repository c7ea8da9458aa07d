"""web: ``watchfloor serve``: the read-only REST API (``api``) and the web pages (``pages``)
over one store, mounted by one app (``app.create_app``) behind one set of guards
(``security``: token beyond localhost, Host check, strict CSP).

    from watchfloor.views.web import create_app
    app = create_app("watchfloor.db", token=None)   # local only without a token

See docs/api.md and docs/ui.md.
"""

from __future__ import annotations

from watchfloor.views.web.app import create_app

__all__ = ["create_app"]
