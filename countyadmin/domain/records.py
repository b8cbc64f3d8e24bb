"""Plain data the county database keeps besides the provider record itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from countyadmin.domain.provider import ProviderType


@dataclass(frozen=True, slots=True)
class NewProvider:
    """A county provider before it has an id (imports, the demo seed, tests)."""

    name: str
    provider_type: ProviderType | None = None
    sed_code: str | None = None
    npi: str | None = None
    tax_id: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    email: str | None = None
    uses_portal: bool = False
    portal_provider_id: str | None = None
    linked_at: datetime | None = None
    linked_by: str | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of a provider's history: who did what, when, with the details as stored."""

    id: int
    occurred_at: datetime
    user_name: str
    provider_id: int | None
    action: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CachedNpiLookup:
    """The NPI Registry's last answer about one NPI.

    ``payload`` is the registry's raw result object when ``found``, else ``None``.
    """

    npi: str
    found: bool
    payload: Mapping[str, Any] | None
    fetched_at: datetime
