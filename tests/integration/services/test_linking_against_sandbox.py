"""Match and link against the real sandbox over HTTP, on a real database (SQLite, PostgreSQL, MariaDB)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from countyadmin.db.models import ProviderRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.matching import MatchKind
from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import CountyLink, NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.errors import LinkIncomplete, LinkOvertaken, LinkRefused, ProviderOnPortalAlready
from countyadmin.services.linking import LINK_CLAIM_LEASE, LinkService
from countyadmin.services.matching import find_portal_matches
from tests.fixtures.sandbox import set_faults

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


def _npi(first_nine: str) -> str:
    return first_nine + npi_check_digit(first_nine)


@pytest.fixture
def portal(fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> Iterator[PortalClient]:
    client = PortalClient(
        fresh_sandbox.url, sandbox_api_key, max_attempts=2, backoff=0.01, sleep=lambda _: None
    )
    yield client
    client.close()


def _add(uow_factory: UowFactory, provider: NewProvider) -> int:
    with uow_factory() as uow:
        provider_id = uow.providers.add(provider, user="import", at=datetime.now(UTC))
        uow.commit()
    return provider_id


def _get(uow_factory: UowFactory, provider_id: int) -> ProviderRecord:
    with uow_factory() as uow:
        record = uow.providers.get(provider_id)
    assert record is not None
    return record


def test_each_match_kind_comes_back_ranked(portal: PortalClient, uow_factory: UowFactory) -> None:
    npi, sed = _npi("123456780"), "000111222333"
    both = portal.create_provider(NewPortalProvider("agency", "Both Match LLC", npi, sed, zip="12207"))
    by_name = portal.create_provider(
        NewPortalProvider("agency", "Hudson Kids Therapy, L.L.C.", _npi("223456781"), None, zip="12207")
    )
    record_id = _add(
        uow_factory,
        NewProvider(
            name="Both Match LLC", provider_type=ProviderType.AGENCY, npi=npi, sed_code=sed, zip="12207"
        ),
    )
    result = find_portal_matches(portal, _get(uow_factory, record_id))
    assert [(c.portal.id, c.kind) for c in result.candidates] == [(both.id, MatchKind.NPI_AND_SED)]

    fuzzy_id = _add(uow_factory, NewProvider(name="Hudson Kids Therapy LLC", zip="12207-4411"))
    fuzzy = find_portal_matches(portal, _get(uow_factory, fuzzy_id))
    assert [(c.portal.id, c.kind) for c in fuzzy.candidates] == [(by_name.id, MatchKind.NAME_AND_ZIP)]
    assert not fuzzy.has_identifier_match

    nothing_id = _add(uow_factory, NewProvider(name="Nowhere Agency", npi=_npi("199999999"), zip="14850"))
    assert find_portal_matches(portal, _get(uow_factory, nothing_id)).candidates == []


def test_link_is_recorded_on_both_sides_and_repeat_is_harmless(
    portal: PortalClient, uow_factory: UowFactory
) -> None:
    target = portal.create_provider(NewPortalProvider("agency", "Sunrise Therapy", _npi("123450000"), None))
    record_id = _add(uow_factory, NewProvider(name="Sunrise Therapy"))
    service = LinkService(uow_factory, portal, user="jsmith")
    linked = service.link(record_id, target.id, expected_version=1)
    assert linked.portal_provider_id == target.id
    link = portal.get_county_link(target.id)
    assert link is not None and link.county_provider_ref == str(record_id)
    assert service.link(record_id, target.id, expected_version=linked.version) == linked
    with uow_factory() as uow:
        assert [e.action for e in uow.audit.for_provider(record_id)] == ["linked"]


def test_second_record_is_refused_naming_the_first(portal: PortalClient, uow_factory: UowFactory) -> None:
    target = portal.create_provider(NewPortalProvider("agency", "Shared Agency", _npi("123450001"), None))
    first = _add(uow_factory, NewProvider(name="Shared Agency (main office)"))
    second = _add(uow_factory, NewProvider(name="Shared Agency (duplicate)"))
    service = LinkService(uow_factory, portal, user="jsmith")
    service.link(first, target.id, expected_version=1)
    with pytest.raises(LinkRefused, match=r"Shared Agency \(main office\)"):
        service.link(second, target.id, expected_version=1)
    assert _get(uow_factory, second).portal_provider_id is None


def test_portal_down_mid_link_then_repaired(
    fresh_sandbox: SandboxProcess, portal: PortalClient, uow_factory: UowFactory
) -> None:
    target = portal.create_provider(NewPortalProvider("agency", "Flaky Day Agency", _npi("123450002"), None))
    record_id = _add(uow_factory, NewProvider(name="Flaky Day Agency"))
    service = LinkService(uow_factory, portal, user="jsmith")
    # The portal links, then the answer is lost: the client gives up after its bounded retries.
    set_faults(fresh_sandbox, drop_rate=1.0)
    try:
        with pytest.raises(LinkIncomplete) as raised:
            service.link(record_id, target.id, expected_version=1)
    finally:
        set_faults(fresh_sandbox)
    assert raised.value.portal_linked is None
    assert _get(uow_factory, record_id).portal_provider_id is None
    # The portal did record it; repeating on the record as it is now (its claim, abandoned, moved the
    # version on) asks the portal, finds the link, and records it without a conflict.
    assert portal.get_county_link(target.id) is not None
    again = service.link(record_id, target.id, expected_version=_get(uow_factory, record_id).version)
    assert again.portal_provider_id == target.id


def test_add_new_portal_provider_then_409_shows_the_existing_one(
    portal: PortalClient, uow_factory: UowFactory
) -> None:
    npi = _npi("223450003")
    record_id = _add(
        uow_factory,
        NewProvider(name="Brand New Agency", provider_type=ProviderType.AGENCY, npi=npi, state="New York",
                    uses_portal=True),
    )
    service = LinkService(uow_factory, portal, user="jsmith")
    linked = service.add_to_portal(record_id, expected_version=1)
    created = portal.get_provider(linked.portal_provider_id or "")
    assert (created.name, created.npi, created.state) == ("Brand New Agency", npi, "NY")

    twin = _add(
        uow_factory,
        NewProvider(name="Brand New Agency copy", provider_type=ProviderType.AGENCY, npi=npi,
                    uses_portal=True),
    )
    with pytest.raises(ProviderOnPortalAlready) as raised:
        service.add_to_portal(twin, expected_version=1)
    assert raised.value.existing is not None and raised.value.existing.id == created.id


def test_add_new_whose_answer_was_lost_is_found_again_and_linked_from_the_same_dialog(
    fresh_sandbox: SandboxProcess, portal: PortalClient, uow_factory: UowFactory
) -> None:
    npi = _npi("223450005")
    record_id = _add(uow_factory, NewProvider(name="Lost Answer Agency", provider_type=ProviderType.AGENCY,
                                              npi=npi, uses_portal=True))  # fmt: skip
    service = LinkService(uow_factory, portal, user="jsmith")
    set_faults(fresh_sandbox, drop_rate=1.0)  # the create arrives; its answer is lost
    try:
        with pytest.raises(LinkIncomplete) as lost:
            service.add_to_portal(record_id, expected_version=1)
    finally:
        set_faults(fresh_sandbox)
    assert lost.value.current is not None and lost.value.current.version == 2  # the claim's, released
    # Add New again, then Link, each with the version the previous error carried: no "someone changed it".
    with pytest.raises(ProviderOnPortalAlready) as found:
        service.add_to_portal(record_id, expected_version=lost.value.current.version)
    existing, current = found.value.existing, found.value.current
    assert existing is not None and existing.npi == npi and current is not None
    linked = service.link(record_id, existing.id, expected_version=current.version)
    assert linked.portal_provider_id == existing.id
    assert [m.provider.id for m in portal.search_providers(npi=npi)] == [existing.id]


def test_unlink_clears_both_sides(portal: PortalClient, uow_factory: UowFactory) -> None:
    target = portal.create_provider(NewPortalProvider("individual", "Pat Lee SLP", _npi("123450004"), None))
    record_id = _add(uow_factory, NewProvider(name="Pat Lee"))
    service = LinkService(uow_factory, portal, user="jsmith")
    linked = service.link(record_id, target.id, expected_version=1)
    unlinked = service.unlink(record_id, expected_version=linked.version)
    assert unlinked.portal_provider_id is None
    assert portal.get_county_link(target.id) is None


class DeskDied(BaseException):
    """The desk's process ends here: nothing after it runs, not even an ``except Exception``."""


