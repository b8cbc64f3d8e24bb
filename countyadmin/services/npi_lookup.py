"""Look an NPI up in the NPI Registry, through a cache in the county database.

The registry is slow and sometimes down, and a clerk opens the same providers again and again: a fresh
answer is reused without asking, and when the registry is unreachable an old answer is better than none
(it is marked ``stale`` so the screen can say how old it is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from countyadmin.domain.records import CachedNpiLookup
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_record
from countyadmin.services.unit_of_work import UnitOfWorkFactory


class NpiRegistryClient(Protocol):
    def lookup(self, npi: str) -> NpiRecord:
        """Raises NpiNotFound, NpiRegistryRejected or NpiRegistryUnavailable."""
        ...


@dataclass(frozen=True, slots=True)
class NpiLookupResult:
    npi: str
    record: NpiRecord | None  # None when the registry has no such NPI
    found: bool
    fetched_at: datetime  # when the registry gave this answer
    from_cache: bool
    stale: bool  # older than the cache's age limit: the registry could not be asked again


def _utc_now() -> datetime:
    return datetime.now(UTC)


class NpiLookupService:
    """``max_age`` keeps found answers; a "not found" is kept for ``not_found_max_age`` only (shorter,
    because NPPES lists a new NPI some days late and the clerk will try again)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        client: NpiRegistryClient,
        *,
        max_age: timedelta = timedelta(days=7),
        not_found_max_age: timedelta = timedelta(hours=1),
        clock: Callable[[], datetime] = _utc_now,
        parse: Callable[[Mapping[str, Any]], NpiRecord] = parse_record,
    ) -> None:
        self._uow_factory = uow_factory
        self._client = client
        self._max_age = max_age
        self._not_found_max_age = not_found_max_age
        self._clock = clock
        self._parse = parse

    def lookup(self, npi: str) -> NpiLookupResult:
        """The registry's answer about ``npi`` (a "not found" is an answer, not an error).

        Raises:
            NpiRegistryRejected: the registry refused the question (never cached).
            NpiRegistryUnavailable: the registry cannot be reached and nothing is cached.
        """
        npi = npi.strip()
        with self._uow_factory() as uow:
            cached = uow.npi_lookups.get(npi)
        now = self._clock()
        cached_result = self._from_cache(cached, now) if cached is not None else None
        if cached_result is not None and not cached_result.stale:
            return cached_result
        try:
            record: NpiRecord | None = self._client.lookup(npi)
        except NpiNotFound:
            record = None
        except NpiRegistryUnavailable:
            if cached_result is not None:
                return cached_result
            raise
        found = record is not None
        payload = dict(record.raw) if record is not None else None
        with self._uow_factory() as uow:
            uow.npi_lookups.save(CachedNpiLookup(npi, found=found, payload=payload, fetched_at=now))
            uow.commit()
        return NpiLookupResult(npi, record, found, now, from_cache=False, stale=False)

    def _from_cache(self, cached: CachedNpiLookup, now: datetime) -> NpiLookupResult | None:
        """The cached answer, or ``None`` when it cannot be read back (then the registry is asked)."""
        record = None
        if cached.found:
            if cached.payload is None:
                return None
            try:
                record = self._parse(cached.payload)
            except NpiRegistryUnavailable:  # stored by an older version in a shape no longer read
                return None
        limit = self._max_age if cached.found else self._not_found_max_age
        stale = now - cached.fetched_at >= limit
        return NpiLookupResult(
            cached.npi, record, cached.found, cached.fetched_at, from_cache=True, stale=stale
        )
