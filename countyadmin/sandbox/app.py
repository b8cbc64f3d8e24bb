"""The sandbox's FastAPI application: contract routes, tools, NPI emulator, faults, problem errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from countyadmin.sandbox import npi_emulator, routes_api, routes_invitations, routes_tools
from countyadmin.sandbox.faults import FaultMiddleware, FaultState
from countyadmin.sandbox.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from countyadmin.sandbox.store import Store

TITLE = "CPSE Portal County API"
VERSION = "1.0.0"
DESCRIPTION = (
    "The county side of CPSE Portal: find and create providers, link them to county records, and invite "
    "their administrators. Every error is `application/problem+json` (RFC 9457)."
)


def create_app(store: Store, faults: FaultState | None = None) -> FastAPI:
    app = FastAPI(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        # Operation ids are the function names: stable, readable names for generated clients.
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.store = store
    app.state.faults = faults or FaultState()
    install_problem_handlers(app)
    app.include_router(routes_api.router)
    app.include_router(routes_invitations.router)
    app.include_router(routes_tools.router)
    app.include_router(npi_emulator.router)
    app.add_middleware(FaultMiddleware, state=app.state.faults)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _problem_contract(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _problem_contract(schema: dict[str, Any]) -> dict[str, Any]:
    """Make FastAPI's generated document say what the sandbox sends: problem+json for every error."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content")
                if not status.isdigit() or int(status) < 400 or not content:
                    continue
                body = content.pop("application/json", None) or {}
                ref = body.get("schema", {}).get("$ref", "")
                if ref.endswith("/HTTPValidationError"):
                    body = {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}
                content[PROBLEM_MEDIA_TYPE] = body
                if status == "401":
                    response["headers"] = {
                        "WWW-Authenticate": {"description": "Bearer challenge.", "schema": {"type": "string"}}
                    }
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def build_app(data_dir: Any) -> FastAPI:
    """An app over a store in ``data_dir`` (for tests in-process and the OpenAPI export)."""
    from pathlib import Path

    return create_app(Store(Path(data_dir)))
