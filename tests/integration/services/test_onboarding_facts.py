"""The onboarding facts stored on each provider's row stay what the copy says (db/onboarding_facts.py).

Random walks of what happens to a county database between and during syncs — pages of invitation and
admin-user changes through the copy repository (new, changed, moved to another portal provider,
tombstoned, the same id twice in a page), providers linked, unlinked and relinked to the same portal
provider by a plain UPDATE (no code of ours runs: another desk's older version, a hand edit), the
sync's end-of-walk refresh, the copy cleared — and after every step: each stored fact equals what the
copy says now, and every provider's stage equals the brute-force one. On SQLite, PostgreSQL and MariaDB.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from countyadmin.db import onboarding_facts
from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, ProviderRow
from countyadmin.db.portal_copy_repository import FeedPosition
from countyadmin.portal.models import AdminUser, AdminUserChange, Invitation, InvitationChange
from countyadmin.services.onboarding import OnboardingService, Stage
from tests.integration.services.test_onboarding_brute_force import (
    AS_OF,
    EXPIRIES,
    UowFactory,
    World,
    _store,
    brute_force_stages,
    store_facts,
)

PORTAL_IDS = [f"P{n}" for n in range(12)]


def _invitation(iid: str, pid: str, status: str, expires: datetime) -> Invitation:
    return Invitation(iid, pid, "Ana", "Ruiz", f"{iid}@example.org", "admin", False, None, None, None, status,
                      AS_OF - timedelta(days=30), expires, "clerk")  # fmt: skip


def _admin(uid: str, status: str) -> AdminUser:
    return AdminUser(uid, uid, "Ana", "Ruiz", f"{uid}@example.org", status, False, None, None, None)


class Walk:
    """A county database and the same world in Python, changed step by step in the same way."""

    def __init__(self, uow_factory: UowFactory, rng: random.Random) -> None:
        self.uow_factory, self.rng = uow_factory, rng
        self.world = World(providers={n: (True, rng.choice([None, *PORTAL_IDS[:8]])) for n in range(1, 31)})
        _store(uow_factory, self.world)
        self.invitations: dict[str, tuple[str, str, datetime]] = {}
        self.admins: dict[str, tuple[str, str]] = {}

    def invitation_page(self) -> None:
        changes = []
        for _ in range(self.rng.randint(1, 6)):
            iid = self.rng.choice([*self.invitations, f"i{self.rng.randrange(10**6)}"])
            pid = self.rng.choice(PORTAL_IDS)  # an existing id may move to another portal provider
            if iid in self.invitations and self.rng.random() < 0.25:
                changes.append(InvitationChange(iid, self.invitations[iid][0], None))
                del self.invitations[iid]
                continue
            status = self.rng.choice(("pending", "pending", "expired", "accepted", "cancelled"))
            expires = AS_OF + self.rng.choice(EXPIRIES)
            changes.append(InvitationChange(iid, pid, _invitation(iid, pid, status, expires)))
            self.invitations[iid] = (pid, status, expires)
        with self.uow_factory() as uow:
            uow.portal_copy.apply_invitations(changes)
            uow.commit()

    def admin_page(self) -> None:
        changes = []
        for _ in range(self.rng.randint(1, 4)):
            uid = self.rng.choice([*self.admins, f"u{self.rng.randrange(10**6)}"])
            if uid in self.admins and self.rng.random() < 0.3:
                # A tombstone names the provider the user was removed from (or none we know of).
                changes.append(AdminUserChange(uid, self.rng.choice([self.admins[uid][0], "P-gone"]), None))
                del self.admins[uid]
                continue
            pid, status = self.rng.choice(PORTAL_IDS), self.rng.choice(("active", "disabled"))
            changes.append(AdminUserChange(uid, pid, _admin(uid, status)))
            self.admins[uid] = (pid, status)
        with self.uow_factory() as uow:
            uow.portal_copy.apply_admin_users(changes)
            uow.commit()

    def relink_by_hand(self) -> None:
        n = self.rng.choice(sorted(self.world.providers))
        uses, old = self.world.providers[n]
        # Unlinking and linking back to the same portal provider is the case to get right.
        new = self.rng.choice([None, None, old, *PORTAL_IDS])
        with self.uow_factory() as uow:
            uow.session.execute(update(ProviderRow).where(ProviderRow.id == n).values(portal_provider_id=new))
            uow.commit()
        self.world.providers[n] = (uses, new)

    def end_of_sync(self) -> None:
        store_facts(self.uow_factory)

    def clear(self) -> None:
        """The portal forgot our watermark: one feed is dropped, to be walked again from the start."""
        feed = self.rng.choice(["invitations", "admin_users"])
        with self.uow_factory() as uow:
            uow.portal_copy.clear_feed(feed)
            # The walk's first page sets the feed's as-of time again (the model's stages are as of AS_OF).
            uow.portal_copy.save_position(FeedPosition(feed, "https://portal", None, None, AS_OF))
            uow.commit()
        # clear_feed drops one feed's rows; drop the same in the model.
        with self.uow_factory() as uow:
            left_inv = set(uow.session.scalars(select(PortalInvitationRow.id)))
            left_adm = set(uow.session.scalars(select(PortalAdminUserRow.user_id)))
        self.invitations = {k: v for k, v in self.invitations.items() if k in left_inv}
        self.admins = {k: v for k, v in self.admins.items() if k in left_adm}

    def check(self) -> None:
        self.world.invitations = [(iid, pid, st, ex) for iid, (pid, st, ex) in self.invitations.items()]
        self.world.admins = [(uid, pid, st) for uid, (pid, st) in self.admins.items()]
        with self.uow_factory() as uow:
            rows = uow.session.execute(select(
                ProviderRow.id, ProviderRow.onboarding_facts_for, ProviderRow.onboarding_active_admin,
                ProviderRow.onboarding_expired_invitation, ProviderRow.onboarding_pending_until,
            ).where(onboarding_facts.trusted())).all()  # fmt: skip
        for n, facts_for, active, expired, pending_until in rows:  # the facts the count believes
            assert bool(active) == any(p == facts_for and s == "active" for p, s in self.admins.values()), n
            invitations = self.invitations.values()
            assert bool(expired) == any(p == facts_for and s == "expired" for p, s, _e in invitations), n
            pending = [e for p, s, e in self.invitations.values() if p == facts_for and s == "pending"]
            stored = None if pending_until is None else pending_until.astimezone(UTC)
            assert stored == (max(pending) if pending else None), n
        service = OnboardingService(self.uow_factory)
        assert service.stage_map().stages == brute_force_stages(self.world, AS_OF)


@pytest.mark.parametrize("seed", [3, 41])
def test_stored_facts_follow_every_page_and_every_hand_edit(uow_factory: UowFactory, seed: int) -> None:
    walk = Walk(uow_factory, random.Random(seed))
    steps = [walk.invitation_page] * 5 + [walk.admin_page] * 4 + [walk.relink_by_hand] * 4
    steps += [walk.end_of_sync] * 2
    taken = []
    for _ in range(70):
        step = walk.rng.choice([*steps, walk.clear] if len(taken) > 40 else steps)
        step()
        taken.append(step.__name__)
        walk.check()
    assert {"invitation_page", "admin_page", "relink_by_hand", "end_of_sync"} <= set(taken)


def test_counts_come_from_the_stored_facts_once_the_sync_stored_them(uow_factory: UowFactory) -> None:
    """Proof the quick path is the one taken: with facts stored, the copy's rows are deleted behind the
    sync's back (nothing refreshes) and the counts do not move; a row linked since is read from the copy."""
    world = World(providers={1: (True, "P1"), 2: (True, "P2"), 3: (True, None)},
                  invitations=[("i1", "P1", "pending", AS_OF + timedelta(days=3))],
                  admins=[("u2", "P2", "active")])  # fmt: skip
    _store(uow_factory, world)
    service = OnboardingService(uow_factory)
    assert store_facts(uow_factory) == 2
    before = service.stage_map().stages
    assert before == {1: Stage.PENDING, 2: Stage.ACTIVE_ADMIN, 3: Stage.NOT_LINKED}
    with uow_factory() as uow:
        uow.session.execute(delete(PortalInvitationRow))
        uow.session.execute(delete(PortalAdminUserRow))
        uow.session.execute(update(ProviderRow).where(ProviderRow.id == 3).values(portal_provider_id="P1"))
        uow.commit()
    # 1 and 2 from their stored facts (the copy no longer says so); 3 from the copy (nothing for P1 now).
    assert service.stage_map().stages == {1: Stage.PENDING, 2: Stage.ACTIVE_ADMIN, 3: Stage.NO_ADMIN}
    assert service.counts().by_stage[Stage.PENDING] == 1
