"""Repositories on every engine: round trips, text identifiers, UTC times, the cache and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.domain.records import CachedNpiLookup, NewProvider

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
AT = datetime(2026, 3, 3, 19, 14, 5, 123456, tzinfo=UTC)


def _add(uow_factory: UowFactory, provider: NewProvider) -> int:
    with uow_factory() as uow:
        provider_id = uow.providers.add(provider, user="Jane Smith", at=AT)
        uow.commit()
    return provider_id


def test_provider_round_trip_keeps_leading_zeros_and_utc(uow_factory: UowFactory) -> None:
    linked = datetime(2026, 3, 3, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    new = NewProvider(
        name="Sunrise Therapy, L.L.C.", provider_type=ProviderType.AGENCY, sed_code="001234567890",
        npi="1234567893", tax_id="012345678", zip="01234", uses_portal=True,
        portal_provider_id="CP-000123", linked_at=linked, linked_by="Jane Smith",
    )  # fmt: skip
    provider_id = _add(uow_factory, new)
    with uow_factory() as uow:
        record = uow.providers.get(provider_id)
    assert record is not None
    assert (record.sed_code, record.tax_id, record.zip) == ("001234567890", "012345678", "01234")
    assert record.provider_type is ProviderType.AGENCY and record.uses_portal is True
    assert record.version == 1 and record.updated_by == "Jane Smith"
    assert record.updated_at == AT and record.updated_at.tzinfo is not None
    assert record.linked_at == linked and record.linked_at.utcoffset() == timedelta(0)


def test_missing_provider_is_none(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        assert uow.providers.get(999) is None


def test_list_summaries_ordered_by_name(uow_factory: UowFactory) -> None:
    b = _add(uow_factory, NewProvider(name="Bright Start", npi="1234567893"))
    able = NewProvider(name="Able Kids", provider_type=ProviderType.INDIVIDUAL, sed_code="000000000001")
    a = _add(uow_factory, able)
    with uow_factory() as uow:
        summaries = uow.providers.list_summaries()
        assert uow.providers.count() == 2
        found = uow.providers.find_by_sed_code("000000000001")
        assert uow.providers.find_by_sed_code("000000000002") is None
    assert [(s.id, s.name) for s in summaries] == [(a, "Able Kids"), (b, "Bright Start")]
    assert summaries[0].provider_type is ProviderType.INDIVIDUAL and summaries[1].provider_type is None
    assert summaries[1].npi == "1234567893" and summaries[1].uses_portal is False
    assert found is not None and found.id == a


def test_sed_code_is_unique_in_the_database(uow_factory: UowFactory) -> None:
    _add(uow_factory, NewProvider(name="One", sed_code="123456789012"))
    with pytest.raises(IntegrityError), uow_factory() as uow:
        uow.providers.add(NewProvider(name="Two", sed_code="123456789012"), user="x", at=AT)
    _add(uow_factory, NewProvider(name="Three"))  # many providers without a SED code are fine
    _add(uow_factory, NewProvider(name="Four"))


def test_update_is_compare_and_set(uow_factory: UowFactory) -> None:
    provider_id = _add(uow_factory, NewProvider(name="Sunrise"))
    with uow_factory() as uow:
        record = uow.providers.get(provider_id)
        assert record is not None
        saved = uow.providers.update(replace(record, npi="1234567893"), expected_version=1)
        assert saved is not None and saved.version == 2
        assert uow.providers.update(replace(record, npi="1245319599"), expected_version=1) is None
        uow.commit()
    with uow_factory() as uow:
        stored = uow.providers.get(provider_id)
    assert stored is not None and (stored.npi, stored.version) == ("1234567893", 2)


def test_leaving_without_commit_rolls_back(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.providers.add(NewProvider(name="Never saved"), user="x", at=AT)
    with pytest.raises(RuntimeError), uow_factory() as uow:
        uow.providers.add(NewProvider(name="Never saved either"), user="x", at=AT)
        raise RuntimeError("boom")
    with uow_factory() as uow:
        assert uow.providers.count() == 0


def test_npi_lookup_cache_upserts(uow_factory: UowFactory) -> None:
    payload = {"number": 1234567893, "basic": {"organization_name": "Sunrise Therapy LLC", "status": "A"}}
    with uow_factory() as uow:
        uow.npi_lookups.save(CachedNpiLookup("1234567893", found=False, payload=None, fetched_at=AT))
        uow.commit()
    later = AT + timedelta(days=1)
    with uow_factory() as uow:
        uow.npi_lookups.save(CachedNpiLookup("1234567893", found=True, payload=payload, fetched_at=later))
        uow.commit()
    with uow_factory() as uow:
        cached = uow.npi_lookups.get("1234567893")
        assert uow.npi_lookups.get("1245319599") is None
    assert cached == CachedNpiLookup("1234567893", found=True, payload=payload, fetched_at=later)


def test_large_payload_fits(uow_factory: UowFactory) -> None:
    # Real NPPES answers with many taxonomies and identifiers exceed MariaDB's 64 KB TEXT.
    payload = {"identifiers": ["x" * 100] * 1000}
    with uow_factory() as uow:
        uow.npi_lookups.save(CachedNpiLookup("1234567893", found=True, payload=payload, fetched_at=AT))
        uow.commit()
    with uow_factory() as uow:
        cached = uow.npi_lookups.get("1234567893")
    assert cached is not None and cached.payload == payload


def test_audit_trail_newest_first(uow_factory: UowFactory) -> None:
    provider_id = _add(uow_factory, NewProvider(name="Sunrise"))
    other_id = _add(uow_factory, NewProvider(name="Other"))
    with uow_factory() as uow:
        for minutes, action in ((1, "first"), (2, "second")):
            uow.audit.add(
                occurred_at=AT + timedelta(minutes=minutes),
                user_name="Jane Smith",
                provider_id=provider_id,
                action=action,
                details={"n": minutes, "ü": "ß"},
            )
        uow.audit.add(
            occurred_at=AT, user_name="x", provider_id=other_id, action="elsewhere", details={}
        )
        uow.commit()
    with uow_factory() as uow:
        entries = uow.audit.for_provider(provider_id)
    assert [e.action for e in entries] == ["second", "first"]
    assert entries[0].details == {"n": 2, "ü": "ß"} and entries[0].occurred_at == AT + timedelta(minutes=2)


def test_audit_needs_an_existing_provider(uow_factory: UowFactory) -> None:
    with pytest.raises(IntegrityError), uow_factory() as uow:
        uow.audit.add(occurred_at=AT, user_name="x", provider_id=4242, action="a", details={})
        uow.commit()


def test_records_are_plain_data_after_the_session(uow_factory: UowFactory) -> None:
    provider_id = _add(uow_factory, NewProvider(name="Sunrise"))
    with uow_factory() as uow:
        record = uow.providers.get(provider_id)
    assert type(record) is ProviderRecord


def test_explicit_ids_do_not_block_later_inserts(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.providers.add(NewProvider(name="Fixed"), user="demo", at=AT, provider_id=7)
        uow.commit()
    assert _add(uow_factory, NewProvider(name="Next")) > 7


def test_npi_lookup_save_is_an_upsert_even_when_two_sessions_race(
    uow_factory: Callable[[], SqlAlchemyUnitOfWork],
) -> None:
    # Two lookups of the same new NPI finish together: both saw "not cached" and both insert.
    from datetime import UTC, datetime

    from countyadmin.domain.records import CachedNpiLookup

    first, second = uow_factory(), uow_factory()
    with first, second:
        assert first.npi_lookups.get("1234567893") is None and second.npi_lookups.get("1234567893") is None
        at = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
        first.npi_lookups.save(CachedNpiLookup("1234567893", False, None, at))
        first.commit()
        second.npi_lookups.save(CachedNpiLookup("1234567893", True, {"number": "1234567893"}, at))
        second.commit()
    with uow_factory() as uow:
        stored = uow.npi_lookups.get("1234567893")
    assert stored is not None and stored.found and stored.payload == {"number": "1234567893"}
