"""The sandbox's FastAPI application: contract routes, tools, NPI emulator, faults, problem errors."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from countyadmin.sandbox import (
    feeds,
    npi_emulator,
    routes_api,
    routes_feeds,
    routes_invitations,
    routes_tools,
)
from countyadmin.sandbox.faults import FaultMiddleware, FaultState
from countyadmin.sandbox.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers, route_methods
from countyadmin.sandbox.store import Store

TITLE = "CPSE Portal County API"
VERSION = "1.0.0"
DESCRIPTION = (
    "The county side of CPSE Portal: find and create providers, link them to county records, and invite "
    "their administrators. Every error is `application/problem+json` (RFC 9457).\n\n"
    "The API key names the county every call acts as, and counties are kept apart: any county may search, "
    "read and add providers and keep its own link to any of them; only a county that has linked a provider "
    "may read its admin users and invite for it, and it sees, resends and cancels only the invitations it "
    "sent. Each operation's description starts with its own `Access:` rule. Anything a county may not "
    "reach is answered 404, worded as for something that does not exist.\n\n"
    "To stay in step without one call per provider, a county reads its change feeds under `/county/`: "
    "its links, its invitations and the admin users of the providers it links, each changed since the "
    "`watermark` the portal issued at the end of the previous walk, removals as tombstones."
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
    feeds.backfill(store)  # a data dir from before the change feeds gets its entries once
    app.state.faults = faults or FaultState()
    install_problem_handlers(app)
    routers = (routes_api.router, routes_invitations.router, routes_feeds.router, routes_tools.router,
               npi_emulator.router)  # fmt: skip
    for router in routers:
        app.include_router(router)
    app.state.route_methods = route_methods(routers)  # for the Allow header of a 405
    app.add_middleware(FaultMiddleware, state=app.state.faults)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _add_links(_problem_contract(FastAPI.openapi(app)))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


_UNREADABLE_BODY = "is not JSON encoded as UTF-8."


def _problem_contract(schema: dict[str, Any]) -> dict[str, Any]:
    """Make FastAPI's generated document say what the sandbox sends: problem+json for every error."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:
                # A body that is not UTF-8 never reaches validation: FastAPI answers 400 before.
                responses = operation.setdefault("responses", {})
                unreadable = responses.setdefault(
                    "400",
                    {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                )
                described = unreadable.get("description")
                unreadable["description"] = (
                    f"{described.rstrip('.')}, or the body {_UNREADABLE_BODY}"
                    if described
                    else f"The body {_UNREADABLE_BODY}"
                )
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


_PROVIDER = {"provider_id": "$response.body#/id"}
_LINKED_PROVIDER = {"provider_id": "$response.body#/provider_id"}
_INVITATION = {"invitation_id": "$response.body#/id"}
# OpenAPI links: which answer feeds which next call. Generated clients and stateful tests (schemathesis)
# follow them: create a provider, link it, invite its administrator, resend or cancel the invitation.
_LINKS: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    # A county manages administrators only of providers it linked: those calls follow the link.
    ("create_provider", "201"): {"get_provider": _PROVIDER, "put_county_link": _PROVIDER},
    ("put_county_link", "201"): {
        "get_county_link": _LINKED_PROVIDER,
        "delete_county_link": _LINKED_PROVIDER,
        "create_invitation": _LINKED_PROVIDER,
        "list_invitations": _LINKED_PROVIDER,
        "list_admin_users": _LINKED_PROVIDER,
    },
    ("put_county_link", "200"): {
        "get_county_link": _LINKED_PROVIDER,
        "delete_county_link": _LINKED_PROVIDER,
    },
    ("create_invitation", "201"): {
        "resend_invitation": _INVITATION,
        "cancel_invitation": _INVITATION,
    },
}


def _add_links(schema: dict[str, Any]) -> dict[str, Any]:
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                targets = _LINKS.get((operation.get("operationId", ""), status))
                if targets:
                    response["links"] = {
                        target: {"operationId": target, "parameters": dict(parameters)}
                        for target, parameters in targets.items()
                    }
    return schema


def build_app(data_dir: Any) -> FastAPI:
    """An app over a store in ``data_dir`` (for tests in-process and the OpenAPI export)."""
    from pathlib import Path

    return create_app(Store(Path(data_dir)))
