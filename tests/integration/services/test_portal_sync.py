"""The county-wide sync against a real sandbox over HTTP, into SQLite, PostgreSQL and MariaDB.

The local copy must equal what the per-provider calls say (the portal's truth) after a first sync, after
an incremental one, and after a walk the portal cut off mid-page and the next sync resumed; on a shared
database one desk syncs at a time, by a lease judged on the database's clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from countyadmin.db import onboarding_facts
from countyadmin.db.models import (
    PortalAdminUserRow,
    PortalInvitationRow,
    PortalLinkRow,
    PortalSyncLeaseRow,
    ProviderRow,
)
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.portal.client import PortalClient
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.onboarding import OnboardingService, Stage
from countyadmin.services.portal_sync import PortalSyncService, SyncOvertaken, SyncPortal
from tests.integration.sandbox.helpers import Api, accept, tool

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


class County:
    """Alpha's world on the sandbox, and the portal's truth about it from the per-provider calls."""

    def __init__(self, process: SandboxProcess) -> None:
        self.process = process
        self.api = Api(process, "test-key-a")
        self.linked: list[str] = []

    def client(self) -> PortalClient:
        return PortalClient(self.process.url, "test-key-a", max_attempts=1, backoff=0.01)

    def add(self, invitations: int = 2, accepted: int = 1) -> str:
        provider = self.api.linked_provider()["id"]
        self.linked.append(provider)
        for n in range(invitations):
            invitation = self.api.invite(provider).json()
            if n < accepted:
                accept(self.process, invitation["id"])
        return provider

    def truth(self) -> dict[str, Any]:
        client = self.client()
        links, invitations, users = {}, {}, {}
        try:
            for provider in self.linked:
                link = client.get_county_link(provider)
                if link is None:
                    continue
                links[provider] = link.county_provider_ref
                invitations.update(
                    {i.id: (provider, i.email, i.status) for i in client.list_invitations(provider)}
                )
                users.update(
                    {u.user_id: (provider, u.email, u.status) for u in client.list_admin_users(provider)}
                )
        finally:
            client.close()
        return {"links": links, "invitations": invitations, "users": users}


def local(uow_factory: UowFactory) -> dict[str, Any]:
    with uow_factory() as uow:
        s = uow.session
        links = {r.provider_id: r.county_provider_ref for r in s.scalars(select(PortalLinkRow))}
        invitations = {
            r.id: (r.provider_id, r.email, r.status) for r in s.scalars(select(PortalInvitationRow))
        }
        users = {r.user_id: (r.provider_id, r.email, r.status) for r in s.scalars(select(PortalAdminUserRow))}
    return {"links": links, "invitations": invitations, "users": users}


@pytest.fixture
def county(fresh_sandbox: SandboxProcess) -> County:
    world = County(fresh_sandbox)
    for _ in range(3):
        world.add()
    # Beta's own provider, invitation and admin: never in Alpha's copy.
    beta = Api(fresh_sandbox, "test-key-b")
    other = beta.linked_provider()["id"]
    accept(fresh_sandbox, beta.invite(other).json()["id"])
    return world


def test_first_and_incremental_sync_equal_the_portal(county: County, uow_factory: UowFactory) -> None:
    service = PortalSyncService(uow_factory, county.client, holder="desk-a")
    assert service.as_of() is None
    first = service.sync()
    assert first.synced and first.requests == 3 and first.as_of is not None
    assert local(uow_factory) == county.truth()
    assert len(local(uow_factory)["users"]) == 3

    api = county.api
    unlinked = county.linked[0]
    assert api.delete(f"/providers/{unlinked}/county-link").status_code == 204
    user = next(u for u, (p, _, _) in local(uow_factory)["users"].items() if p == county.linked[1])
    assert tool(county.process, "DELETE", f"/admin-users/{user}").status_code == 204
    pending = next(i for i, (p, _, s) in local(uow_factory)["invitations"].items()
                   if p == county.linked[2] and s == "pending")  # fmt: skip
    assert api.delete(f"/invitations/{pending}").status_code == 200
    county.add(invitations=1, accepted=0)

    second = service.sync()
    assert second.requests == 3 and second.as_of is not None and second.as_of > first.as_of
    copy = local(uow_factory)
    assert copy == county.truth()
    assert unlinked not in copy["links"] and user not in copy["users"]
    assert copy["invitations"][pending][2] == "cancelled"
    assert service.sync().changes == 0  # nothing new: nothing applied


def test_a_walk_the_portal_cuts_off_resumes_with_nothing_duplicated(
    county: County, uow_factory: UowFactory
) -> None:
    pages = {"n": 0}

    def flaky() -> SyncPortal:
        client = county.client()
        real = client.invitation_changes

        def invitation_changes(**kwargs: Any) -> Any:
            pages["n"] += 1
            if pages["n"] == 3:  # the portal goes away after two pages of invitations
                county.process.stop()
            return real(**kwargs)

        client.invitation_changes = invitation_changes  # type: ignore[method-assign]
        return client

    service = PortalSyncService(uow_factory, flaky, holder="desk-a", page_size=2)
    with pytest.raises(PortalUnavailable):
        service.sync()
    with uow_factory() as uow:
        positions = uow.portal_copy.positions()
        assert positions["invitations"].cursor is not None and positions["invitations"].watermark is None
        assert "admin_users" not in positions
        assert uow.portal_copy.counts().invitations == 4  # two pages of two, kept
        assert uow.portal_copy.lease_holder() is None  # released though the walk failed
    assert service.as_of() is None

    county.process.restart()
    county.api.delete(f"/providers/{county.linked[0]}/county-link")  # a change while it was away
    asked: list[dict[str, Any]] = []

    def recording() -> SyncPortal:
        client = county.client()
        real = client.invitation_changes

        def invitation_changes(**kwargs: Any) -> Any:
            asked.append(kwargs)
            return real(**kwargs)

        client.invitation_changes = invitation_changes  # type: ignore[method-assign]
        return client

    resumed = PortalSyncService(uow_factory, recording, holder="desk-a", page_size=2).sync()
    assert resumed.synced and resumed.as_of is not None
    assert local(uow_factory) == county.truth()
    # It went on from the stored cursor: the pages already applied were not asked for again.
    assert asked[0]["cursor"] is not None


def test_one_desk_syncs_at_a_time_by_the_databases_clock(county: County, uow_factory: UowFactory) -> None:
    other = uuid.uuid4().hex
    with uow_factory() as uow:
        assert uow.portal_copy.take_lease(other, "desk-b", timedelta(minutes=5))
        uow.commit()
    service = PortalSyncService(uow_factory, county.client, holder="desk-a")
    result = service.sync()
    assert not result.synced and result.other_desk == "desk-b" and result.requests == 0
    assert local(uow_factory)["links"] == {}
    with uow_factory() as uow:  # desk B's lease ends at once (a zero lease, by the database's now)
        assert uow.portal_copy.take_lease(other, "desk-b", timedelta(0))
        uow.commit()
    assert service.sync().synced
    assert local(uow_factory) == county.truth()


def test_a_desk_that_lost_its_lease_mid_walk_writes_nothing_more(
    county: County, uow_factory: UowFactory
) -> None:
    def portal() -> SyncPortal:
        client = county.client()
        real = client.link_changes

        def link_changes(**kwargs: Any) -> Any:
            page = real(**kwargs)
            with uow_factory() as uow:  # meanwhile another desk took the lease over (ours had ended)
                uow.session.execute(update(PortalSyncLeaseRow).values(token="theirs", holder="desk-b"))
                uow.commit()
            return page

        client.link_changes = link_changes  # type: ignore[method-assign]
        return client

    with pytest.raises(SyncOvertaken):
        PortalSyncService(uow_factory, portal, holder="desk-a").sync()
    assert local(uow_factory)["links"] == {}
    with uow_factory() as uow:
        assert uow.portal_copy.positions() == {}
        holder = uow.portal_copy.lease_holder()
    assert holder is None or holder.holder == "desk-b"  # desk A released nothing of theirs


def test_each_sync_stores_the_onboarding_facts_of_providers_linked_since(
    county: County, uow_factory: UowFactory
) -> None:
    """The end of every walk stores the facts of the county's providers linked at the desks since the
    last one (db/onboarding_facts.py): until then their stage is read from the copy, after it from the
    row, and both say the same."""

    def add_provider(n: int, portal_id: str) -> None:
        with uow_factory() as uow:
            row = {"id": n, "name": f"Provider {n}", "uses_portal": True, "portal_provider_id": portal_id}
            uow.session.execute(insert(ProviderRow).values(**row, version=1))
            uow.commit()

    def behind() -> list[int]:
        """Linked providers whose stored facts the count does not believe."""
        with uow_factory() as uow:
            p = ProviderRow
            linked = set(uow.session.scalars(select(p.id).where(p.portal_provider_id.is_not(None))))
            believed = set(uow.session.scalars(select(ProviderRow.id).where(onboarding_facts.trusted())))
        return sorted(linked - believed)

    add_provider(1, county.linked[0])
    service = PortalSyncService(uow_factory, county.client, holder="desk-a")
    onboarding = OnboardingService(uow_factory)
    assert behind() == [1]
    service.sync()
    assert behind() == []
    add_provider(2, county.linked[1])  # linked at a desk between two syncs
    assert behind() == [2]
    assert onboarding.stage_map().stages == {1: Stage.ACTIVE_ADMIN, 2: Stage.ACTIVE_ADMIN}
    user = next(u for u, (p, _, _) in local(uow_factory)["users"].items() if p == county.linked[1])
    assert tool(county.process, "DELETE", f"/admin-users/{user}").status_code == 204
    service.sync()  # the page that removes the admin user, then the end of the walk
    assert behind() == []
    # Its other invitation is still pending: the row now says so, without the copy being read.
    assert onboarding.stage_map().stages == {1: Stage.ACTIVE_ADMIN, 2: Stage.PENDING}
