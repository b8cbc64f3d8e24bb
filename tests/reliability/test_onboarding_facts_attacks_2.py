"""Second attack round on the stored onboarding facts (version 2: marks, compare-and-store, 0008's lease).

The claim under attack: every stage the app shows is what the local copy says (the brute force of
tests/integration/services/test_onboarding_brute_force.py) at every moment — during a sync walk too, and
whatever other desks and DBAs do; a desk still running 0007 cannot sync after 0008; a desk whose lease
was taken over writes nothing more (services/portal_sync.py).

Each sync here is the real ``PortalSyncService`` walking an in-process portal (a few fake feed pages),
so the walk, its lease renewals and the end-of-walk's transactions are the app's own; what another
desk, a clerk or a DBA does is run between two of those transactions (no transaction of the walk is
open then, so one thread is enough, SQLite included). On SQLite, PostgreSQL and MariaDB.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, delete, select, text, update

from countyadmin.db import onboarding_facts
from countyadmin.db.engine import _alembic_config
from countyadmin.db.models import (
    OnboardingFactsBehindRow,
    PortalInvitationRow,
    PortalSyncFeedRow,
    PortalSyncLeaseRow,
    ProviderRow,
)
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.portal.errors import PortalUnavailable, ValidationFailed
from countyadmin.portal.models import AdminUserChange, ChangePage, InvitationChange
from countyadmin.services.portal_sync import PortalSyncService, SyncOvertaken
from tests.integration.services.test_onboarding_brute_force import AS_OF, World, _store, store_facts
from tests.reliability.test_onboarding_facts_attacks import (
    _admin,
    _admins,
    _copy_repository_of,
    _invitation,
    _invitations,
    assert_every_stored_fact_is_the_copys,
    assert_stages_are_the_copys,
)

pytestmark = pytest.mark.reliability

UowFactory = Callable[[], SqlAlchemyUnitOfWork]
ADDRESS = "https://portal"
FAR = timedelta(days=3650)  # expiries far from any as-of time: the stage never depends on the clock here

Feed = Callable[[str | None, str | None], ChangePage[Any]]


def _last(items: list[Any]) -> ChangePage[Any]:
    return ChangePage(items, None, "w-next", AS_OF)


def _empty(_since: str | None, _cursor: str | None) -> ChangePage[Any]:
    return _last([])


class FakePortal:
    """The three change feeds of ``SyncPortal``, each a function of (updated_since, cursor)."""

    address = ADDRESS

    def __init__(self, links: Feed = _empty, invitations: Feed = _empty, admin_users: Feed = _empty) -> None:
        self._feeds = {"links": links, "invitations": invitations, "admin_users": admin_users}

    def link_changes(self, *, updated_since: str | None = None, cursor: str | None = None,
                     limit: int = 0) -> ChangePage[Any]:  # fmt: skip
        return self._feeds["links"](updated_since, cursor)

    def invitation_changes(self, *, updated_since: str | None = None, cursor: str | None = None,
                           limit: int = 0) -> ChangePage[Any]:  # fmt: skip
        return self._feeds["invitations"](updated_since, cursor)

    def admin_user_changes(self, *, updated_since: str | None = None, cursor: str | None = None,
                           limit: int = 0) -> ChangePage[Any]:  # fmt: skip
        return self._feeds["admin_users"](updated_since, cursor)

    def close(self) -> None:
        pass


def _world(uow_factory: UowFactory, world: World) -> None:
    """``world`` stored, its feed positions at the portal ``ADDRESS`` (watermark w1), facts stored."""
    _store(uow_factory, world)
    with uow_factory() as uow:
        uow.session.execute(update(PortalSyncFeedRow).values(watermark="w1"))
        uow.commit()
    store_facts(uow_factory)


def _marks(uow_factory: UowFactory) -> set[str]:
    with uow_factory() as uow:
        return set(uow.session.scalars(select(OnboardingFactsBehindRow.portal_provider_id)))


def _expire_lease(uow_factory: UowFactory) -> None:
    """The desk holding the sync lease stalled past it (a laptop lid closed, a VM paused)."""
    with uow_factory() as uow:
        uow.session.execute(update(PortalSyncLeaseRow).values(lease_until=datetime(2000, 1, 1, tzinfo=UTC)))
        uow.commit()


# -- 1. a desk whose lease was taken over comes back ------------------------------------------------------


def test_a_stalled_desk_whose_lease_another_desk_took_and_released_clears_marks_it_no_longer_owns(
    uow_factory: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desk A's walk touched X (a cancelled invitation: the facts of provider 1 stay what the copy says,
    so its end-of-walk has nothing to store, only X's mark to clear). A reads the marks, then stalls past
    its lease. Desk B takes the lease over and applies a page that removes X's only active admin (X is
    marked already, so the mark stays as it is), then the portal goes away before B's end of walk: B
    releases the lease, X still marked — correct, provider 1 is read from the copy ("no admin").
    A wakes up: its renewal finds the lease *free* (token NULL), so take_lease gives it back to A's stale
    token, and A's caught_up deletes X's mark — one B's page needed. Provider 1's stored facts ("active
    admin") are believed again while the copy says it has none, until some later walk compares."""
    _world(uow_factory, World(providers={1: (True, "X"), 2: (True, "Y")}))
    _admins(uow_factory, [AdminUserChange("u1", "X", _admin("u1"))])
    store_facts(uow_factory)
    assert_stages_are_the_copys(uow_factory, "before")

    cancelled = _invitation("i1", "X", "cancelled", FAR)
    desk_a = FakePortal(invitations=lambda _s, _c: _last([InvitationChange("i1", "X", cancelled)]))

    def b_admins(_since: str | None, cursor: str | None) -> ChangePage[Any]:
        if cursor is None:
            return ChangePage([AdminUserChange("u1", "X", None)], "c2", None, None)
        raise PortalUnavailable("CPSE Portal went away")

    state = {"armed": False, "fired": False}
    original = onboarding_facts.not_the_copys

    def not_the_copys(session: Any) -> list[int]:
        found = original(session)
        state["armed"] = True
        return found

    monkeypatch.setattr(onboarding_facts, "not_the_copys", not_the_copys)

    def a_factory() -> SqlAlchemyUnitOfWork:
        if state["armed"] and not state["fired"]:
            state["fired"] = True  # between A's end-of-walk read and its next transaction: A stalls
            _expire_lease(uow_factory)
            with pytest.raises(PortalUnavailable):
                PortalSyncService(
                    uow_factory, lambda: FakePortal(admin_users=b_admins), holder="desk B"
                ).sync()
            # B's broken walk stored what its page changed before releasing (portal_sync.py): X is caught up.
            assert _marks(uow_factory) == set()
            assert_stages_are_the_copys(uow_factory, "after desk B's broken walk")
        return uow_factory()

    try:
        PortalSyncService(a_factory, lambda: desk_a, holder="desk A").sync()
    except SyncOvertaken:
        pass  # what desk A should have said: its lease was taken over
    assert state["fired"]
    assert_stages_are_the_copys(uow_factory, "after desk A came back")


