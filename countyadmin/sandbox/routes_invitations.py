"""/api/v1 invitations: idempotent create (Idempotency-Key), list, resend, cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from countyadmin.sandbox import invitations, schemas
from countyadmin.sandbox.routes_api import (
    COMMON_RESPONSES,
    INVALID,
    NOT_FOUND,
    CountyDep,
    Cursor,
    Limit,
    StoreDep,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"

router = APIRouter(prefix="/api/v1", responses=COMMON_RESPONSES)

_NOT_PENDING: dict[int | str, dict[str, Any]] = {
    409: {"model": schemas.Problem, "description": "The invitation was accepted or cancelled."}
}


@router.post(
    "/providers/{provider_id}/invitations",
    status_code=201,
    response_model=schemas.Invitation,
    responses={
        201: {
            "description": "Created, or the first response replayed for the same key and body.",
            "headers": {
                "Idempotent-Replayed": {
                    "description": "Present and 'true' when this is a replay; no second email was sent.",
                    "schema": {"type": "string", "enum": ["true"]},
                }
            },
        },
        400: {"model": schemas.Problem, "description": "The Idempotency-Key header is missing."},
        409: {"model": schemas.InvitationConflictProblem, "description": "A pending invitation exists."},
        **NOT_FOUND,
        **INVALID,
    },
)
def create_invitation(
    provider_id: str,
    body: schemas.NewInvitation,
    idempotency_key: Annotated[
        str,
        Header(
            alias=IDEMPOTENCY_HEADER,
            min_length=1,
            max_length=255,
            description="A fresh random value per invitation; reuse it only to retry the same request.",
        ),
    ],
    county: CountyDep,
    store: StoreDep,
) -> JSONResponse:
    payload, replayed = invitations.create_invitation(
        store, county.county_id, provider_id, body, idempotency_key
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(payload, status_code=201, headers=headers)


@router.get(
    "/providers/{provider_id}/invitations",
    response_model=schemas.InvitationPage,
    responses={**NOT_FOUND, **INVALID},
)
def list_invitations(
    provider_id: str, _: CountyDep, store: StoreDep, limit: Limit = 50, next_cursor: Cursor = None
) -> schemas.InvitationPage:
    return invitations.list_invitations(store, provider_id, next_cursor, limit)


@router.post(
    "/invitations/{invitation_id}/resend",
    response_model=schemas.Invitation,
    responses={**NOT_FOUND, **_NOT_PENDING},
)
def resend_invitation(invitation_id: str, _: CountyDep, store: StoreDep) -> schemas.Invitation:
    return invitations.resend_invitation(store, invitation_id)


@router.delete(
    "/invitations/{invitation_id}",
    response_model=schemas.Invitation,
    responses={**NOT_FOUND, 409: {"model": schemas.Problem, "description": "The invitation was accepted."}},
)
def cancel_invitation(invitation_id: str, _: CountyDep, store: StoreDep) -> schemas.Invitation:
    return invitations.cancel_invitation(store, invitation_id)
