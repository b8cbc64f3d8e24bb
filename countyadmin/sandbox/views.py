"""Rows -> API models (the one place that formats ids and timestamps)."""

from __future__ import annotations

from datetime import datetime

from countyadmin.sandbox import schemas
from countyadmin.sandbox.store import format_id, utc
from countyadmin.sandbox.tables import AdminUserRow, CountyLinkRow, InvitationRow, ProviderRow

PROVIDER_FIELDS = (
    "provider_type", "name", "npi", "sed_code", "tax_id", "address_1", "address_2",
    "city", "state", "zip", "phone", "email", "status",
)  # fmt: skip


def provider(row: ProviderRow) -> schemas.Provider:
    return schemas.Provider(
        id=format_id("CP", row.pk),
        created_at=utc(row.created_at),
        **{name: getattr(row, name) for name in PROVIDER_FIELDS},
    )


def provider_match(row: ProviderRow, matched_on: list[str]) -> schemas.ProviderMatch:
    return schemas.ProviderMatch(**provider(row).model_dump(), matched_on=matched_on)


def county_link(row: CountyLinkRow) -> schemas.CountyLink:
    return schemas.CountyLink(
        provider_id=format_id("CP", row.provider_pk),
        county_provider_ref=row.county_provider_ref,
        linked_at=utc(row.linked_at),
    )


def admin_user(row: AdminUserRow) -> schemas.AdminUser:
    return schemas.AdminUser(
        user_id=format_id("U", row.pk),
        username=row.username,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        status=row.status,
        also_service_provider=row.also_service_provider,
        npi=row.npi,
        profession=row.profession,
        license=row.license,
    )


def invitation_status(row: InvitationRow, now: datetime) -> str:
    # Expiry is computed, never stored: a restart or a clock change needs no sweeper.
    if row.status == "pending" and row.expires_at <= now:
        return "expired"
    return row.status


def invitation(row: InvitationRow, now: datetime) -> schemas.Invitation:
    return schemas.Invitation(
        id=format_id("INV", row.pk),
        provider_id=format_id("CP", row.provider_pk),
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        role="admin",
        also_service_provider=row.also_service_provider,
        npi=row.npi,
        profession=row.profession,
        license=row.license,
        status=invitation_status(row, now),
        created_at=utc(row.created_at),
        expires_at=utc(row.expires_at),
        invited_by=row.invited_by,
    )
