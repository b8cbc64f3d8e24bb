"""NpiLookupService with a fake registry client and the in-memory unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from countyadmin.domain.records import CachedNpiLookup
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryRejected, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_record
from countyadmin.services.npi_lookup import NpiLookupResult, NpiLookupService
from countyadmin.services.testing import InMemoryStore

NPI = "1234567893"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RAW: dict[str, Any] = {
    "number": NPI,
    "enumeration_type": "NPI-2",
    "basic": {"organization_name": "SUNRISE THERAPY LLC", "status": "A", "last_updated": "2025-01-02"},
    "addresses": [],
    "taxonomies": [],
    "other_names": [],
}


class FakeRegistry:
    def __init__(self, *answers: NpiRecord | Exception) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    def lookup(self, npi: str) -> NpiRecord:
        self.calls.append(npi)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _service(store: InMemoryStore, client: FakeRegistry, clock: Clock) -> NpiLookupService:
    return NpiLookupService(store.unit_of_work, client, clock=clock)


def test_first_lookup_asks_and_caches(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(parse_record(RAW))
    result = _service(store, client, clock).lookup(f" {NPI} ")
    assert result == NpiLookupResult(NPI, parse_record(RAW), True, T0, from_cache=False, stale=False)
    assert result.record is not None and result.record.display_name == "SUNRISE THERAPY LLC"
    assert store.npi_lookups[NPI] == CachedNpiLookup(NPI, True, RAW, T0)
    assert client.calls == [NPI]


def test_fresh_cache_needs_no_network(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(parse_record(RAW))
    service = _service(store, client, clock)
    service.lookup(NPI)
    clock.now = T0 + timedelta(days=6, hours=23)
    result = service.lookup(NPI)
    assert result.from_cache and not result.stale and result.fetched_at == T0
    assert result.record == parse_record(RAW)  # rebuilt from the stored payload
    assert client.calls == [NPI]


def test_old_cache_is_refreshed(store: InMemoryStore, clock: Clock) -> None:
    renamed = {**RAW, "basic": {**RAW["basic"], "organization_name": "SUNRISE KIDS LLC"}}
    client = FakeRegistry(parse_record(RAW), parse_record(renamed))
    service = _service(store, client, clock)
    service.lookup(NPI)
    clock.now = T0 + timedelta(days=7)
    result = service.lookup(NPI)
    assert not result.from_cache and result.fetched_at == clock.now
    assert result.record is not None and result.record.display_name == "SUNRISE KIDS LLC"
    assert store.npi_lookups[NPI].payload == renamed


def test_unavailable_registry_falls_back_to_a_stale_answer(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(parse_record(RAW), NpiRegistryUnavailable("The NPI Registry did not answer."))
    service = _service(store, client, clock)
    service.lookup(NPI)
    clock.now = T0 + timedelta(days=30)
    result = service.lookup(NPI)
    assert result.from_cache and result.stale and result.found and result.fetched_at == T0
    assert len(client.calls) == 2


def test_unavailable_registry_without_cache_raises(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(NpiRegistryUnavailable("The NPI Registry did not answer."))
    with pytest.raises(NpiRegistryUnavailable):
        _service(store, client, clock).lookup(NPI)
    assert store.npi_lookups == {}


def test_not_found_is_an_answer_and_is_cached_briefly(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(NpiNotFound("No provider has NPI 1234567893."), parse_record(RAW))
    service = _service(store, client, clock)
    first = service.lookup(NPI)
    assert (first.found, first.record, first.from_cache) == (False, None, False)
    assert store.npi_lookups[NPI] == CachedNpiLookup(NPI, False, None, T0)
    clock.now = T0 + timedelta(minutes=59)
    assert service.lookup(NPI).from_cache  # not asked again within the hour
    clock.now = T0 + timedelta(hours=1)
    assert service.lookup(NPI).found  # NPPES lists new NPIs late: asked again after an hour
    assert len(client.calls) == 2


def test_rejected_question_is_raised_and_not_cached(store: InMemoryStore, clock: Clock) -> None:
    client = FakeRegistry(NpiRegistryRejected("The NPI Registry refused the search."))
    with pytest.raises(NpiRegistryRejected):
        _service(store, client, clock).lookup(NPI)
    assert store.npi_lookups == {}


def test_unreadable_cached_payload_is_fetched_again(store: InMemoryStore, clock: Clock) -> None:
    store.npi_lookups[NPI] = CachedNpiLookup(NPI, True, {"garbage": True}, T0)
    client = FakeRegistry(parse_record(RAW))
    result = _service(store, client, clock).lookup(NPI)
    assert not result.from_cache and client.calls == [NPI]
