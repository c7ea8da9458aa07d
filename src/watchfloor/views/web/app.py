"""``create_app(db_url, token=None)``: the FastAPI application of ``watchfloor serve``.

The app opens the store once (``Store.open``) and serves it read-only; the
routes are in watchfloor.views.web.api.routes, the guards (token, Host, security
headers) in watchfloor.views.web.security. See docs/api.md.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from watchfloor import __version__
from watchfloor.errors import NotFoundError, StoreError
from watchfloor.link.facts import facts_pending
from watchfloor.store import Store
from watchfloor.views.web.api.filtered import router as filtered_router
from watchfloor.views.web.api.routes import router
from watchfloor.views.web.pages.routes import router as ui_router
from watchfloor.views.web.pages.security import PageGuard
from watchfloor.views.web.pages.workbench import router as workbench_router
from watchfloor.views.web.security import Guard

DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")
DESCRIPTION = """Read-only access to a watchfloor store: documents and their readings
(the output contract), events, claims with their source chains, actors,
places, search and exports. Article text is untrusted and always returned as
JSON strings. See docs/api.md."""


def create_app(db_url: str, token: str | None = None, *, docs: bool = False) -> FastAPI:
    """The API over the store at ``db_url``.

    ``token``: when given, every request needs ``Authorization: Bearer
    <token>``; without one, only requests addressed to a loopback Host are
    answered. ``docs``: serve the Swagger UI at /docs (it loads its assets
    from a CDN, so it is off by default; /openapi.json is always served).
    Raises StoreError when the store cannot be opened.
    """
    if token is not None and not token:
        raise ValueError("an empty token protects nothing")
    store = Store.open(db_url)
    facts_pending(store)  # link facts of documents stored before schema 0007 (once)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="watchfloor",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.include_router(router)
    app.include_router(filtered_router)  # events, map, timeline, export, changes
    app.include_router(ui_router)  # the HTML pages (docs/ui.md)
    app.include_router(workbench_router)  # events, map, timeline, exports, their data

    @app.exception_handler(NotFoundError)
    async def _not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse(
            status_code=404, content={"detail": f"no {exc.kind} {exc.id!r} here", "id": exc.id}
        )

    @app.exception_handler(StoreError)
    async def _store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own body minus "input" and "ctx": they echo the request back.
        errors = [
            {k: v for k, v in err.items() if k in ("type", "loc", "msg")} for err in exc.errors()
        ]
        return JSONResponse(status_code=422, content={"detail": errors})

    app.add_middleware(Guard, token=token, docs_paths=DOCS_PATHS if docs else ())
    # Outermost: the pages' cookie login and CSP, around the API's Guard.
    app.add_middleware(PageGuard, token=token)
    return app
