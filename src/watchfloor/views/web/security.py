"""The API's guards, as one ASGI middleware wrapping the whole app.

* **Token.** With a token, every request needs ``Authorization: Bearer
  <token>``; anything else gets 401 (compared in constant time,
  ``hmac.compare_digest``).
* **Host.** Without a token the API is local only: requests whose ``Host``
  header is not a loopback name get 400, so a web page cannot reach it by
  DNS rebinding (a hostile name resolving to 127.0.0.1).
* **Headers.** Every response, errors and streams included, carries a strict
  Content-Security-Policy (``default-src 'none'; frame-ancestors 'none'``),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, and
  is never cached. The optional ``/docs`` page (off by default) gets the one
  CSP that lets FastAPI's Swagger UI load its assets from its CDN.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# FastAPI's Swagger UI page: its script and styles from jsdelivr, an inline
# bootstrap script, the schema from this server. Only served with --docs.
DOCS_CSP = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)
LOCAL_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1), brackets allowed."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(value: str) -> str:
    """The name part of a Host header: "127.0.0.1:8765" -> "127.0.0.1", "[::1]:80" -> "[::1]"."""
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """Token check, Host check and security headers for every HTTP response."""

    def __init__(self, app: ASGIApp, token: str | None, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.expected = token.encode() if token else None
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in self.docs_paths else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {b"content-security-policy", *(h for h, _ in HEADERS)}
                ]
                headers += [(b"content-security-policy", csp.encode()), *HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            status, detail, extra = refusal
            body = json.dumps({"detail": detail}).encode()
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        *extra,
                    ],
                }
            )
            await send_with_headers({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        headers = scope.get("headers", [])
        if self.expected is None:
            host = next((v for k, v in headers if k == b"host"), b"").decode("latin-1")
            if not is_loopback(_host_name(host)):
                return 400, "this API answers local requests only (Host is not a loopback name)", []
            return None
        given = [v for k, v in headers if k == b"authorization"]
        scheme, _, credentials = given[0].partition(b" ") if len(given) == 1 else (b"", b"", b"")
        # The scheme is case-insensitive (RFC 9110); the token is compared in constant time.
        if scheme.lower() != b"bearer" or not hmac.compare_digest(credentials, self.expected):
            return (
                401,
                "a valid 'Authorization: Bearer <token>' header is required",
                [(b"www-authenticate", b'Bearer realm="watchfloor"')],
            )
        return None
