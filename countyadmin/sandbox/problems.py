"""RFC 9457 problem responses, and handlers so that *every* error the sandbox sends is one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


class ApiProblem(Exception):
    """Raised by routes and the store; becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})


def problem_body(
    status: int, detail: str | None, extensions: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update(extensions or {})
    return body


def problem_response(
    status: int,
    detail: str | None,
    *,
    extensions: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    return ProblemResponse(problem_body(status, detail, extensions), status_code=status, headers=headers)


def validation_problem(errors: Sequence[tuple[str, str]], detail: str | None = None) -> ApiProblem:
    return ApiProblem(
        422,
        detail or "The request has invalid fields; see errors.",
        extensions={"errors": [{"field": field, "message": message} for field, message in errors]},
    )


def _field_name(loc: Sequence[int | str]) -> str:
    # A body field is named as the client sent it ("npi"); parameters keep their place ("query.limit").
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _message(error: Mapping[str, Any]) -> str:
    text = str(error.get("msg", "Invalid value."))
    # Our own validators raise sentences; pydantic prefixes them with "Value error, ".
    return text.removeprefix("Value error, ")


async def _api_problem(_: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc.status, exc.detail, extensions=exc.extensions, headers=exc.headers)


async def _request_validation(_: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    for error in exc.errors():
        # The contract makes a missing Idempotency-Key a 400: the client forgot the protocol, not a field.
        if error.get("type") == "missing" and tuple(error.get("loc", ())) == ("header", "Idempotency-Key"):
            return problem_response(
                400, "Send an Idempotency-Key header so that a retry cannot invite twice."
            )
    errors = [(_field_name(error.get("loc", ())), _message(error)) for error in exc.errors()]
    problem = validation_problem(errors)
    return problem_response(422, problem.detail, extensions=problem.extensions)


RouteMethods = list[tuple[re.Pattern[str], frozenset[str]]]


def route_methods(routers: Iterable[APIRouter]) -> RouteMethods:
    """Each route's path expression and methods, for :func:`allowed_methods` (kept in ``app.state``)."""
    return [
        (route.path_regex, frozenset(route.methods or ()))
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
    ]


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path.

    Starlette's own 405 names only the methods of the first route whose path matched, so a resource
    served by three routes (GET, PUT, DELETE county-link) advertised just one of them in ``Allow``.
    """
    routes: RouteMethods = getattr(request.app.state, "route_methods", [])
    path = request.scope.get("path", "")
    return sorted({method for pattern, methods in routes if pattern.match(path) for method in methods})


async def _http_exception(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    headers = dict(exc.headers or {})
    if exc.status_code == 404 and detail == "Not Found":
        detail = "There is no such resource."
    elif exc.status_code == 405:
        methods = allowed_methods(request)
        headers["Allow"] = ", ".join(methods)
        detail = f"This resource answers {', '.join(methods)}, not {request.method}."
    elif exc.status_code == 400 and detail == "There was an error parsing the body":
        # FastAPI's words when the body is not UTF-8; the contract documents this 400.
        detail = "The request body could not be read: send JSON encoded as UTF-8."
    return problem_response(exc.status_code, detail, headers=headers)


async def _unexpected(_: Request, exc: Exception) -> ProblemResponse:
    return problem_response(500, f"The sandbox failed: {type(exc).__name__}.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
