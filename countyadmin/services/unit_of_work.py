"""What the services need from storage: repositories and a unit of work, as Protocols.

``countyadmin.db`` implements them on SQLAlchemy; ``countyadmin.services.testing`` in memory. Both
return domain dataclasses only, so nothing a service holds is tied to a database session.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from countyadmin.domain.link_claim import LinkClaim, LinkClaimRequest
from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.outbox import NewOutboxItem, OutboxItem
from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.domain.records import AuditEntry, CachedNpiLookup, NewProvider


class ProviderRepository(Protocol):
    def get(self, provider_id: int) -> ProviderRecord | None: ...

    def list_summaries(self) -> list[ProviderSummary]:
        """Every provider, ordered by name, with only the columns the list shows."""
        ...

    def find_by_sed_code(self, sed_code: str) -> ProviderSummary | None: ...

    def sharing(
        self, *, npi: str | None = None, sed_code: str | None = None, portal_ids: Collection[str] = ()
    ) -> list[ProviderSummary]:
        """Providers with this NPI, this SED code or a link to one of ``portal_ids``, by name."""
        ...

    def by_sed_codes(self, sed_codes: Collection[str]) -> dict[str, ProviderRecord]:
        """SED code → record, for the codes some provider has (an import's look-up, in few queries)."""
        ...

    def count(self) -> int: ...

    def add(
        self, provider: NewProvider, *, user: str, at: datetime, provider_id: int | None = None
    ) -> int:
        """Insert a provider at version 1 and return its id (``provider_id``, or a new one)."""
        ...

    def update(self, record: ProviderRecord, *, expected_version: int) -> ProviderRecord | None:
        """Write every field of ``record`` if the stored version is still ``expected_version``.

        Returns the record as stored (version ``expected_version + 1``), or ``None`` when someone else
        saved first (or the provider is gone): nothing is written then.
        """
        ...

    # Link claims: see countyadmin/domain/link_claim.py and services/linking.py.
    def claim_link(
        self, provider_id: int, claim: LinkClaimRequest, *, expected_version: int, lease: timedelta
    ) -> bool:
        """Take ``claim`` if the provider is at ``expected_version`` and unclaimed (the version moves on);
        its start and lease are timed by the database's clock."""
        ...

    def get_with_link_claim(self, provider_id: int) -> tuple[ProviderRecord, LinkClaim | None] | None:
        """The record and its claim as of one moment (one statement), with the database's time then."""
        ...

    def release_link_claim(self, provider_id: int, token: str, *, only_if_ended: bool = False) -> bool:
        """Release the claim holding ``token`` (``only_if_ended``: once its lease ended); False if not."""
        ...

    def renew_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        """Make the claim holding ``token`` into ``new``, its lease ``lease`` from the database's now."""
        ...

    def take_over_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        """Take over the claim holding ``token`` if its lease ended by the database's clock."""
        ...

    def finish_link_claim(
        self, provider_id: int, token: str, *, portal_provider_id: str | None, linked_by: str | None,
        user: str, at: datetime,
    ) -> ProviderRecord | None:  # fmt: skip
        """Write the link (or its removal), release the claim; ``None`` when the claim is not held."""
        ...


class NpiLookupRepository(Protocol):
    def get(self, npi: str) -> CachedNpiLookup | None: ...

    def save(self, lookup: CachedNpiLookup) -> None:
        """Insert or replace the answer for ``lookup.npi``."""
        ...


class AuditRepository(Protocol):
    def add(
        self,
        *,
        occurred_at: datetime,
        user_name: str,
        provider_id: int | None,
        action: str,
        details: Mapping[str, Any],
    ) -> None: ...

    def for_provider(self, provider_id: int) -> list[AuditEntry]:
        """The provider's history, newest first."""
        ...


class MatchCheckRepository(Protocol):
    """What the last look for CPSE Portal matches found, per provider."""

    def get(self, provider_id: int) -> MatchCheck | None: ...

    def save(self, check: MatchCheck) -> None:
        """Insert or replace the check of ``check.provider_id``."""
        ...

    def all(self) -> dict[int, MatchCheck]: ...


class OutboxRepository(Protocol):
    """The invitation outbox (see ``countyadmin.domain.outbox``)."""

    def add(self, new: NewOutboxItem) -> OutboxItem:
        """Insert a queued item, due at once, at version 1."""
        ...

    def get(self, item_id: int) -> OutboxItem | None: ...

    def for_provider(self, provider_id: int) -> list[OutboxItem]:
        """The provider's items, newest first."""
        ...

    def active_for_email(self, provider_id: int, email: str) -> list[OutboxItem]:
        """Queued or sending items to ``email`` (any case) for the provider."""
        ...

    def due(self, now: datetime, *, limit: int = 50) -> list[OutboxItem]:
        """Items a sender may claim at ``now`` (see ``OutboxItem.is_due``), the longest waiting first."""
        ...

    def next_due_at(self) -> datetime | None:
        """The earliest moment a queued or sending item becomes claimable."""
        ...

    def update(self, item: OutboxItem, *, expected_version: int) -> OutboxItem | None:
        """Compare-and-set: write ``item`` if still at ``expected_version``, else return ``None``."""
        ...


class UnitOfWork(Protocol):
    """One transaction: ``with uow: …; uow.commit()``. Leaving the block without commit rolls back."""

    @property
    def providers(self) -> ProviderRepository: ...

    @property
    def npi_lookups(self) -> NpiLookupRepository: ...

    @property
    def audit(self) -> AuditRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def match_checks(self) -> MatchCheckRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
