"""The web pages' guard: the token as a cookie, /login, and the pages' CSP.

It wraps the API's Guard (watchfloor.views.web.security), which still checks every
request (token or loopback Host) and adds the security headers. For the pages
(every path outside /api, /openapi.json and /docs) it adds:

* ``GET /login?token=...``: with the right token (compared in constant time)
  it sets an HttpOnly, SameSite=Strict cookie holding a key derived from the
  token (HMAC-SHA256, never the token itself) and redirects to ``/``;
  otherwise a 401 page. Without a token configured it just redirects.
* A page request carrying that cookie and no Authorization header is passed
  on with ``Authorization: Bearer <token>``, so the API's Guard accepts it.
  A page request with neither gets a 401 page pointing at /login.
* The pages' Content-Security-Policy: scripts only from this server's files (no inline
  script, no eval), fetches only to it, styles and images
  from this server only, forms only to this server, no framing.
"""

from __future__ import annotations

import hashlib
import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from markupsafe import escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from watchfloor.views.web.security import HEADERS

# Scripts only from this server's files (no inline script, no eval), fetches only to it.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
COOKIE = "watchfloor_session"
API_PATHS = ("/openapi.json", "/docs", "/docs/oauth2-redirect")
STATIC = "/ui/static/"


def is_page(path: str) -> bool:
    """Whether ``path`` is one of the web pages (not the JSON API or its docs)."""
    return not (path == "/api" or path.startswith("/api/") or path in API_PATHS)


def session_key(token: str) -> str:
    """What the cookie holds: a key derived from the token, useless as a Bearer token."""
    return hmac.new(token.encode(), b"watchfloor-ui-session", hashlib.sha256).hexdigest()


class PageGuard:
    """Cookie login and the strict CSP for the HTML pages; outermost middleware."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token
        self.key = session_key(token).encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_page(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/login":
            await self._login(scope, send)
            return
        if self.token is not None:
            headers = list(scope.get("headers", []))
            if not any(k == b"authorization" for k, _ in headers):
                # The stylesheet holds no data: served to the sign-in page too.
                public = scope["path"].startswith(STATIC)
                if not public and not self._has_session(headers):
                    await _page(send, 401, "Sign in", _SIGN_IN)
                    return
                headers.append((b"authorization", b"Bearer " + self.token.encode()))
                scope = {**scope, "headers": headers}

        async def send_with_csp(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"content-security-policy"
                ]
                headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_csp)

    def _has_session(self, headers: list[tuple[bytes, bytes]]) -> bool:
        assert self.key is not None
        for k, v in headers:
            if k != b"cookie":
                continue
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(v.decode("latin-1"))
            except Exception:  # a malformed Cookie header is no session
                continue
            morsel = cookie.get(COOKIE)
            if morsel is not None and hmac.compare_digest(morsel.value.encode(), self.key):
                return True
        return False

    async def _login(self, scope: Scope, send: Send) -> None:
        if self.token is None:
            await _redirect(send, "/", None)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [])
        if len(given) == 1 and hmac.compare_digest(given[0].encode(), self.token.encode()):
            assert self.key is not None
            cookie = f"{COOKIE}={self.key.decode()}; Path=/; HttpOnly; SameSite=Strict"
            await _redirect(send, "/", cookie)
            return
        status = 401 if given else 200
        body = _WRONG if given else ""
        await _page(send, status, "Sign in", body + _SIGN_IN)


_SIGN_IN = (
    "<p>This watchfloor needs its token. Open <code>/login?token=YOUR_TOKEN</code>, or use "
    "this form (the token goes in the address, so the server's access log sees it):</p>"
    '<form method="get" action="/login"><label>Token <input type="password" name="token" '
    'autocomplete="off"></label> <button>Sign in</button></form>'
)
_WRONG = "<p><strong>Wrong token.</strong></p>"


def _security_headers(extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [*extra, (b"content-security-policy", PAGE_CSP.encode()), *HEADERS]


async def _redirect(send: Send, location: str, cookie: str | None) -> None:
    extra = [(b"location", location.encode()), (b"content-length", b"0")]
    if cookie is not None:
        extra.append((b"set-cookie", cookie.encode()))
    await send({"type": "http.response.start", "status": 303, "headers": _security_headers(extra)})
    await send({"type": "http.response.body", "body": b""})


async def _page(send: Send, status: int, title: str, body_html: str) -> None:
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} · watchfloor</title>"
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="/ui/static/ui.css"></head><body><main class="narrow">'
        f"<h1>{escape(title)}</h1>{body_html}</main></body></html>"
    ).encode()
    extra = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(html)).encode()),
    ]
    if status == 401:
        extra.append((b"www-authenticate", b'Bearer realm="watchfloor"'))
    await send(
        {"type": "http.response.start", "status": status, "headers": _security_headers(extra)}
    )
    await send({"type": "http.response.body", "body": html})
