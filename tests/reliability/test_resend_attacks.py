"""Attacks on Resend Every Expired Invitation (issue 17): a clerk in a hurry at two desks, and a sync that
changes the copy between the preview and the click. On SQLite, PostgreSQL and MariaDB.

Each expired invitation must be resent exactly once, whoever clicks first, and the click must answer
with its sentence, never a database error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from countyadmin.db.models import InvitationOutboxRow
from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.portal.models import AdminUser, AdminUserChange, Invitation, InvitationChange
from countyadmin.services.onboarding import OnboardingService
from tests.integration.services.test_onboarding import AS_OF, _seed

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


def _outbox_keys(uow_factory: UowFactory) -> list[str]:
    with uow_factory() as uow:
        return sorted(uow.session.scalars(select(InvitationOutboxRow.idempotency_key)))


def test_two_desks_clicking_at_the_same_moment_resend_each_once(uow_factory: UowFactory) -> None:
    _seed(uow_factory)
    desk_a = OnboardingService(uow_factory, user="desk-a")
    preview = desk_a.expired_invitations()
    assert len(preview) == 3
    raced: dict[str, Any] = {}

    class DeskB:
        """Desk B's unit of work: as it checks the outbox, desk A's click queues and commits the same."""

        def __init__(self) -> None:
            self.inner = uow_factory()

        def __enter__(self) -> SqlAlchemyUnitOfWork:
            opened = self.inner.__enter__()
            real = opened.onboarding.outbox_keys_present

            def present(keys: Any) -> set[str]:
                found = real(keys)
                if "a" not in raced:
                    raced["a"] = desk_a.resend_expired(preview)
                return found

            opened.onboarding.outbox_keys_present = present  # type: ignore[method-assign]
            return opened

        def __exit__(self, *exc: Any) -> None:
            self.inner.__exit__(*exc)

    woken: list[int] = []
    desk_b = OnboardingService(
        DeskB,  # type: ignore[arg-type]
        user="desk-b",
        on_queued=lambda item: woken.append(item.id),
    )
    outcome_b = desk_b.resend_expired(preview)
    assert len(raced["a"].queued) == 3
    assert outcome_b.queued == [] and outcome_b.already_queued == 3 and woken == []
    assert "Nothing new to resend" in outcome_b.sentence()
    assert len(_outbox_keys(uow_factory)) == 3  # once each


def test_a_sync_between_the_preview_and_the_click_is_respected(uow_factory: UowFactory) -> None:
    _seed(uow_factory)
    service = OnboardingService(uow_factory)
    preview = service.expired_invitations()
    accepted = next(r for r in preview if r.invitation_id == "i4")
    # Meanwhile a sync: i4's invitee accepted (an active admin at P4), as the portal's feeds would say.
    invitation = Invitation(
        id="i4", provider_id="P4", first_name="Ana", last_name="Ruiz", email=accepted.email, role="admin",
        also_service_provider=False, npi=None, profession=None, license=None, status="accepted",
        created_at=AS_OF - timedelta(days=30), expires_at=AS_OF - timedelta(days=3), invited_by="t",
    )  # fmt: skip
    admin = AdminUser("u4", "u4", "Ana", "Ruiz", accepted.email, "active", False, None, None, None)
    with uow_factory() as uow:
        uow.portal_copy.apply_invitations([InvitationChange("i4", "P4", invitation)])
        uow.portal_copy.apply_admin_users([AdminUserChange("u4", "P4", admin)])
        uow.commit()
    outcome = service.resend_expired(preview)
    assert sorted(item.idempotency_key for item in outcome.queued) == sorted(
        k for k in _outbox_keys(uow_factory)
    )
    assert len(outcome.queued) == 2 and outcome.no_longer_expired == 1
    assert "1 is no longer expired" in outcome.sentence()
    with uow_factory() as uow:
        emails = set(uow.session.scalars(select(InvitationOutboxRow.email)))
        assert accepted.email not in emails
        assert uow.session.scalar(select(func.count()).select_from(InvitationOutboxRow)) == 2
