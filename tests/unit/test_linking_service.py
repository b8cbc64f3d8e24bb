"""LinkService on the in-memory unit of work and a scripted portal: order, repair, refusals, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from countyadmin.domain.provider import ProviderRecord, ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.portal.errors import Conflict, NotFound, PortalUnavailable
from countyadmin.portal.models import CountyLink, NewPortalProvider, PortalProvider
from countyadmin.services.errors import (
    ConcurrentEdit,
    LinkIncomplete,
    LinkOvertaken,
    LinkRefused,
    ProfileInvalid,
    ProviderOnPortalAlready,
)
from countyadmin.services.linking import LINK_CLAIM_LEASE, LinkService
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
        for number, made in enumerate(self.created, 1):  # the portal's unique NPI and SED code
            same_sed = made.sed_code and made.sed_code == provider.sed_code
            if (made.npi and made.npi == provider.npi) or same_sed:
                raise Conflict("exists", existing_id=f"CP-{number:06d}")
        self.created.append(provider)
        return _portal_provider(f"CP-{len(self.created):06d}", provider.name)

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        self._maybe_fail("link_county")
        self.links[provider_id] = county_provider_ref
        return CountyLink(provider_id, county_provider_ref, NOW)

    def get_county_link(self, provider_id: str) -> CountyLink | None:
        self._maybe_fail("get_county_link")
        ref = self.links.get(provider_id)
        return None if ref is None else CountyLink(provider_id, ref, NOW)

    def unlink_county(self, provider_id: str) -> None:
        self._maybe_fail("unlink_county")
        if self.links.pop(provider_id, None) is None:
            raise NotFound("not linked")


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore(clock=lambda: NOW)  # the database server's clock, which times link claims
    with store.unit_of_work() as uow:
        uow.providers.add(
            NewProvider(name="Sunrise Therapy", provider_type=ProviderType.AGENCY, npi="1234567893",
                        uses_portal=True),
            user="import", at=NOW,
        )  # fmt: skip
        uow.providers.add(NewProvider(name="Other Record", uses_portal=True), user="import", at=NOW)
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
        "CP-000042", "jsmith", NOW, 3,
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


def test_a_save_before_the_claim_leaves_the_portal_alone_and_names_who(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    service = _service(store, portal)
    original_update = store.unit_of_work

    class Interfering:
        """Another desk saves the provider between the clerk's read and the claim."""

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
    with pytest.raises(LinkOvertaken) as raised:
        service.link(1, "CP-000042", expected_version=1)
    assert str(raised.value).startswith("Mary Jones changed this provider on ")  # NOW is not today
    assert "while you were linking it; your link to CP-000042 was not made" in str(raised.value)
    assert portal.links == {}  # the claim failed, so the portal was never called
    # The clerk reloads (version 2 now) and repeats: claim (3), portal, record (4).
    repaired = _service(store, portal).link(1, "CP-000042", expected_version=2)
    assert repaired.portal_provider_id == "CP-000042" and repaired.version == 4
    assert store.link_claims == {}


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
    unlinked = service.unlink(1, expected_version=3)
    assert unlinked.portal_provider_id is None and unlinked.linked_at is None
    assert [e.action for e in store.audit] == ["linked", "unlinked"]


class DeskDied(BaseException):
    """The desk's process ends here: nothing after it runs (not even an ``except Exception``)."""


class DyingPortal(ScriptedPortal):
    """A portal whose caller dies before (``when="before"``) or after the next link or unlink call."""

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when
        self.armed = True

    def _maybe_die(self, call: Callable[[], object]) -> None:
        if self.armed and self.when == "before":
            self.armed = False
            raise DeskDied
        call()
        if self.armed:
            self.armed = False
            raise DeskDied

    def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
        self._maybe_die(lambda: super(DyingPortal, self).link_county(provider_id, county_provider_ref))
        return CountyLink(provider_id, county_provider_ref, NOW)

    def unlink_county(self, provider_id: str) -> None:
        self._maybe_die(lambda: super(DyingPortal, self).unlink_county(provider_id))


def _at(store: InMemoryStore, portal: ScriptedPortal, user: str, when: datetime) -> LinkService:
    """A desk acting at ``when``: by its own clock and the database's (time has passed for everyone)."""
    store.clock = lambda: when
    return LinkService(store.unit_of_work, portal, user=user, clock=lambda: when)


