"""/sandbox/: the tools tests and training use to play the other side (invitees, outages, NPPES)."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from countyadmin.domain.identifiers import validate_npi
from countyadmin.sandbox import invitations, portal_ops, schemas
from countyadmin.sandbox.faults import Faults, FaultState
from countyadmin.sandbox.problems import ApiProblem, validation_problem
from countyadmin.sandbox.routes_api import StoreDep
from countyadmin.sandbox.server import is_loopback_host
from countyadmin.sandbox.store import MAX_CLOCK_OFFSET_SECONDS


def loopback_only(request: Request) -> None:
    # Even a sandbox started with --allow-remote never lets another machine accept invitations.
    host = request.client.host if request.client else ""
    if not (is_loopback_host(host) or host == "testclient"):
        raise ApiProblem(403, "The sandbox tools answer only on this computer.")


router = APIRouter(prefix="/sandbox", include_in_schema=False, dependencies=[Depends(loopback_only)])


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=100, pattern=r"^[A-Za-z0-9._@-]+$")


class Clock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Bounded: an absurd offset (1e300, or beyond year 9999) would make every later call fail, and the
    # offset is kept in the data dir across restarts.
    offset_seconds: float = Field(
        ge=-MAX_CLOCK_OFFSET_SECONDS,
        le=MAX_CLOCK_OFFSET_SECONDS,
        allow_inf_nan=False,
        description="How far the sandbox's clock runs ahead of real time (at most about 100 years).",
    )


def fault_state(request: Request) -> FaultState:
    state: FaultState = request.app.state.faults
    return state


FaultDep = Annotated[FaultState, Depends(fault_state)]


@router.get("/outbox")
def get_outbox(
    request: Request,
    store: StoreDep,
    to: Annotated[str | None, Query()] = None,
    invitation_id: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    messages = invitations.outbox(store, str(request.base_url))
    if to is not None:
        messages = [m for m in messages if m["to"].lower() == to.lower()]
    if invitation_id is not None:
        messages = [m for m in messages if m["invitation_id"] == invitation_id]
    return {"items": messages, "next": None}


@router.post("/invitations/{invitation_id}/accept")
def accept(invitation_id: str, body: AcceptRequest, store: StoreDep) -> schemas.AdminUser:
    return invitations.accept_invitation(store, invitation_id, body.username)


@router.delete("/admin-users/{user_id}", status_code=204)
def remove_admin_user(user_id: str, store: StoreDep) -> Response:
    """The provider removes an administrator (the county API has no such call)."""
    portal_ops.remove_admin_user(store, user_id)
    return Response(status_code=204)


@router.get("/faults")
def get_faults(state: FaultDep) -> Faults:
    return state.get()


@router.put("/faults")
def put_faults(body: Faults, state: FaultDep) -> Faults:
    state.set(body)
    return body


@router.get("/clock")
def get_clock(store: StoreDep) -> dict[str, Any]:
    return {"offset_seconds": store.clock_offset(), "now": store.now().replace(tzinfo=UTC).isoformat()}


@router.put("/clock")
def put_clock(body: Clock, store: StoreDep) -> dict[str, Any]:
    store.set_clock_offset(body.offset_seconds)
    return get_clock(store)


@router.post("/npi-records", status_code=201)
def add_npi_record(record: dict[str, Any], store: StoreDep) -> JSONResponse:
    number = str(record.get("number", "")).strip()
    errors = []
    if problem := validate_npi(number):
        errors.append(("number", problem))
    if record.get("enumeration_type") not in ("NPI-1", "NPI-2"):
        errors.append(("enumeration_type", "Use NPI-1 (a person) or NPI-2 (an organization)."))
    if not isinstance(record.get("basic"), dict):
        errors.append(("basic", "An NPPES result object has a 'basic' object."))
    if errors:
        raise validation_problem(errors)
    store.put_npi_record(record)
    return JSONResponse({"number": number}, status_code=201)
