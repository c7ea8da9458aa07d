"""ui: the web pages of ``watchfloor serve`` (server-rendered HTML, no JavaScript).

``create_app`` (watchfloor.api) mounts ``router`` and wraps the app in
``PageGuard`` (cookie login, the pages' strict CSP). See docs/ui.md.
"""

from __future__ import annotations

from watchfloor.ui.routes import router
from watchfloor.ui.security import PageGuard

__all__ = ["PageGuard", "router"]
