"""Two clerks, two sessions, one provider: the second save is refused and nothing is overwritten."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Self

import pytest

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.provider import ProfileChanges, ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.services.errors import ConcurrentEdit
from countyadmin.services.providers import ProviderService

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
JANE_AT = datetime(2026, 3, 3, 19, 14, tzinfo=UTC)


def _provider(uow_factory: UowFactory) -> int:
    with uow_factory() as uow:
        provider_id = uow.providers.add(NewProvider(name="Sunrise Therapy LLC"), user="import", at=JANE_AT)
        uow.commit()
    return provider_id


JANE_CHANGES = ProfileChanges(ProviderType.AGENCY, "1234567893", None, uses_portal=True)
BOB_CHANGES = ProfileChanges(ProviderType.INDIVIDUAL, "1245319599", None, uses_portal=False)


def _assert_jane_kept(record: ProviderRecord) -> None:
    assert (record.provider_type, record.npi, record.uses_portal) == (ProviderType.AGENCY, "1234567893", True)
    assert (record.version, record.updated_by, record.updated_at) == (2, "Jane Smith", JANE_AT)


def test_second_save_from_a_stale_screen_is_refused(uow_factory: UowFactory) -> None:
    provider_id = _provider(uow_factory)
    jane = ProviderService(uow_factory, user="Jane Smith", clock=lambda: JANE_AT)
    bob = ProviderService(uow_factory, user="Bob Jones")
    jane_screen, bob_screen = jane.get(provider_id), bob.get(provider_id)

    jane.apply_profile(provider_id, jane_screen.version, JANE_CHANGES)
    with pytest.raises(ConcurrentEdit) as refused:
        bob.apply_profile(provider_id, bob_screen.version, BOB_CHANGES)

    assert refused.value.changed_by == "Jane Smith" and refused.value.changed_at == JANE_AT
    assert str(refused.value).startswith("Jane Smith changed this provider ")
    assert str(refused.value).endswith(" — reload to see their changes.")
    _assert_jane_kept(refused.value.current)
    _assert_jane_kept(bob.get(provider_id))
    assert [entry.user_name for entry in bob.history(provider_id)] == ["Jane Smith"]


def test_race_between_read_and_write_is_caught_by_the_database(uow_factory: UowFactory) -> None:
    """Bob's transaction has read version 1 when Jane commits version 2: his UPDATE must match no row."""
    provider_id = _provider(uow_factory)
    jane = ProviderService(uow_factory, user="Jane Smith", clock=lambda: JANE_AT)

    class JaneSavesWhileBobReads(SqlAlchemyUnitOfWork):
        def __enter__(self) -> Self:
            super().__enter__()
            read = self.providers.get

            def get_then_jane_saves(pid: int) -> ProviderRecord | None:
                record = read(pid)
                if not raced:
                    raced.append(True)
                    jane.apply_profile(provider_id, 1, JANE_CHANGES)  # her own session and transaction
                return record

            self.providers.get = get_then_jane_saves  # type: ignore[method-assign]
            return self

    raced: list[bool] = []
    sessions = uow_factory()._session_factory  # the same sessionmaker, so the same engine and pool
    bob = ProviderService(lambda: JaneSavesWhileBobReads(sessions), user="Bob Jones")
    with pytest.raises(ConcurrentEdit) as refused:
        bob.apply_profile(provider_id, 1, BOB_CHANGES)

    assert raced == [True]
    assert refused.value.changed_by == "Jane Smith"
    _assert_jane_kept(refused.value.current)  # read again after the failed write, not Bob's old snapshot
    _assert_jane_kept(jane.get(provider_id))
    assert len(jane.history(provider_id)) == 1  # Bob's audit event was rolled back with his write