def test_a_stalled_desk_whose_watermark_the_portal_refuses_empties_the_copy_under_another_desks_lease(
    uow_factory: UowFactory,
) -> None:
    """Desk A stalls mid-walk past its lease; desk B takes the lease over and is walking the invitations
    (its cursor stored). A wakes up; the portal no longer knows A's watermark (the stall is what made it
    stale) and refuses it: A's walk empties the invitations feed — ``clear_feed`` runs in a transaction
    of its own that never asks whether A still holds the lease — and only then, at its next page, finds
    it was overtaken. B's walk goes on from its stored cursor and saves its position again, so the
    invitations before that cursor are gone from the copy for good (no later walk starts afresh)."""
    _world(uow_factory, World(providers={1: (True, "X")}))
    _invitations(uow_factory, [InvitationChange("i1", "X", _invitation("i1", "X", "pending", FAR))])
    store_facts(uow_factory)

    def a_invitations(since: str | None, _cursor: str | None) -> ChangePage[Any]:
        if since == "w1":  # A's first request after its stall
            _expire_lease(uow_factory)
            with uow_factory() as uow:  # desk B takes the lease over and walks the invitations
                assert uow.portal_copy.take_lease("desk-b-token", "desk B", timedelta(minutes=5))
                uow.session.execute(update(PortalSyncFeedRow).where(PortalSyncFeedRow.feed == "invitations")
                                    .values(cursor="b-cursor"))  # fmt: skip
                uow.commit()
            raise ValidationFailed("updated_since is too old")
        return _last([InvitationChange("i1", "X", _invitation("i1", "X", "pending", FAR))])

    with pytest.raises(SyncOvertaken):
        PortalSyncService(uow_factory, lambda: FakePortal(invitations=a_invitations), holder="desk A").sync()
    with uow_factory() as uow:
        left = list(uow.session.scalars(select(PortalInvitationRow.id)))
        positions = uow.portal_copy.positions()
    assert left == ["i1"], "desk A, overtaken, emptied the invitations of the copy under desk B's lease"
    assert "invitations" in positions and positions["invitations"].cursor == "b-cursor"


# -- 2. a desk still on 0007 ----------------------------------------------------------------------------


