"""The county's billing provider as plain data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class ProviderType(enum.StrEnum):
    """Who bills the county: an agency (a corporation or school) or an individual therapist."""

    AGENCY = "agency"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return "Agency" if self is ProviderType.AGENCY else "Individual"


@dataclass(frozen=True, slots=True)
class ProviderSummary:
    """One row of the provider list: only what the list shows, so 100,000 rows load fast."""

    id: int
    name: str
    provider_type: ProviderType | None
    sed_code: str | None
    npi: str | None
    uses_portal: bool
    portal_provider_id: str | None


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """A county provider as stored in the Preschool database."""

    id: int
    name: str
    provider_type: ProviderType | None
    sed_code: str | None
    npi: str | None
    tax_id: str | None
    address_1: str | None
    address_2: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    email: str | None
    uses_portal: bool
    portal_provider_id: str | None
    linked_at: datetime | None
    linked_by: str | None
    version: int
    updated_at: datetime | None
    updated_by: str | None

    @property
    def is_linked(self) -> bool:
        return self.portal_provider_id is not None


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """What the Billing Provider Profile tab lets a clerk change."""

    provider_type: ProviderType | None
    npi: str | None
    sed_code: str | None
    uses_portal: bool
