"""The onboarding stages against a brute-force Python computation, on randomized worlds.

Each world mixes what the hand-written cases of test_onboarding.py name one at a time: providers not
using the portal, using it unlinked, and linked (two providers sharing one portal id too), copy rows for
portal ids no provider of ours has, several invitations per provider in every status with expiries on
either side of the copy's as-of time and exactly at it, active and disabled admin users. Every answer
of the service (each provider's stage, the counts now and later, the ids of each stage, the expired
invitations to resend, the linked providers with no admin) must equal the Python loop's. On SQLite,
PostgreSQL and MariaDB; with no facts stored on the rows yet (every stage read from the copy), with
every linked row's facts stored by the sync, and with facts stored and then some providers relinked,
unlinked or linked behind CountyAdmin's back (db/onboarding_facts.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, update

from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, PortalSyncFeedRow, ProviderRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.services.onboarding import OnboardingService, Stage

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LATER = AS_OF + timedelta(days=2)
UowFactory = Callable[[], SqlAlchemyUnitOfWork]
STATUSES = ("pending", "pending", "expired", "accepted", "cancelled")
EXPIRIES = (timedelta(days=-3), timedelta(hours=-1), timedelta(0), timedelta(hours=1), timedelta(days=1),
            timedelta(days=5))  # fmt: skip


@dataclass
class World:
    providers: dict[int, tuple[bool, str | None]] = field(default_factory=dict)  # id → uses, portal id
    invitations: list[tuple[str, str, str, datetime]] = field(default_factory=list)  # id, pid, status, exp
    admins: list[tuple[str, str, str]] = field(default_factory=list)  # user id, pid, status


def _person(pid: str, email: str) -> dict[str, object]:
    return {"provider_id": pid, "first_name": "Ana", "last_name": "Ruiz", "email": email, "email_key": email,
            "name_key": "ana ruiz", "npi": None, "profession": None, "license": None,
            "also_service_provider": False}  # fmt: skip


def _world(rng: random.Random, size: int) -> World:
    world = World()
    portal_ids = [f"P{n}" for n in range(size)]
    for n in range(1, size + 1):
        linked = rng.random() < 0.65
        pid = rng.choice(portal_ids[: size // 2 + 5]) if linked else None  # some shared by two providers
        world.providers[n] = (rng.random() < 0.7 or linked and rng.random() < 0.5, pid)
    for pid in rng.sample(portal_ids, k=size * 3 // 4):  # copy rows for ids of ours and ids of nobody's
        for k in range(rng.choice((0, 1, 1, 2, 3))):
            expires = AS_OF + rng.choice(EXPIRIES)
            world.invitations.append((f"i-{pid}-{k}", pid, rng.choice(STATUSES), expires))
        for k in range(rng.choice((0, 0, 1, 2))):
            world.admins.append((f"u-{pid}-{k}", pid, rng.choice(("active", "disabled", "disabled"))))
    return world


def _store(uow_factory: UowFactory, world: World) -> None:
    with uow_factory() as uow:
        s = uow.session
        s.execute(insert(ProviderRow), [
            {"id": n, "name": f"Provider {n:04d}", "uses_portal": uses, "portal_provider_id": pid,
             "version": 1}
            for n, (uses, pid) in world.providers.items()
        ])  # fmt: skip
        if world.invitations:
            s.execute(insert(PortalInvitationRow), [
                {**_person(pid, f"{iid}@example.org"), "id": iid, "status": status,
                 "created_at": AS_OF - timedelta(days=30), "expires_at": expires, "invited_by": "t"}
                for iid, pid, status, expires in world.invitations
            ])  # fmt: skip
        if world.admins:
            s.execute(insert(PortalAdminUserRow), [
                {**_person(pid, f"{uid}@example.org"), "user_id": uid, "username": uid, "status": status}
                for uid, pid, status in world.admins
            ])  # fmt: skip
        s.execute(insert(PortalSyncFeedRow), [
            {"feed": f, "source": "https://portal", "as_of": AS_OF}
            for f in ("links", "invitations", "admin_users")
        ])  # fmt: skip
        uow.commit()


def _expired(status: str, expires: datetime, at: datetime) -> bool:
    return status == "expired" or (status == "pending" and expires <= at)


def brute_force_stages(world: World, at: datetime) -> dict[int, Stage]:
    """Each provider's stage, decided one at a time from the issue's words."""
    stages = {}
    for n, (uses, pid) in world.providers.items():
        mine = [(status, expires) for _i, p, status, expires in world.invitations if p == pid]
        if pid is None:
            stages[n] = Stage.NOT_LINKED if uses else Stage.NOT_USING
        elif any(p == pid and status == "active" for _u, p, status in world.admins):
            stages[n] = Stage.ACTIVE_ADMIN
        elif any(status == "pending" and expires > at for status, expires in mine):
            stages[n] = Stage.PENDING
        elif any(_expired(status, expires, at) for status, expires in mine):
            stages[n] = Stage.EXPIRED
        else:
            stages[n] = Stage.NO_ADMIN
    return stages


def _counts(stages: dict[int, Stage]) -> dict[Stage, int]:
    return {stage: sum(1 for s in stages.values() if s == stage) for stage in Stage}


def store_facts(uow_factory: UowFactory) -> int:
    """What the end of every sync does (services/portal_sync.py)."""
    with uow_factory() as uow:
        stored = uow.portal_copy.refresh_onboarding_facts()
        uow.commit()
    return stored


def _relink_by_hand(uow_factory: UowFactory, world: World, rng: random.Random) -> None:
    """A fifth of the providers get another portal id, none, or one, by a plain UPDATE: no code of ours
    runs, so their stored facts are for another link than theirs (or for none)."""
    pool = sorted({pid for pid in (p for _u, p in world.providers.values()) if pid} | {"P-nobody"})
    with uow_factory() as uow:
        for n in rng.sample(sorted(world.providers), k=len(world.providers) // 5):
            uses, _old = world.providers[n]
            new = rng.choice([None, *pool])
            uow.session.execute(update(ProviderRow).where(ProviderRow.id == n).values(portal_provider_id=new))
            world.providers[n] = (uses, new)
        uow.commit()


@pytest.mark.parametrize("facts", ["none stored", "stored", "stored, then relinked by hand"])
@pytest.mark.parametrize("seed", [1, 17, 2026])
def test_every_answer_equals_the_brute_force_one(uow_factory: UowFactory, seed: int, facts: str) -> None:
    rng = random.Random(seed)
    world = _world(rng, 160)
    _store(uow_factory, world)
    if facts != "none stored":
        assert store_facts(uow_factory) == sum(1 for _u, pid in world.providers.values() if pid)
    if facts == "stored, then relinked by hand":
        _relink_by_hand(uow_factory, world, rng)
    expected = brute_force_stages(world, AS_OF)
    assert len(set(expected.values())) == len(Stage), "the world should hold every stage"
    service = OnboardingService(uow_factory)

    assert service.stage_map().stages == expected
    assert service.counts().by_stage == _counts(expected)
    assert service.counts(LATER).by_stage == _counts(brute_force_stages(world, LATER))
    for stage in Stage:
        assert service.provider_ids(stage) == sorted(n for n, s in expected.items() if s == stage)
    resend = {(r.provider_id, r.invitation_id) for r in service.expired_invitations()}
    assert resend == {
        (n, iid)
        for n, (_uses, pid) in world.providers.items()
        if expected[n] == Stage.EXPIRED
        for iid, p, status, expires in world.invitations
        if p == pid and _expired(status, expires, AS_OF)
    }
    no_admin = [row.provider_id for row in service.linked_without_admin()]
    assert no_admin == sorted(n for n, s in expected.items() if s == Stage.NO_ADMIN)
