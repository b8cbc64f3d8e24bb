"""ProviderService's duplicate questions on every database: same NPI or SED code, linked elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.records import NewProvider
from countyadmin.services.providers import ProviderService

AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
NPI = "1234567893"


def test_other_records_with_the_npi_or_sed_code_and_links(
    uow_factory: Callable[[], SqlAlchemyUnitOfWork],
) -> None:
    with uow_factory() as uow:
        me = uow.providers.add(NewProvider(name="Maple (new)", npi=NPI), user="t", at=AT)
        twin = uow.providers.add(NewProvider(name="Maple (old)", npi=NPI), user="t", at=AT)
        sed = uow.providers.add(NewProvider(name="Birch", sed_code="000111222333"), user="t", at=AT)
        uow.providers.add(NewProvider(name="Unrelated", npi="1987654329"), user="t", at=AT)
        linked = uow.providers.get(sed)
        assert linked is not None
        uow.providers.update(replace(linked, portal_provider_id="CP-7"), expected_version=1)
        uow.commit()
    service = ProviderService(uow_factory, user="t")
    found = service.others_with_identifiers(me, npi=NPI, sed_code="000111222333")
    assert [s.id for s in found] == [sed, twin]  # by name, never the record itself
    assert service.others_with_identifiers(me, npi=None, sed_code=None) == []
    assert {k: v.id for k, v in service.linked_elsewhere(me, ["CP-7", "CP-8"]).items()} == {"CP-7": sed}
    assert service.linked_elsewhere(sed, ["CP-7"]) == {}  # its own link is not "elsewhere"
