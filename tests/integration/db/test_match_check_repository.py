"""Remembered match checks on every database: saved, replaced, read back with their kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.match_check import MatchCheck
from countyadmin.domain.matching import MatchKind
from countyadmin.domain.records import NewProvider

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_a_check_is_saved_replaced_and_listed(uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> None:
    with uow_factory() as uow:
        first = uow.providers.add(NewProvider(name="Sunrise Therapy"), user="import", at=AT)
        second = uow.providers.add(NewProvider(name="Nowhere Agency"), user="import", at=AT)
        uow.match_checks.save(MatchCheck(first, AT, MatchKind.NAME_AND_ZIP, 1))
        uow.match_checks.save(MatchCheck(second, AT, None, 0))
        uow.commit()
    with uow_factory() as uow:
        uow.match_checks.save(MatchCheck(first, AT, MatchKind.NPI_AND_SED, 2))
        uow.commit()
    with uow_factory() as uow:
        assert uow.match_checks.get(first) == MatchCheck(first, AT, MatchKind.NPI_AND_SED, 2)
        assert uow.match_checks.all() == {
            first: MatchCheck(first, AT, MatchKind.NPI_AND_SED, 2),
            second: MatchCheck(second, AT, None, 0),
        }
        assert uow.match_checks.get(999) is None