def test_a_0007_desk_syncs_again_once_the_lease_rows_were_removed_by_hand(uow_factory: UowFactory) -> None:
    """Both versions' take_lease make the lease row again when it was removed by hand ("DELETE FROM
    portal_sync_lease" to unstick a sync). After that, 0005's row 'portal_sync' is no longer held by
    revision 0008: a desk still running 0007 takes it, and its pages change the copy without marking
    anything: provider 1 shows "active admin" while the copy says it has none, until the new desk's next
    walk ends (its compare finds the row) — and the 0007 desk holds the lease for its own walks."""
    old = _copy_repository_of("a2a2e1f")
    _world(uow_factory, World(providers={1: (True, "X"), 2: (True, "Y")}))
    _admins(uow_factory, [AdminUserChange("u1", "X", _admin("u1"))])
    store_facts(uow_factory)
    with uow_factory() as uow:  # the DBA
        uow.session.execute(delete(PortalSyncLeaseRow))
        uow.commit()
    with uow_factory() as uow:  # desk A, 0007's code, its every-five-minutes sync
        repository = old.SqlPortalCopyRepository(uow.session)
        took = repository.take_lease("old-desk", "desk A", timedelta(minutes=5))
        if took:
            repository.apply_admin_users([AdminUserChange("u1", "X", None)])
        uow.commit()
    # Accepted window (docs/architecture.md): with every lease row deleted by hand, a 0007 desk that syncs
    # before any new one can change the copy unmarked; the new desk's next sync fences it out again and
    # its end of walk compares every row with the copy.
    assert took
    PortalSyncService(uow_factory, FakePortal, holder="desk B").sync()  # the new desk: nothing new
    assert_stages_are_the_copys(uow_factory, "after the new desk's walk")
    with uow_factory() as uow:
        repository = old.SqlPortalCopyRepository(uow.session)
        assert repository.take_lease("old-desk-2", "desk A", timedelta(minutes=5)) is False
        uow.commit()


def test_revision_0008_on_a_database_without_0005s_lease_row_lets_a_0007_desk_sync(engine: Engine) -> None:
    """0008 holds 0005's lease row by an UPDATE: on a 0007 database whose row was removed by hand (the
    0007 code makes it again at its next sync, but nobody synced since) the UPDATE changes nothing, and a
    desk still running 0007 then makes the row and takes it — syncing without marks after 0008."""
    old = _copy_repository_of("a2a2e1f")
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0007")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM portal_sync_lease"))
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        took = old.SqlPortalCopyRepository(session).take_lease("old-desk", "desk A", timedelta(minutes=5))
        session.commit()
    assert not took, "a desk running 0007 took the sync lease after revision 0008"


# -- 3. held: every moment of a walk, with clerks relinking between its transactions --------------------


@contextmanager
def _between_transactions(uow_factory: UowFactory, between: Callable[[str], None]) -> Iterator[UowFactory]:
    """A uow factory for the walking desk that runs ``between`` before each of its transactions."""
    count = {"n": 0}

    def factory() -> SqlAlchemyUnitOfWork:
        count["n"] += 1
        between(f"before the walk's transaction {count['n']}")
        return uow_factory()

    yield factory


def test_every_moment_of_a_walk_with_clerks_relinking_between_its_transactions_shows_the_copy(
    uow_factory: UowFactory,
) -> None:
    """1,100 linked providers whose copy a two-page feed changes (ABA: an invitation moving X -> Y -> X
    across pages, admin users removed and added), so the end of the walk stores in three transactions;
    before every transaction of the walk (pages, the end-of-walk read, each store, caught_up, the
    release) a clerk unlinks, relinks to another or back to the same portal provider, and every stage
    and count is compared with the brute force. After the walk no mark is left and every believed fact
    is the copy's."""
    n_ids = 1100
    ids = [f"A{n:05d}" for n in range(n_ids)]
    _world(uow_factory, World(providers={n + 1: (True, ids[n]) for n in range(n_ids)}))
    _admins(uow_factory, [AdminUserChange(f"u{n}", ids[n], _admin(f"u{n}")) for n in range(0, n_ids, 2)])
    _invitations(uow_factory, [InvitationChange("iX", ids[1], _invitation("iX", ids[1], "pending", FAR))])
    store_facts(uow_factory)
    rng = random.Random(17)

    def invitations(_since: str | None, cursor: str | None) -> ChangePage[Any]:
        if cursor is None:  # iX moves from ids[1] to ids[3]; expired invitations on a third of the ids
            items = [InvitationChange("iX", ids[3], _invitation("iX", ids[3], "pending", FAR))]
            items += [InvitationChange(f"e{n}", ids[n], _invitation(f"e{n}", ids[n], "expired", -FAR))
                      for n in range(0, n_ids, 3)]  # fmt: skip
            return ChangePage(items, "c2", None, None)
        return _last([InvitationChange("iX", ids[1], _invitation("iX", ids[1], "pending", FAR))])

    def admins(_since: str | None, cursor: str | None) -> ChangePage[Any]:
        if cursor is None:
            return ChangePage([AdminUserChange(f"u{n}", ids[n], None) for n in range(0, n_ids, 4)], "c2",
                              None, None)  # fmt: skip
        return _last([AdminUserChange(f"v{n}", ids[n], _admin(f"v{n}")) for n in range(1, n_ids, 5)])

    def clerk_then_look(when: str) -> None:
        with uow_factory() as uow:
            for _ in range(5):
                n = rng.randrange(1, n_ids + 1)
                current = uow.session.scalar(
                    select(ProviderRow.portal_provider_id).where(ProviderRow.id == n)
                )
                new = rng.choice([None, current, ids[1], ids[3], rng.choice(ids)])
                uow.session.execute(
                    update(ProviderRow).where(ProviderRow.id == n).values(portal_provider_id=new)
                )
            uow.commit()
        assert_stages_are_the_copys(uow_factory, when)

    with _between_transactions(uow_factory, clerk_then_look) as factory:
        result = PortalSyncService(factory, lambda: FakePortal(invitations=invitations, admin_users=admins),
                                   holder="desk A").sync()  # fmt: skip
    assert result.synced
    assert_stages_are_the_copys(uow_factory, "after the walk")
    assert _marks(uow_factory) == set()
    assert_every_stored_fact_is_the_copys(uow_factory)