class DyingPortal:
    """The real portal client, but the desk dies right before or right after its next link/unlink call."""

    def __init__(self, client: PortalClient, when: str) -> None:
        self._client = client
        self._when = when

    def __getattr__(self, name: str) -> object:
        return getattr(self._client, name)

    def _die_around(self, call: Callable[[], object]) -> None:
        if self._when == "before":
            raise DeskDied
        call()
        raise DeskDied

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        self._die_around(lambda: self._client.link_county(provider_id, county_provider_ref))
        raise AssertionError("unreachable")

    def unlink_county(self, provider_id: str) -> None:
        self._die_around(lambda: self._client.unlink_county(provider_id))


def _two_targets(portal: PortalClient, name: str) -> tuple[str, str]:
    first = portal.create_provider(NewPortalProvider("agency", f"{name} One", None, "700000000001"))
    second = portal.create_provider(NewPortalProvider("agency", f"{name} Two", None, "700000000002"))
    return first.id, second.id


def _end_lease(uow_factory: UowFactory, record_id: int) -> None:
    """Move the claim back by its lease (and 5 s): as if the lease had passed on the database's clock."""
    with uow_factory() as uow:
        found = uow.providers.get_with_link_claim(record_id)
        assert found is not None and found[1] is not None
        claim, back = found[1], LINK_CLAIM_LEASE + timedelta(seconds=5)
        uow.session.execute(update(ProviderRow).where(ProviderRow.id == record_id)
                            .values(link_claim_at=claim.claimed_at - back,
                                    link_claim_until=claim.lease_until - back))  # fmt: skip
        uow.commit()