LATER = NOW + LINK_CLAIM_LEASE + timedelta(seconds=1)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_desk_that_died_holding_the_claim_keeps_others_out_until_its_lease_ends(
    store: InMemoryStore, when: str
) -> None:
    portal = DyingPortal(when)
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).link(1, "CP-000042", expected_version=1)
    assert store.link_claims[1].claimed_by == "jsmith"
    with pytest.raises(LinkRefused) as raised:
        _at(store, portal, "mjones", NOW + timedelta(minutes=1)).link(1, "CP-000099", expected_version=2)
    assert str(raised.value).startswith("jsmith started linking this provider to "
                                        "CPSE Portal provider CP-000042")
    assert "if that desk was closed, try again on " in str(raised.value)
    assert portal.links == ({} if when == "before" else {"CP-000042": "1"})


def _desk(store: InMemoryStore, portal: ScriptedPortal, user: str, off_by: timedelta) -> LinkService:
    """A desk whose own clock is ``off_by`` from the database server's (county PCs drift)."""
    return LinkService(store.unit_of_work, portal, user=user, clock=lambda: store.clock() + off_by)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_desk_whose_clock_runs_ahead_cannot_take_over_a_live_claim(store: InMemoryStore, when: str) -> None:
    portal = DyingPortal(when)
    with pytest.raises(DeskDied):
        _desk(store, portal, "jsmith", timedelta(0)).link(1, "CP-000042", expected_version=1)
    store.clock = lambda: NOW + timedelta(minutes=1)  # one minute into the lease, by the database
    ahead = _desk(store, portal, "mjones", timedelta(minutes=10))
    with pytest.raises(LinkRefused, match="^jsmith started linking this provider"):
        ahead.link(1, "CP-000099", expected_version=2)
    assert store.link_claims[1].claimed_by == "jsmith" and portal.links.get("CP-000099") is None


def test_a_claim_lasts_its_lease_by_the_database_clock_whatever_the_desks_clock(store: InMemoryStore) -> None:
    portal = DyingPortal("before")
    with pytest.raises(DeskDied):  # a desk 10 minutes behind claims: its lease is not 10 minutes longer
        _desk(store, portal, "jsmith", -timedelta(minutes=10)).link(1, "CP-000042", expected_version=1)
    claim = store.link_claims[1]
    assert (claim.claimed_at, claim.lease_until) == (NOW, NOW + LINK_CLAIM_LEASE)
    store.clock = lambda: LATER  # the lease has ended by the database; a desk behind is not held out
    linked = _desk(store, portal, "mjones", -timedelta(minutes=10)).link(1, "CP-000099", expected_version=2)
    assert linked.portal_provider_id == "CP-000099" and store.link_claims == {}


def test_after_a_death_before_the_portal_call_the_next_link_goes_ahead(store: InMemoryStore) -> None:
    portal = DyingPortal("before")
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).link(1, "CP-000042", expected_version=1)
    linked = _at(store, portal, "mjones", LATER).link(1, "CP-000099", expected_version=2)
    assert (linked.portal_provider_id, linked.linked_by) == ("CP-000099", "mjones")
    assert portal.links == {"CP-000099": "1"} and store.link_claims == {}


def test_after_a_death_after_the_portal_call_the_dead_desks_link_is_recorded(store: InMemoryStore) -> None:
    portal = DyingPortal("after")
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).link(1, "CP-000042", expected_version=1)
    # Another clerk wants another portal provider: the portal holds jsmith's link, so Preschool records
    # it (for jsmith), and the other clerk is told it is linked already: both sides agree again.
    with pytest.raises(LinkRefused, match="already linked to CPSE Portal provider CP-000042"):
        _at(store, portal, "mjones", LATER).link(1, "CP-000099", expected_version=2)
    with store.unit_of_work() as uow:
        record = uow.providers.get(1)
    assert record is not None and (record.portal_provider_id, record.linked_by) == ("CP-000042", "jsmith")
    assert portal.links == {"CP-000042": "1"} and store.link_claims == {}
    assert [(e.user_name, e.action, e.details.get("completed_for")) for e in store.audit] == [
        ("mjones", "linked", "jsmith")
    ]
    # jsmith repeating the same link once back is harmless.
    assert _at(store, portal, "jsmith", LATER).link(1, "CP-000042", expected_version=3) == record


def test_after_a_death_mid_unlink_repeating_finishes_it(store: InMemoryStore) -> None:
    portal = DyingPortal("after")
    portal.armed = False
    linked = _at(store, portal, "jsmith", NOW).link(1, "CP-000042", expected_version=1)
    portal.armed = True
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).unlink(1, expected_version=linked.version)
    assert portal.links == {}
    unlinked = _at(store, portal, "jsmith", LATER).unlink(1, expected_version=linked.version + 1)
    assert unlinked.portal_provider_id is None and store.link_claims == {}


