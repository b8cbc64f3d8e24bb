"""LinkService on the in-memory unit of work and a scripted portal: order, repair, refusals, audit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.portal.errors import Conflict, NotFound, PortalUnavailable
from countyadmin.portal.models import CountyLink, NewPortalProvider, PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkRefused,
    ProfileInvalid,
    ProviderOnPortalAlready,
)
from countyadmin.services.linking import LinkService
from countyadmin.services.testing import InMemoryStore

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def _portal_provider(provider_id: str, name: str = "Sunrise Therapy") -> PortalProvider:
    return PortalProvider(
        id=provider_id, provider_type="agency", name=name, npi="1234567893", sed_code=None, tax_id=None,
        address_1=None, address_2=None, city=None, state=None, zip=None, phone=None, email=None,
        status="active", created_at=NOW,
    )  # fmt: skip


class ScriptedPortal:
    """Records calls; each method can be told to fail the next time."""

    def __init__(self) -> None:
        self.links: dict[str, str] = {}
        self.created: list[NewPortalProvider] = []
        self.fail_next: dict[str, Exception] = {}

    def _maybe_fail(self, method: str) -> None:
        if method in self.fail_next:
            raise self.fail_next.pop(method)

    def get_provider(self, provider_id: str) -> PortalProvider:
        return _portal_provider(provider_id, "Already There LLC")

    def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
        self._maybe_fail("create_provider")
        self.created.append(provider)
        return _portal_provider(f"CP-{len(self.created):06d}", provider.name)

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        self._maybe_fail("link_county")
        self.links[provider_id] = county_provider_ref
        return CountyLink(provider_id, county_provider_ref, NOW)

    def unlink_county(self, provider_id: str) -> None:
        self._maybe_fail("unlink_county")
        if self.links.pop(provider_id, None) is None:
            raise NotFound("not linked")


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    with store.unit_of_work() as uow:
        uow.providers.add(
            NewProvider(name="Sunrise Therapy", provider_type=ProviderType.AGENCY, npi="1234567893"),
            user="import", at=NOW,
        )  # fmt: skip
        uow.providers.add(NewProvider(name="Other Record"), user="import", at=NOW)
        uow.commit()
    return store


@pytest.fixture
def portal() -> ScriptedPortal:
    return ScriptedPortal()


def _service(store: InMemoryStore, portal: ScriptedPortal) -> LinkService:
    return LinkService(store.unit_of_work, portal, user="jsmith", clock=lambda: NOW)


def test_link_records_portal_then_county_with_audit(store: InMemoryStore, portal: ScriptedPortal) -> None:
    linked = _service(store, portal).link(1, "CP-000042", expected_version=1)
    assert portal.links == {"CP-000042": "1"}
    assert (linked.portal_provider_id, linked.linked_by, linked.linked_at, linked.version) == (
        "CP-000042", "jsmith", NOW, 2,
    )  # fmt: skip
    assert [(e.action, e.details["portal_provider_id"]) for e in store.audit] == [("linked", "CP-000042")]


def test_portal_down_changes_nothing_and_says_so(store: InMemoryStore, portal: ScriptedPortal) -> None:
    portal.fail_next["link_county"] = PortalUnavailable("down")
    with pytest.raises(LinkIncomplete) as raised:
        _service(store, portal).link(1, "CP-000042", expected_version=1)
    assert raised.value.portal_linked is None
    assert "nothing changed in Preschool" in str(raised.value)
    with store.unit_of_work() as uow:
        assert uow.providers.get(1).portal_provider_id is None  # type: ignore[union-attr]
    assert store.audit == []


def test_local_conflict_after_portal_link_is_repaired_by_repeating(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    service = _service(store, portal)
    original_update = store.unit_of_work

    class Interfering:
        """Another desk saves the provider between the portal call and the local write."""

        def __init__(self) -> None:
            self.calls = 0

        def __call__(self):  # type: ignore[no-untyped-def]
            self.calls += 1
            if self.calls == 2:
                with original_update() as uow:
                    record = uow.providers.get(1)
                    assert record is not None
                    from dataclasses import replace

                    uow.providers.update(replace(record, updated_by="Mary Jones"), expected_version=1)
                    uow.commit()
            return original_update()

    service._uow_factory = Interfering()  # type: ignore[assignment]
    with pytest.raises(LinkIncomplete) as raised:
        service.link(1, "CP-000042", expected_version=1)
    assert raised.value.portal_linked is True
    assert "Mary Jones changed this provider" in str(raised.value)
    assert portal.links == {"CP-000042": "1"}
    # The clerk reloads (version 2 now) and repeats: the idempotent portal call and the local write both land.
    repaired = _service(store, portal).link(1, "CP-000042", expected_version=2)
    assert repaired.portal_provider_id == "CP-000042" and repaired.version == 3


def test_portal_409_names_the_other_county_record(store: InMemoryStore, portal: ScriptedPortal) -> None:
    portal.fail_next["link_county"] = Conflict("linked elsewhere", existing_id="2")
    with pytest.raises(LinkRefused, match="“Other Record” \\(#2\\)"):
        _service(store, portal).link(1, "CP-000042", expected_version=1)
    with store.unit_of_work() as uow:
        assert uow.providers.get(1).portal_provider_id is None  # type: ignore[union-attr]


def test_stale_version_is_refused_before_calling_the_portal(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    with pytest.raises(ConcurrentEdit):
        _service(store, portal).link(1, "CP-000042", expected_version=7)
    assert portal.links == {}


def test_add_to_portal_creates_then_links(store: InMemoryStore, portal: ScriptedPortal) -> None:
    linked = _service(store, portal).add_to_portal(1, expected_version=1)
    assert [p.name for p in portal.created] == ["Sunrise Therapy"]
    assert linked.portal_provider_id == "CP-000001"
    assert portal.links == {"CP-000001": "1"}


def test_add_to_portal_when_it_exists_offers_the_existing_provider(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    portal.fail_next["create_provider"] = Conflict("exists", existing_id="CP-000777")
    with pytest.raises(ProviderOnPortalAlready) as raised:
        _service(store, portal).add_to_portal(1, expected_version=1)
    assert raised.value.existing is not None and raised.value.existing.id == "CP-000777"
    assert "Link to that provider instead" in str(raised.value)


def test_add_to_portal_validates_the_local_record_first(store: InMemoryStore, portal: ScriptedPortal) -> None:
    with pytest.raises(ProfileInvalid) as raised:
        _service(store, portal).add_to_portal(2, expected_version=1)
    assert set(raised.value.field_errors) == {"provider_type", "npi"}
    assert portal.created == []


def test_unlink_tolerates_a_portal_that_already_forgot(store: InMemoryStore, portal: ScriptedPortal) -> None:
    service = _service(store, portal)
    service.link(1, "CP-000042", expected_version=1)
    portal.links.clear()
    unlinked = service.unlink(1, expected_version=2)
    assert unlinked.portal_provider_id is None and unlinked.linked_at is None
    assert [e.action for e in store.audit] == ["linked", "unlinked"]
