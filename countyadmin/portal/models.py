"""Typed results of the CPSE Portal county API (see contract/openapi.json)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list; ``next_cursor`` is opaque and ``None`` on the last page."""

    items: Sequence[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class PortalProvider:
    id: str
    provider_type: str  # "agency" | "individual"
    name: str
    npi: str | None
    sed_code: str | None
    tax_id: str | None
    address_1: str | None
    address_2: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    email: str | None
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewPortalProvider:
    """The body of ``POST /api/v1/providers``."""

    provider_type: str
    name: str
    npi: str | None
    sed_code: str | None
    tax_id: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderMatch:
    """A search hit and the identifiers it matched on (any of "npi", "sed_code", "name")."""

    provider: PortalProvider
    matched_on: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountyLink:
    provider_id: str
    county_provider_ref: str
    linked_at: datetime


@dataclass(frozen=True, slots=True)
class AdminUser:
    user_id: str
    username: str
    first_name: str
    last_name: str
    email: str
    status: str  # "active" | "disabled"
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None


@dataclass(frozen=True, slots=True)
class InvitationRequest:
    """The body of ``POST /api/v1/providers/{id}/invitations`` (role is always "admin" here)."""

    first_name: str
    last_name: str
    email: str
    invited_by: str
    also_service_provider: bool = False
    npi: str | None = None
    profession: str | None = None
    license: str | None = None
    role: str = "admin"


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    provider_id: str
    first_name: str
    last_name: str
    email: str
    role: str
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None
    status: str  # "pending" | "accepted" | "expired" | "cancelled"
    created_at: datetime
    expires_at: datetime
    invited_by: str
    replayed: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class CountyInfo:
    """``GET /api/v1/county``: which county the API key belongs to."""

    county_id: str
    name: str


# --- change feeds (GET /county/links, /county/invitations, /county/admin-users) ---------------------


@dataclass(frozen=True, slots=True)
class ChangePage(Generic[T]):
    """One page of a change feed. ``next_cursor`` leads on within this walk; the last page (no cursor)
    carries ``watermark``, the value to send as ``updated_since`` next time, and ``as_of``, the
    portal's time of that page."""

    items: Sequence[T]
    next_cursor: str | None
    watermark: str | None
    as_of: datetime | None


@dataclass(frozen=True, slots=True)
class LinkChange:
    provider_id: str
    link: CountyLink | None  # None: a tombstone (the county unlinked the provider)


@dataclass(frozen=True, slots=True)
class InvitationChange:
    invitation_id: str
    provider_id: str
    invitation: Invitation | None  # None: a tombstone (left the county's view)


@dataclass(frozen=True, slots=True)
class AdminUserChange:
    user_id: str
    provider_id: str
    admin_user: AdminUser | None  # None: a tombstone (removed, or the provider unlinked)