def test_portal_down_leaves_a_claim_the_next_try_settles_at_once(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    portal.fail_next["link_county"] = PortalUnavailable("answer lost")
    service = _service(store, portal)
    with pytest.raises(LinkIncomplete):
        service.link(1, "CP-000042", expected_version=1)
    assert store.link_claims[1].lease_until == NOW  # abandoned: no waiting for the lease
    portal.links["CP-000042"] = "1"  # the portal had made the link; only the answer was lost
    # The clerk clicks again from the dialog still at version 1: their own claim moved it to 2, and that
    # is no reason to refuse them.
    repaired = service.link(1, "CP-000042", expected_version=1)
    assert repaired.portal_provider_id == "CP-000042" and store.link_claims == {}


def test_a_desk_slower_than_its_lease_undoes_its_portal_link(store: InMemoryStore) -> None:
    """Desk A's portal call outlasts its lease; meanwhile Desk B settles A's claim (the portal had nothing
    yet) and links another portal provider. A's link then lands: A finds its claim gone and undoes it."""
    portal = ScriptedPortal()
    slow = LinkService(store.unit_of_work, portal, user="Desk A", clock=lambda: NOW)
    fast = LinkService(store.unit_of_work, portal, user="Desk B", clock=lambda: LATER)

    class SlowPortal(ScriptedPortal):
        def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
            if provider_id == "CP-000042":  # Desk A's call, held up past its lease until Desk B is done
                store.clock = lambda: LATER
                fast.link(1, "CP-000099", expected_version=2)
            return portal.link_county(provider_id, county_provider_ref)

        def get_county_link(self, provider_id: str) -> CountyLink | None:
            return portal.get_county_link(provider_id)

        def unlink_county(self, provider_id: str) -> None:
            portal.unlink_county(provider_id)

    slow._portal = SlowPortal()
    with pytest.raises(LinkOvertaken) as raised:
        slow.link(1, "CP-000042", expected_version=1)
    assert str(raised.value).startswith("Desk B linked this provider to CPSE Portal provider CP-000099 on ")
    assert "your link to CP-000042 was not kept" in str(raised.value)
    assert portal.links == {"CP-000099": "1"}
    with store.unit_of_work() as uow:
        assert uow.providers.get(1).portal_provider_id == "CP-000099"  # type: ignore[union-attr]


# -- Add New claims the record first (docs/architecture.md, "Linking: claim before calling the portal") ----


def _stored(store: InMemoryStore, provider_id: int = 1) -> ProviderRecord:
    with store.unit_of_work() as uow:
        record = uow.providers.get(provider_id)
    assert record is not None
    return record


def test_add_to_portal_refuses_a_record_that_does_not_use_the_portal(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    with store.unit_of_work() as uow:
        uow.providers.add(NewProvider(name="Paper Only LLC", provider_type=ProviderType.AGENCY,
                                      npi="1234567893"), user="import", at=NOW)  # fmt: skip
        uow.commit()
    with pytest.raises(ProfileInvalid) as raised:
        _service(store, portal).add_to_portal(3, expected_version=1)
    assert raised.value.field_errors == {"uses_portal": str(raised.value)}
    assert str(raised.value).startswith("Tick “Provider Uses CPSE Portal” and click Apply first")
    assert portal.created == [] and store.link_claims == {} and _stored(store, 3).version == 1


def test_after_the_portals_409_the_clerks_follow_up_link_is_not_told_someone_changed_it(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    portal.fail_next["create_provider"] = Conflict("exists", existing_id="CP-000777")
    service = _service(store, portal)
    with pytest.raises(ProviderOnPortalAlready) as raised:
        service.add_to_portal(1, expected_version=1)
    current = raised.value.current
    # The claim moved the version on (never back: another desk may hold version 1 too) and was released.
    assert current is not None and current.version == 2 and store.link_claims == {}
    assert current == _stored(store)
    linked = service.link(1, "CP-000777", expected_version=current.version)  # Link in the same dialog
    assert linked.portal_provider_id == "CP-000777" and portal.links == {"CP-000777": "1"}


def test_add_with_the_portal_down_releases_the_claim_and_the_retry_finds_what_arrived(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    service = _service(store, portal)

    class AnswerLost(ScriptedPortal):
        """The create arrives, its answer does not."""

        def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
            portal.create_provider(provider)
            raise PortalUnavailable("answer lost")

    service._portal = AnswerLost()
    with pytest.raises(LinkIncomplete) as raised:
        service.add_to_portal(1, expected_version=1)
    assert raised.value.portal_linked is False and raised.value.current is not None
    assert "never added twice" in str(raised.value) and store.link_claims == {}
    service._portal = portal
    # Add New again from the same dialog (holding the version the error carried): the portal's 409 finds
    # the provider that arrived, and the clerk links it; nothing is created twice.
    with pytest.raises(ProviderOnPortalAlready) as again:
        service.add_to_portal(1, expected_version=raised.value.current.version)
    assert again.value.existing is not None and again.value.current is not None
    linked = service.link(1, again.value.existing.id, expected_version=again.value.current.version)
    assert linked.portal_provider_id == "CP-000001" and len(portal.created) == 1


def test_a_desk_saving_during_the_add_is_refused_and_the_add_completes(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    from countyadmin.domain.provider import ProfileChanges
    from countyadmin.services.providers import ProviderService

    other = ProviderService(store.unit_of_work, user="Desk B")
    refused: list[Exception] = []

    class SavedDuringCreate(ScriptedPortal):
        def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
            try:
                other.apply_profile(1, 1, ProfileChanges(ProviderType.AGENCY, "1234567885", None, True))
            except ConcurrentEdit as error:
                refused.append(error)
            return portal.create_provider(provider)

        def link_county(self, provider_id: str, county_provider_ref: str) -> CountyLink:
            return portal.link_county(provider_id, county_provider_ref)

    service = _service(store, portal)
    service._portal = SavedDuringCreate()
    linked = service.add_to_portal(1, expected_version=1)
    assert len(refused) == 1 and linked.npi == "1234567893" and linked.portal_provider_id == "CP-000001"
    assert portal.links == {"CP-000001": "1"} and store.link_claims == {}


class DyingCreate(ScriptedPortal):
    """The desk dies right before, or right after, CPSE Portal creates the provider."""

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when
        self.armed = True

    def create_provider(self, provider: NewPortalProvider) -> PortalProvider:
        if self.armed:
            self.armed = False
            if self.when == "before":
                raise DeskDied
            super().create_provider(provider)
            raise DeskDied
        return super().create_provider(provider)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_desk_that_died_adding_keeps_others_out_then_the_next_add_creates_nothing_twice(
    store: InMemoryStore, when: str
) -> None:
    portal = DyingCreate(when)
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).add_to_portal(1, expected_version=1)
    assert store.link_claims[1].action == "add"
    with pytest.raises(LinkRefused) as busy:
        _at(store, portal, "mjones", NOW + timedelta(minutes=1)).link(1, "CP-000099", expected_version=2)
    assert str(busy.value).startswith("jsmith started adding this provider to CPSE Portal on ")
    later = _at(store, portal, "mjones", LATER)
    if when == "before":
        linked = later.add_to_portal(1, expected_version=2)
    else:  # the create arrived: found by its NPI, offered, linked
        with pytest.raises(ProviderOnPortalAlready) as found:
            later.add_to_portal(1, expected_version=2)
        assert found.value.existing is not None and found.value.current is not None
        linked = later.link(1, found.value.existing.id, expected_version=found.value.current.version)
    assert linked.portal_provider_id == "CP-000001" and len(portal.created) == 1
    assert portal.links == {"CP-000001": "1"} and store.link_claims == {}


def test_a_desk_that_died_between_the_create_and_the_link_is_settled_as_a_link(store: InMemoryStore) -> None:
    portal = DyingPortal("before")  # the create is made, the desk dies before the link call
    with pytest.raises(DeskDied):
        _at(store, portal, "jsmith", NOW).add_to_portal(1, expected_version=1)
    claim = store.link_claims[1]
    assert (claim.action, claim.portal_provider_id) == ("link", "CP-000001")  # the claim was handed over
    linked = _at(store, portal, "jsmith", LATER).link(1, "CP-000001", expected_version=2)  # Try Again
    assert linked.portal_provider_id == "CP-000001" and len(portal.created) == 1


def test_a_refused_link_carries_the_version_its_claim_moved_on(
    store: InMemoryStore, portal: ScriptedPortal
) -> None:
    portal.fail_next["link_county"] = NotFound("CPSE Portal has no provider CP-000404.")
    with pytest.raises(LinkRefused) as raised:
        _service(store, portal).link(1, "CP-000404", expected_version=1)
    assert str(raised.value) == "Not linked: CPSE Portal has no provider CP-000404."
    assert raised.value.current is not None and raised.value.current.version == 2 == _stored(store).version
    assert store.link_claims == {}
