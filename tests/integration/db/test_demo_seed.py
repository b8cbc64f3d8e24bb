"""The demo seed on every engine: fixed ids for linked records, and a second --demo changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.records import NewProvider
from countyadmin.services.demo import seed_demo_database
from tests.unit.services.test_demo import DATASET

NOW = datetime(2026, 3, 3, tzinfo=UTC)


def test_seed_is_idempotent_and_later_inserts_work(uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> None:
    assert seed_demo_database(uow_factory, DATASET, now=NOW) == 3
    assert seed_demo_database(uow_factory, DATASET, now=NOW) == 0
    with uow_factory() as uow:
        summaries = uow.providers.list_summaries()
        linked = uow.providers.get(40)
        new_id = uow.providers.add(NewProvider(name="Added later"), user="clerk", at=NOW)
        uow.commit()
    assert len(summaries) == 3
    assert linked is not None and linked.portal_provider_id == "CP-000040" and linked.linked_at == NOW
    assert new_id not in {s.id for s in summaries}
