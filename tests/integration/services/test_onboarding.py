"""The onboarding stages from the local database, on SQLite, PostgreSQL and MariaDB.

Rows are written straight into the providers table and the local copy (the sync's own tests show the
copy equals the portal; tests/gui/test_onboarding_view.py goes through a real sync).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from countyadmin.db.models import PortalAdminUserRow, PortalInvitationRow, PortalSyncFeedRow, ProviderRow
from countyadmin.db.onboarding_repository import resend_key
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.services.onboarding import OnboardingService, Stage

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
UowFactory = Callable[[], SqlAlchemyUnitOfWork]


def _person(pid: str, email: str) -> dict[str, object]:
    return {
        "provider_id": pid,
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": email,
        "email_key": email,
        "name_key": "ana ruiz",
        "npi": None,
        "profession": None,
        "license": None,
        "also_service_provider": False,
    }


def _invitation(iid: str, pid: str, status: str, expires: datetime) -> dict[str, object]:
    return {
        **_person(pid, f"{iid}@example.org"),
        "id": iid,
        "status": status,
        "created_at": AS_OF - timedelta(days=30),
        "expires_at": expires,
        "invited_by": "t",
    }


def _admin(uid: str, pid: str, status: str) -> dict[str, object]:
    return {**_person(pid, f"{uid}@example.org"), "user_id": uid, "username": uid, "status": status}


def _seed(uow_factory: UowFactory) -> dict[str, int]:
    providers = [
        ("not using", False, None),
        ("not linked", True, None),
        ("bare", True, "P1"),
        ("only disabled admin and cancelled", True, "P2"),
        ("pending", True, "P3"),
        ("pending past expiry", False, "P4"),
        ("marked expired", True, "P5"),
        ("admin and expired", True, "P6"),
        ("pending and expired", True, "P7"),
        ("accepted only", True, "P8"),
        ("expiring exactly at as-of", True, "P9"),
    ]
    later, earlier = AS_OF + timedelta(days=3), AS_OF - timedelta(days=3)
    with uow_factory() as uow:
        s = uow.session
        s.execute(
            insert(ProviderRow),
            [
                {"id": n, "name": name, "uses_portal": uses, "portal_provider_id": pid, "version": 1}
                for n, (name, uses, pid) in enumerate(providers, 1)
            ],
        )
        s.execute(
            insert(PortalInvitationRow),
            [
                _invitation("i2", "P2", "cancelled", later),
                _invitation("i3", "P3", "pending", later),
                _invitation("i4", "P4", "pending", earlier),
                _invitation("i5", "P5", "expired", earlier),
                _invitation("i6", "P6", "pending", earlier),
                _invitation("i7a", "P7", "pending", later),
                _invitation("i7b", "P7", "expired", earlier),
                _invitation("i8", "P8", "accepted", earlier),
                _invitation("i9", "P9", "pending", AS_OF),
                _invitation("iX", "P-other", "pending", earlier),
            ],
        )
        s.execute(insert(PortalAdminUserRow), [_admin("u2", "P2", "disabled"), _admin("u6", "P6", "active")])
        s.execute(
            insert(PortalSyncFeedRow),
            [
                {"feed": f, "source": "https://portal", "as_of": AS_OF}
                for f in ("links", "invitations", "admin_users")
            ],
        )
        uow.commit()
    return {name: n for n, (name, _u, _p) in enumerate(providers, 1)}


def test_each_provider_has_the_stage_its_copy_rows_say(uow_factory: UowFactory) -> None:
    ids = _seed(uow_factory)
    service = OnboardingService(uow_factory)
    expected = {
        "not using": Stage.NOT_USING,
        "not linked": Stage.NOT_LINKED,
        "bare": Stage.NO_ADMIN,
        "only disabled admin and cancelled": Stage.NO_ADMIN,
        "pending": Stage.PENDING,
        "pending past expiry": Stage.EXPIRED,
        "marked expired": Stage.EXPIRED,
        "admin and expired": Stage.ACTIVE_ADMIN,
        "pending and expired": Stage.PENDING,
        "accepted only": Stage.NO_ADMIN,
        "expiring exactly at as-of": Stage.EXPIRED,
    }
    stage_map = service.stage_map()
    assert {name: stage_map.stages[pid] for name, pid in ids.items()} == expected
    counts = service.counts()
    assert counts.as_of == AS_OF
    assert counts.by_stage == stage_map.counts.by_stage
    assert counts.by_stage[Stage.EXPIRED] == 3 and counts.by_stage[Stage.NO_ADMIN] == 3
    assert counts.total == len(ids)
    assert service.provider_ids(Stage.EXPIRED) == sorted(
        ids[n] for n, s in expected.items() if s == Stage.EXPIRED
    )
    # Four days later by the copy, the pending invitations of "pending" and "pending and expired" expired.
    assert service.counts(AS_OF + timedelta(days=4)).by_stage[Stage.EXPIRED] == 5


def test_resend_queues_each_expired_invitation_once(uow_factory: UowFactory) -> None:
    ids = _seed(uow_factory)
    queued: list[int] = []
    service = OnboardingService(
        uow_factory, user="coordinator", on_queued=lambda item: queued.append(item.id)
    )
    preview = service.expired_invitations()
    # Only providers at the "expired" stage: P6 has an admin, P7 a pending invitation, iX is not ours.
    assert sorted(r.invitation_id for r in preview) == ["i4", "i5", "i9"]
    assert {r.provider_id for r in preview} == {
        ids["pending past expiry"],
        ids["marked expired"],
        ids["expiring exactly at as-of"],
    }
    first = service.resend_expired(preview)
    assert len(first.queued) == 3 and first.already_queued == 0 and len(queued) == 3
    assert {item.idempotency_key for item in first.queued} == {resend_key(i) for i in ("i4", "i5", "i9")}
    assert all(
        item.invited_by == "coordinator" and item.email.endswith("@example.org") for item in first.queued
    )
    # A second click on the same (stale) preview queues nothing; the next preview is empty.
    second = service.resend_expired(preview)
    assert second.queued == [] and second.already_queued == 3
    assert "Nothing new to resend" in second.sentence()
    assert service.expired_invitations() == []


def test_linked_providers_without_admin_for_the_template(uow_factory: UowFactory) -> None:
    ids = _seed(uow_factory)
    rows = OnboardingService(uow_factory).linked_without_admin()
    assert [r.provider_id for r in rows] == sorted(
        (ids["accepted only"], ids["bare"], ids["only disabled admin and cancelled"]),
        key=lambda pid: next(n for n, i in ids.items() if i == pid),
    )
    assert {r.portal_provider_id for r in rows} == {"P1", "P2", "P8"}


def test_never_synced_counts_every_linked_provider_as_without_admin(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.session.execute(
            insert(ProviderRow),
            [{"id": 1, "name": "A", "uses_portal": True, "portal_provider_id": "P1", "version": 1}],
        )
        uow.commit()
    counts = OnboardingService(uow_factory).counts()
    assert counts.as_of is None
    assert counts.by_stage[Stage.NO_ADMIN] == 1 and counts.total == 1