def test_a_walk_the_portal_cuts_off_leaves_its_marks_and_the_next_walk_clears_them(
    uow_factory: UowFactory,
) -> None:
    """The portal goes away after a page that removed X's admin: X stays marked, provider 1 is read
    from the copy; the next walk stores its facts and clears the mark."""
    _world(uow_factory, World(providers={1: (True, "X"), 2: (True, "Y")}))
    _admins(uow_factory, [AdminUserChange("u1", "X", _admin("u1")), AdminUserChange("u2", "Y", _admin("u2"))])
    store_facts(uow_factory)
    calls = {"n": 0}

    def admins(_since: str | None, cursor: str | None) -> ChangePage[Any]:
        calls["n"] += 1
        if cursor is None:
            return ChangePage([AdminUserChange("u1", "X", None)], "c2", None, None)
        if calls["n"] == 2:
            raise PortalUnavailable("gone")
        return _last([])

    service = PortalSyncService(uow_factory, lambda: FakePortal(admin_users=admins), holder="desk A")
    with pytest.raises(PortalUnavailable):
        service.sync()
    # The cut-off walk stores the facts of what its pages applied before it gives the lease back.
    assert _marks(uow_factory) == set()
    assert_stages_are_the_copys(uow_factory, "after the cut-off walk")
    service.sync()
    assert _marks(uow_factory) == set()
    assert_stages_are_the_copys(uow_factory, "after the next walk")
    with uow_factory() as uow:
        believed = set(uow.session.scalars(select(ProviderRow.id).where(onboarding_facts.trusted())))
    assert believed == {1, 2}


# -- 4. facts the DBA put back while the portal is away ----------------------------------------------------


def test_a_row_restored_from_a_dump_is_believed_for_as_long_as_the_portal_is_away(
    uow_factory: UowFactory,
) -> None:
    """Round 1's restore from last night's dump, "fixed" by the end-of-walk compare: but a walk only
    reaches its end when the portal answers. With the portal away (every sync fails at its first
    request), the restored row's facts ("active admin", for its own link, its portal id not marked) are
    believed while the copy says X has no admin — for as long as the portal stays away."""
    _world(uow_factory, World(providers={1: (True, "X"), 2: (True, "Y")}))
    _admins(uow_factory, [AdminUserChange("u1", "X", _admin("u1"))])
    store_facts(uow_factory)
    with uow_factory() as uow:
        dump = dict(
            uow.session.execute(select(ProviderRow.__table__).where(ProviderRow.id == 1)).mappings().one()
        )
        uow.session.execute(delete(ProviderRow).where(ProviderRow.id == 1))
        uow.commit()
    _admins(uow_factory, [AdminUserChange("u1", "X", None)])  # today's walk: u1 left X
    store_facts(uow_factory)
    assert _marks(uow_factory) == set()
    with uow_factory() as uow:  # the restore
        uow.session.execute(ProviderRow.__table__.insert().values(**dump))
        uow.commit()

    def away(_since: str | None, _cursor: str | None) -> ChangePage[Any]:
        raise PortalUnavailable("CPSE Portal is away")

    for _ in range(3):  # the every-five-minutes syncs of a morning without the portal
        with pytest.raises(PortalUnavailable):
            PortalSyncService(uow_factory, lambda: FakePortal(links=away), holder="desk A").sync()
    assert_stages_are_the_copys(uow_factory, "restored row, portal away")