def _died_linking(
    portal: PortalClient, uow_factory: UowFactory, name: str, when: str
) -> tuple[int, str, str, int, str]:  # fmt: skip
    """jsmith's desk dies linking a new record to the first of two new portal providers ``when``.

    Returns the record, both portal providers, the record's version and what another desk is told.
    """
    first, second = _two_targets(portal, name)
    record_id = _add(uow_factory, NewProvider(name=f"{name} Agency"))
    with pytest.raises(DeskDied):
        LinkService(uow_factory, DyingPortal(portal, when), user="jsmith").link(  # type: ignore[arg-type]
            record_id, first, expected_version=1
        )
    busy = f"^jsmith started linking this provider to CPSE Portal provider {first}"
    return record_id, first, second, _get(uow_factory, record_id).version, busy


@pytest.mark.parametrize("when", ["before", "after"])
def test_desk_dies_while_linking_then_a_retry_makes_both_sides_agree(
    portal: PortalClient, uow_factory: UowFactory, when: str
) -> None:
    record_id, first, second, version, busy = _died_linking(portal, uow_factory, f"Crash {when}", when)
    # While the dead desk's claim lasts, another desk is told so, and nothing is sent to the portal.
    with pytest.raises(LinkRefused, match=busy):
        LinkService(uow_factory, portal, user="mjones").link(record_id, second, expected_version=version)
    assert portal.get_county_link(second) is None
    # After the lease the next try settles it: the link the dead desk made is recorded for it, or, when it
    # died before calling the portal, the new link goes ahead.
    _end_lease(uow_factory, record_id)
    later = LinkService(uow_factory, portal, user="mjones")
    if when == "after":
        with pytest.raises(LinkRefused, match=f"already linked to CPSE Portal provider {first}"):
            later.link(record_id, second, expected_version=version)
        expected = first
    else:
        later.link(record_id, second, expected_version=version)
        expected = second
    final = _get(uow_factory, record_id)
    assert final.portal_provider_id == expected
    held = {p: (link.county_provider_ref if (link := portal.get_county_link(p)) else None)
            for p in (first, second)}  # fmt: skip
    assert held == {p: (str(record_id) if p == expected else None) for p in (first, second)}


