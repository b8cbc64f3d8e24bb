"""A registry record reduced to what CountyAdmin shows and compares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class NpiAddress:
    address_1: str
    address_2: str
    city: str
    state: str  # as the registry sent it: "GA", or sometimes "GEORGIA"
    postal_code: str  # 5 or 9 digits, no hyphen, as recorded
    country_code: str
    telephone_number: str | None


@dataclass(frozen=True, slots=True)
class NpiTaxonomy:
    code: str
    description: str
    license: str | None
    state: str | None


@dataclass(frozen=True, slots=True)
class NpiRecord:
    npi: str  # always text: an NPI is an identifier, never a number
    enumeration_type: str  # "NPI-1" (a person) | "NPI-2" (an organization)
    display_name: str  # NPI-1: first + last + credential; NPI-2: organization_name
    other_names: tuple[str, ...]  # "doing business as" and former names
    status: str  # "A" = active; anything else is shown as the registry sent it
    location: NpiAddress | None
    primary_taxonomy: NpiTaxonomy | None
    last_updated: datetime | None
    raw: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def is_organization(self) -> bool:
        return self.enumeration_type == "NPI-2"

    @property
    def is_active(self) -> bool:
        return self.status == "A"
