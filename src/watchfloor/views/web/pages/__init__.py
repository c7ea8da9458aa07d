"""pages: the web pages of ``watchfloor serve`` (server-rendered HTML, no JavaScript needed).

``web.app.create_app`` mounts ``routes.router`` and wraps the app in
``security.PageGuard`` (cookie login, the pages' strict CSP). See docs/ui.md.
"""
