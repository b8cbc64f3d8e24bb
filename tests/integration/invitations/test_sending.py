"""Sending through the outbox: the happy path, the portal's refusals, and managing invitations."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import requests

from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import NewOutboxItem, OutboxErrorKind, OutboxState
from countyadmin.portal.client import PortalClient
from countyadmin.services.invitations import InvitationService
from tests.integration.invitations.conftest import World, client_for, emails_to


def _form(email: str | None = None, **fields: object) -> InvitationForm:
    address = email or f"ana.{uuid.uuid4().hex[:8]}@example.org"
    return InvitationForm("Ana", "Ortiz", address, **fields)  # type: ignore[arg-type]


def test_invite_is_sent_once_recorded_and_audited(world: World) -> None:
    therapist = _form(also_service_provider=True, npi="1234567893", profession="SLP", license="012345")
    item = world.service.queue_invitation(world.provider_id, therapist)
    sent = world.service.send_now(item.id)
    assert sent.state is OutboxState.SENT and sent.portal_invitation_id and sent.portal_status == "pending"
    mails = emails_to(world.sandbox, item.email)
    assert len(mails) == 1 and mails[0]["invitation_id"] == sent.portal_invitation_id
    listing = world.service.list_for_provider(world.provider_id)
    assert [(e.email, e.status, e.invited_by) for e in listing.entries] == [(item.email, "pending", "jsmith")]
    assert listing.entries[0].can_resend and listing.entries[0].outbox_item == sent
    with world.uow_factory() as uow:
        history = [e.action for e in uow.audit.for_provider(world.provider_id)]
    assert history == ["invitation_sent", "invitation_queued"]


def test_pending_duplicate_fails_naming_it_then_resend_and_cancel(world: World) -> None:
    service, provider_id = world.service, world.provider_id
    first = service.send_now(service.queue_invitation(provider_id, _form()).id)
    pending_id = first.portal_invitation_id
    assert pending_id is not None
    again = service.send_now(service.queue_invitation(provider_id, _form(first.email)).id)
    assert again.state is OutboxState.FAILED and again.error_kind is OutboxErrorKind.PENDING_EXISTS
    assert again.pending_invitation_id == pending_id
    assert pending_id in (again.last_error or "") and "Resend that invitation" in (again.last_error or "")

    # A day later the clerk resends the pending one: a new expiry and a second e-mail.
    requests.put(f"{world.sandbox.url}/sandbox/clock", json={"offset_seconds": 86_400}, timeout=10)
    resent = service.resend(provider_id, pending_id)
    assert first.portal_expires_at is not None and resent.expires_at > first.portal_expires_at
    assert len(emails_to(world.sandbox, first.email)) == 2

    assert service.cancel(provider_id, pending_id).status == "cancelled"
    listing = service.list_for_provider(provider_id)
    kept = [e for e in listing.entries if e.portal_invitation_id == pending_id]
    assert [e.status for e in kept] == ["cancelled"] and not kept[0].can_cancel  # the record is kept
    assert [e.status for e in listing.entries if e.outbox_item and e.outbox_item.id == again.id] == ["failed"]
    with world.uow_factory() as uow:
        history = [e.action for e in uow.audit.for_provider(provider_id)]
    assert history[:2] == ["invitation_cancelled", "invitation_resent"]


def test_portal_field_errors_are_kept_beside_fields(world: World) -> None:
    # The portal's rules can be stricter than ours: written past validation, as an older app might have.
    with world.uow_factory() as uow:
        item = uow.outbox.add(NewOutboxItem(
            provider_id=world.provider_id, portal_provider_id=world.portal_id, first_name="   ",
            last_name="Ortiz", email="ana.fields@example.org", invited_by="jsmith",
            also_service_provider=False, npi=None, profession=None, license=None,
            idempotency_key=str(uuid.uuid4()), created_at=world.clock(), created_by="jsmith",
        ))  # fmt: skip
        uow.commit()
    failed = world.service.send_now(item.id)
    assert failed.state is OutboxState.FAILED and failed.error_kind is OutboxErrorKind.INVALID
    assert set(failed.field_errors) == {"first_name"}
    assert "first_name" in (failed.last_error or "")
    fixed = world.service.requeue(item.id, _form(failed.email))
    assert world.service.send_now(fixed.id).state is OutboxState.SENT


def test_accepting_in_the_sandbox_shows_as_accepted_and_as_an_admin_user(world: World) -> None:
    service = world.service
    assert service.admin_users(world.provider_id) == []
    sent = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    username = f"ana{uuid.uuid4().hex[:6]}"
    response = requests.post(
        f"{world.sandbox.url}/sandbox/invitations/{sent.portal_invitation_id}/accept",
        json={"username": username},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    entry = service.list_for_provider(world.provider_id).entries[0]
    assert entry.status == "accepted" and not entry.can_resend and not entry.can_cancel
    assert service.outbox_item(sent.id).portal_status == "accepted"
    users = service.admin_users(world.provider_id)
    assert [(u.username, u.email) for u in users] == [(username, sent.email)]


def test_statuses_fall_back_to_the_last_known_when_the_portal_is_down(world: World) -> None:
    sent = world.service.send_now(world.service.queue_invitation(world.provider_id, _form()).id)
    world.sandbox.kill()
    listing = world.service.list_for_provider(world.provider_id)
    assert listing.portal_error is not None and "last ones CountyAdmin saw" in listing.portal_error
    assert [(e.email, e.status) for e in listing.entries] == [(sent.email, "pending")]


def test_a_wrong_key_keeps_it_queued_until_settings_are_fixed(world: World, sandbox_api_key: str) -> None:
    key = {"value": "wrong-key"}
    factory: Callable[[], PortalClient] = lambda: client_for(world.sandbox, key["value"])  # noqa: E731
    service = InvitationService(world.uow_factory, factory, user="jsmith", clock=world.clock)
    item = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    assert item.state is OutboxState.QUEUED and item.error_kind is OutboxErrorKind.UNAUTHORIZED
    assert "Settings" in (item.last_error or "")
    key["value"] = sandbox_api_key
    world.clock.advance(timedelta(hours=1))
    assert [i.state for i in service.deliver_due()] == [OutboxState.SENT]
    assert len(emails_to(world.sandbox, item.email)) == 1
