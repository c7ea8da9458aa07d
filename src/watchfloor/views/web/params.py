"""The bounds of the web's query parameters, one definition for the API and the pages."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi._compat import field_annotation_is_sequence
from fastapi.exceptions import RequestValidationError

from watchfloor.knowledge.plover import load_plover
from watchfloor.views.common.filters import (
    BBOX_PATTERN,
    FILTERS,
    MAX_SOURCES,
    MAX_VALUES,
    EventFilter,
    FilterError,
    Param,
    parse,
)
from watchfloor.views.common.filters import TEXT_PATTERN as FILTER_TEXT_PATTERN

MAX_LIMIT = 500  # items per page of a list
MAX_OFFSET = 1_000_000_000
MAX_TEXT = 200  # characters of a text parameter (ids, names, search query)
MAX_WORDS = 8  # words of a search query
EVENT_TYPES = tuple(sorted(load_plover().types))

# No NUL: PostgreSQL text cannot hold it, so no id or name in the store has one.
TEXT_PATTERN = r"^[^\x00]*$"


# ---------------------------------------------------------------------- the filter model
# The API declares every filter of ``views.common.filters.FILTERS`` as a query parameter
# (so the OpenAPI schema lists each), then reads them all through ``filters.parse``:
# unknown and repeated single-value parameters are a 422, never ignored.


def _annotation(p: Param) -> Any:
    extra: dict[str, Any] = {}
    kind: Any = str
    if p.kind == "day":
        kind = dt.date
    elif p.kind == "time":
        extra = {"format": "date-time"}
    elif p.kind == "count":
        kind = int
    elif p.kind == "bool":
        kind = bool
    query: dict[str, Any] = {"description": p.help, "examples": [p.example]}
    if p.kind == "count":
        query.update(ge=0, le=MAX_SOURCES)
    if p.kind == "bbox":
        query.update(pattern=BBOX_PATTERN)
    if p.kind in ("text", "time") and not p.many:
        query.update(min_length=1, max_length=MAX_TEXT, pattern=FILTER_TEXT_PATTERN)
    if p.kind == "iso3" and not p.many:
        query.update(pattern="^[A-Z]{3}$")
    if p.many:
        item: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}
        if p.choices:
            item = {"type": "string", "enum": list(p.choices)}
        elif p.kind == "iso3":
            item["pattern"] = "^[A-Z]{3}$"
        else:
            item["pattern"] = FILTER_TEXT_PATTERN
        extra = {"items": item, "maxItems": MAX_VALUES}
        kind = list[str]
    elif p.choices:
        extra = {"enum": list(p.choices)}
    return Annotated[kind | None, Query(**query, json_schema_extra=extra or None)]


def filter_dependency(controls: Mapping[str, bool]) -> Callable[..., EventFilter]:
    """A FastAPI dependency giving the request's ``EventFilter``; ``controls``: the
    endpoint's other parameters (name -> may repeat). Every problem is a 422."""

    def dependency(request: Request, **_declared: Any) -> EventFilter:
        try:
            filt, _ = parse(request.query_params.multi_items(), controls)
        except FilterError as exc:
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("query", n), "msg": m} for n, m in exc.problems]
            ) from None
        return filt

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
    ]
    params += [
        inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_annotation(p)
        )
        for p in FILTERS
    ]
    dependency.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return dependency


def _declared(dependant: Any, into: dict[str, bool]) -> dict[str, bool]:
    """Query parameter name -> whether it may repeat, over a route and its dependencies."""
    for field in dependant.query_params:
        into[field.alias] = field_annotation_is_sequence(field.field_info.annotation)
    for sub in dependant.dependencies:
        _declared(sub, into)
    return into


def strict_query(request: Request) -> None:
    """Every API route's guard on its query string: a parameter the route does not declare,
    or a single-value one given twice, is a 422 naming it, never ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:  # pragma: no cover - every API route has one
        return
    known = _declared(dependant, {})
    seen: dict[str, int] = {}
    for name, _ in request.query_params.multi_items():
        seen[name] = seen.get(name, 0) + 1
    problems = [
        {"type": "value_error", "loc": ("query", name), "msg": "unknown parameter"}
        for name in seen
        if name not in known
    ] + [
        {
            "type": "value_error",
            "loc": ("query", name),
            "msg": "given more than once; it takes one value",
        }
        for name, n in seen.items()
        if n > 1 and name in known and not known[name]
    ]
    if problems:
        raise RequestValidationError(problems)
