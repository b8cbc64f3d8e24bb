"""An in-memory unit of work for fast service tests (here, not in tests/, so GUI tests can use it too).

It keeps real transaction semantics: a unit of work works on a copy of the store, and only
``commit()`` publishes it, so a test can see that a failed use-case wrote nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from countyadmin.domain.link_claim import LinkClaim, LinkClaimRequest
from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.outbox import OutboxItem
from countyadmin.domain.provider import ProviderRecord, ProviderSummary
from countyadmin.domain.records import AuditEntry, CachedNpiLookup, NewProvider
from countyadmin.services.testing_outbox import FakeOutboxRepository


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class InMemoryStore:
    """The "database" several fake units of work share."""

    providers: dict[int, ProviderRecord] = field(default_factory=dict)
    npi_lookups: dict[str, CachedNpiLookup] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: dict[int, OutboxItem] = field(default_factory=dict)
    match_checks: dict[int, MatchCheck] = field(default_factory=dict)
    link_claims: dict[int, LinkClaim] = field(default_factory=dict)
    commits: int = 0
    # The database server's clock, which alone times link claims; a test moves it to end a lease.
    clock: Callable[[], datetime] = field(default=_utc_now)

    def now(self) -> datetime:
        return self.clock()

    def unit_of_work(self) -> FakeUnitOfWork:
        """Use ``store.unit_of_work`` wherever a service wants a unit-of-work factory."""
        return FakeUnitOfWork(self)


class FakeProviderRepository:
    def __init__(
        self, rows: dict[int, ProviderRecord], claims: dict[int, LinkClaim] | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:  # fmt: skip
        self._rows = rows
        self._claims = claims if claims is not None else {}
        self._now = now  # the "database server's" clock: link claims are timed by it alone

    def get(self, provider_id: int) -> ProviderRecord | None:
        return self._rows.get(provider_id)

    def list_summaries(self) -> list[ProviderSummary]:
        return [_summary(r) for r in sorted(self._rows.values(), key=lambda r: (r.name, r.id))]

    def find_by_sed_code(self, sed_code: str) -> ProviderSummary | None:
        return next((_summary(r) for r in self._rows.values() if r.sed_code == sed_code), None)

    def sharing(
        self, *, npi: str | None = None, sed_code: str | None = None, portal_ids: Collection[str] = ()
    ) -> list[ProviderSummary]:
        ids = set(portal_ids)
        return [_summary(r) for r in sorted(self._rows.values(), key=lambda r: (r.name, r.id))
                if (npi and r.npi == npi) or (sed_code and r.sed_code == sed_code)
                or (r.portal_provider_id is not None and r.portal_provider_id in ids)]  # fmt: skip

    def by_sed_codes(self, sed_codes: Collection[str]) -> dict[str, ProviderRecord]:
        wanted = set(sed_codes)
        return {r.sed_code: r for r in self._rows.values() if r.sed_code is not None and r.sed_code in wanted}

    def count(self) -> int:
        return len(self._rows)

    def add(
        self, provider: NewProvider, *, user: str, at: datetime, provider_id: int | None = None
    ) -> int:
        new_id = provider_id if provider_id is not None else max(self._rows, default=0) + 1
        if new_id in self._rows:
            raise ValueError(f"provider #{new_id} exists")  # the database's primary key would refuse it
        self._rows[new_id] = ProviderRecord(
            id=new_id, version=1, updated_at=at, updated_by=user, **asdict(provider)
        )
        return new_id

    def update(self, record: ProviderRecord, *, expected_version: int) -> ProviderRecord | None:
        stored = self._rows.get(record.id)
        if stored is None or stored.version != expected_version:
            return None
        saved = replace(record, version=expected_version + 1)
        self._rows[record.id] = saved
        return saved

    def claim_link(
        self, provider_id: int, claim: LinkClaimRequest, *, expected_version: int, lease: timedelta
    ) -> bool:
        stored = self._rows.get(provider_id)
        if stored is None or stored.version != expected_version or provider_id in self._claims:
            return False
        now = self._now()
        self._rows[provider_id] = replace(stored, version=expected_version + 1, updated_at=now,
                                          updated_by=claim.claimed_by)  # fmt: skip
        self._claims[provider_id] = _held(claim, now, now + lease)
        return True

    def get_with_link_claim(self, provider_id: int) -> tuple[ProviderRecord, LinkClaim | None] | None:
        stored = self._rows.get(provider_id)
        if stored is None:
            return None
        claim = self._claims.get(provider_id)
        return stored, None if claim is None else replace(claim, seen_at=self._now())

    def release_link_claim(self, provider_id: int, token: str, *, only_if_ended: bool = False) -> bool:
        held = self._claims.get(provider_id)
        if held is None or held.token != token or (only_if_ended and held.lease_until > self._now()):
            return False
        del self._claims[provider_id]
        return True

    def renew_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        held = self._claims.get(provider_id)
        if held is None or held.token != token:
            return False
        self._claims[provider_id] = _held(new, held.claimed_at, self._now() + lease)
        return True

    def take_over_link_claim(
        self, provider_id: int, token: str, new: LinkClaimRequest, *, lease: timedelta
    ) -> bool:
        held, now = self._claims.get(provider_id), self._now()
        if held is None or held.token != token or held.lease_until > now:
            return False
        self._claims[provider_id] = _held(new, now, now + lease)
        return True

    def finish_link_claim(
        self, provider_id: int, token: str, *, portal_provider_id: str | None, linked_by: str | None,
        user: str, at: datetime,
    ) -> ProviderRecord | None:  # fmt: skip
        stored = self._rows.get(provider_id)
        if stored is None or not self.release_link_claim(provider_id, token):
            return None
        saved = replace(
            stored, portal_provider_id=portal_provider_id, linked_by=linked_by,
            linked_at=at if portal_provider_id else None,
            uses_portal=True if portal_provider_id else stored.uses_portal,
            version=stored.version + 1, updated_at=at, updated_by=user,
        )  # fmt: skip
        self._rows[provider_id] = saved
        return saved


def _held(claim: LinkClaimRequest, claimed_at: datetime, lease_until: datetime) -> LinkClaim:
    return LinkClaim(claim.action, claim.portal_provider_id, claim.token, claim.claimed_by,
                     claimed_at, lease_until, seen_at=claimed_at)  # fmt: skip


def _summary(r: ProviderRecord) -> ProviderSummary:
    return ProviderSummary(
        r.id, r.name, r.provider_type, r.sed_code, r.npi, r.uses_portal, r.portal_provider_id
    )


class FakeNpiLookupRepository:
    def __init__(self, rows: dict[str, CachedNpiLookup]) -> None:
        self._rows = rows

    def get(self, npi: str) -> CachedNpiLookup | None:
        return self._rows.get(npi)

    def save(self, lookup: CachedNpiLookup) -> None:
        self._rows[lookup.npi] = lookup


class FakeAuditRepository:
    def __init__(self, entries: list[AuditEntry]) -> None:
        self._entries = entries

    def add(
        self,
        *,
        occurred_at: datetime,
        user_name: str,
        provider_id: int | None,
        action: str,
        details: Mapping[str, Any],
    ) -> None:
        # A JSON-like deep copy, as the database would keep it.
        entry = AuditEntry(len(self._entries) + 1, occurred_at, user_name, provider_id, action,
                           copy.deepcopy(dict(details)))  # fmt: skip
        self._entries.append(entry)

    def for_provider(self, provider_id: int) -> list[AuditEntry]:
        mine = [e for e in self._entries if e.provider_id == provider_id]
        return sorted(mine, key=lambda e: (e.occurred_at, e.id), reverse=True)


class FakeMatchCheckRepository:
    def __init__(self, rows: dict[int, MatchCheck]) -> None:
        self._rows = rows

    def get(self, provider_id: int) -> MatchCheck | None:
        return self._rows.get(provider_id)

    def save(self, check: MatchCheck) -> None:
        self._rows[check.provider_id] = check

    def all(self) -> dict[int, MatchCheck]:
        return dict(self._rows)


class FakeUnitOfWork:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    def __enter__(self) -> Self:
        self._begin()
        return self

    def _begin(self) -> None:
        self._providers = dict(self._store.providers)
        self._lookups = dict(self._store.npi_lookups)
        self._audit = list(self._store.audit)
        self._outbox = dict(self._store.outbox)
        self._match_checks = dict(self._store.match_checks)
        self._link_claims = dict(self._store.link_claims)
        self.providers = FakeProviderRepository(self._providers, self._link_claims, self._store.now)
        self.npi_lookups = FakeNpiLookupRepository(self._lookups)
        self.audit = FakeAuditRepository(self._audit)
        self.outbox = FakeOutboxRepository(self._outbox, self._providers)
        self.match_checks = FakeMatchCheckRepository(self._match_checks)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self._store.providers = dict(self._providers)
        self._store.npi_lookups = dict(self._lookups)
        self._store.audit = list(self._audit)
        self._store.outbox = dict(self._outbox)
        self._store.match_checks = dict(self._match_checks)
        self._store.link_claims = dict(self._link_claims)
        self._store.commits += 1

    def rollback(self) -> None:
        self._begin()