def test_desk_dies_after_unlinking_on_the_portal_then_unlink_again_finishes(
    portal: PortalClient, uow_factory: UowFactory
) -> None:
    target, _ = _two_targets(portal, "Unlink crash")
    record_id = _add(uow_factory, NewProvider(name="Unlink Crash Agency"))
    linked = LinkService(uow_factory, portal, user="jsmith").link(record_id, target, expected_version=1)
    with pytest.raises(DeskDied):
        LinkService(uow_factory, DyingPortal(portal, "after"), user="jsmith").unlink(  # type: ignore[arg-type]
            record_id, expected_version=linked.version
        )
    assert portal.get_county_link(target) is None
    assert _get(uow_factory, record_id).portal_provider_id == target  # the database still shows it
    _end_lease(uow_factory, record_id)
    later = LinkService(uow_factory, portal, user="jsmith")
    done = later.unlink(record_id, expected_version=_get(uow_factory, record_id).version)
    assert done.portal_provider_id is None and portal.get_county_link(target) is None


def test_the_desk_that_loses_the_claim_never_calls_the_portal(
    portal: PortalClient, uow_factory: UowFactory
) -> None:
    first, second = _two_targets(portal, "Sequential race")
    record_id = _add(uow_factory, NewProvider(name="Sequential Race Agency"))
    LinkService(uow_factory, portal, user="Desk A").link(record_id, first, expected_version=1)
    with pytest.raises(LinkOvertaken) as raised:  # Desk B opened the provider at version 1 too
        LinkService(uow_factory, portal, user="Desk B").link(record_id, second, expected_version=1)
    assert str(raised.value).startswith(f"Desk A linked this provider to CPSE Portal provider {first} at ")
    assert str(raised.value).endswith(
        f"while you were linking it; your link to {second} was not made — reload to see it."
    )
    assert portal.get_county_link(second) is None


def _desk_off_by(uow_factory: UowFactory, portal: PortalClient, user: str, off_by: timedelta) -> LinkService:
    """A desk whose own clock is ``off_by`` from the database server's (county PCs drift)."""
    return LinkService(uow_factory, portal, user=user, clock=lambda: datetime.now(UTC) + off_by)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_desk_whose_clock_runs_ten_minutes_ahead_cannot_take_over_a_live_claim(
    portal: PortalClient, uow_factory: UowFactory, when: str
) -> None:
    record_id, _, second, version, busy = _died_linking(portal, uow_factory, f"Clock ahead {when}", when)
    ahead = _desk_off_by(uow_factory, portal, "mjones", timedelta(minutes=10))  # the lease's 1st minute
    with pytest.raises(LinkRefused, match=busy):
        ahead.link(record_id, second, expected_version=version)
    with pytest.raises(LinkRefused, match=busy):
        ahead.unlink(record_id, expected_version=version)
    assert portal.get_county_link(second) is None
    with uow_factory() as uow:
        found = uow.providers.get_with_link_claim(record_id)
    assert found is not None and found[1] is not None and found[1].claimed_by == "jsmith"
    assert found[0].version == version and found[0].portal_provider_id is None


def test_a_desk_whose_clock_runs_behind_claims_for_the_lease_by_the_database_clock(
    portal: PortalClient, uow_factory: UowFactory
) -> None:
    first, _ = _two_targets(portal, "Clock behind")
    record_id = _add(uow_factory, NewProvider(name="Clock Behind Agency"))
    behind = _desk_off_by(uow_factory, DyingPortal(portal, "before"), "jsmith", -timedelta(minutes=10))  # type: ignore[arg-type]
    with pytest.raises(DeskDied):
        behind.link(record_id, first, expected_version=1)
    with uow_factory() as uow:
        found = uow.providers.get_with_link_claim(record_id)
    assert found is not None and (claim := found[1]) is not None
    # Started now by the database's clock (here the same computer's), not ten minutes ago by the desk's.
    assert abs(claim.claimed_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert claim.lease_until - claim.claimed_at == LINK_CLAIM_LEASE and claim.live
