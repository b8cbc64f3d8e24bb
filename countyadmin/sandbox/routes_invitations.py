"""/api/v1 invitations: idempotent create (Idempotency-Key), list, resend, cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from countyadmin.sandbox import invitations, schemas
from countyadmin.sandbox.routes_api import (
    COMMON_RESPONSES,
    INVALID,
    LINKED_ONLY,
    NOT_LINKED,
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
_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {
        "model": schemas.Problem,
        "description": "No such invitation, one another county sent, or your county no longer links "
        "its provider.",
    }
}
OWN_INVITATION = (
    "Access: only the county that sent the invitation, and only while it links the provider. Another "
    "county's invitation is answered 404 exactly like one that does not exist."
)


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
        409: {
            "model": schemas.InvitationCreateConflict,
            "description": "Your county has a pending invitation for that e-mail address "
            "(`pending_invitation_id`), or the address is already an active admin user of the provider "
            "(`existing_user_id`, `existing_user_email`, `existing_user_name`).",
        },
        **NOT_LINKED,
        **INVALID,
    },
    description=f"{LINKED_ONLY} E-mail addresses are compared ignoring case in every script "
    "(Unicode case folding, so Ñina@… and ñina@… are one address). The answer is 409 when the address "
    "is already an active admin user of the provider (whichever county invited them), or when the "
    "calling county already has a pending invitation for it (only its own invitations are looked at: "
    "another county's are not shown to it).",
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
    responses={**NOT_LINKED, **INVALID},
    description=f"{LINKED_ONLY} Lists only the invitations the calling county sent for the provider; "
    "other counties' invitations (names, e-mail addresses, who invited) are never shown.",
)
def list_invitations(
    provider_id: str, county: CountyDep, store: StoreDep, limit: Limit = 50, next_cursor: Cursor = None
) -> schemas.InvitationPage:
    return invitations.list_invitations(store, county.county_id, provider_id, next_cursor, limit)


@router.post(
    "/invitations/{invitation_id}/resend",
    response_model=schemas.Invitation,
    responses={**_NOT_YOURS, **_NOT_PENDING},
    description=OWN_INVITATION,
)
def resend_invitation(invitation_id: str, county: CountyDep, store: StoreDep) -> schemas.Invitation:
    return invitations.resend_invitation(store, county.county_id, invitation_id)


@router.delete(
    "/invitations/{invitation_id}",
    response_model=schemas.Invitation,
    responses={**_NOT_YOURS, 409: {"model": schemas.Problem, "description": "The invitation was accepted."}},
    description=OWN_INVITATION,
)
def cancel_invitation(invitation_id: str, county: CountyDep, store: StoreDep) -> schemas.Invitation:
    return invitations.cancel_invitation(store, county.county_id, invitation_id)
