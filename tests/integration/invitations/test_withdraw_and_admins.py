"""Withdrawing queued and refused invitations, already-admin addresses, and last-seen portal statuses."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import requests

from countyadmin.domain.invitation import InvitationForm, check_invitation
from countyadmin.domain.outbox import OutboxErrorKind, OutboxState
from countyadmin.portal.errors import AlreadyAdmin
from countyadmin.services.invitation_errors import InvitationNotWithdrawable
from countyadmin.services.invitations import INVITATION_WITHDRAWN, active_admins
from tests.integration.invitations.conftest import World, emails_to


def _form(email: str | None = None) -> InvitationForm:
    return InvitationForm("Ana", "Ortiz", email or f"ana.{uuid.uuid4().hex[:8]}@example.org")


def _accept(world: World, invitation_id: str | None, username: str) -> None:
    response = requests.post(f"{world.sandbox.url}/sandbox/invitations/{invitation_id}/accept",
                             json={"username": username}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text


def test_a_queued_invitation_is_withdrawn_before_it_goes_out(world: World) -> None:
    service = world.service
    world.sandbox.kill()
    queued = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    assert queued.state is OutboxState.QUEUED
    withdrawn = service.withdraw(queued.id)
    assert withdrawn.state is OutboxState.WITHDRAWN
    world.sandbox.restart()
    world.clock.advance(timedelta(hours=1))
    assert service.deliver_due() == []  # the sender never posts it
    assert emails_to(world.sandbox, queued.email) == []
    assert service.list_for_provider(world.provider_id).entries == []
    [line] = world.audited(INVITATION_WITHDRAWN)
    assert line.details["email"] == queued.email and line.details["was"] == "queued"
    with pytest.raises(InvitationNotWithdrawable):
        service.withdraw(queued.id)


def test_a_refused_invitation_leaves_the_list_and_its_history_stays(world: World) -> None:
    service = world.service
    first = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    refused = service.send_now(service.queue_invitation(world.provider_id, _form(first.email)).id)
    assert refused.state is OutboxState.FAILED
    service.withdraw(refused.id)
    listing = service.list_for_provider(world.provider_id)
    assert [(e.email, e.status) for e in listing.entries] == [(first.email, "pending")]
    with world.uow_factory() as uow:
        actions = [e.action for e in uow.audit.for_provider(world.provider_id)]
    assert actions == ["invitation_withdrawn", "invitation_queued", "invitation_sent", "invitation_queued"]


def test_an_invitation_being_sent_cannot_be_withdrawn(world: World) -> None:
    item = world.service.queue_invitation(world.provider_id, _form())
    claimed, _ = world.service.delivery.claim(item.id, force=True)  # a sender holds it
    assert claimed is not None
    with pytest.raises(InvitationNotWithdrawable, match="being sent"):
        world.service.withdraw(item.id)
    assert world.service.delivery.post_claimed(claimed).state is OutboxState.SENT


def test_the_portals_invitations_stay_marked_with_when_they_were_seen(world: World) -> None:
    service = world.service
    sent = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    with world.portal_factory() as portal:  # one made outside this outbox (another desk, the demo)
        from countyadmin.portal.models import InvitationRequest

        other = portal.create_invitation(world.portal_id, InvitationRequest(
            "Bo", "Li", f"bo.{uuid.uuid4().hex[:6]}@example.org", "someone", False, None, None, None,
        ), idempotency_key=str(uuid.uuid4()))  # fmt: skip
    seen = world.clock()
    assert len(service.list_for_provider(world.provider_id).entries) == 2
    world.clock.advance(timedelta(minutes=5))
    world.sandbox.kill()
    listing = service.list_for_provider(world.provider_id)
    assert sorted(e.email for e in listing.entries) == sorted([sent.email, other.email])
    assert all(e.seen_at == seen and e.status == "pending" for e in listing.entries)
    assert listing.seen_at == seen and listing.portal_error is not None
    assert "last ones CountyAdmin saw, at " in listing.portal_error


def test_an_active_admin_user_is_refused_by_the_portal_and_not_retried(world: World) -> None:
    service = world.service
    sent = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    _accept(world, sent.portal_invitation_id, f"ana{uuid.uuid4().hex[:6]}")
    shouted = sent.email.upper().replace("@EXAMPLE.ORG", "@example.org")  # another case, same person
    again = service.send_now(service.queue_invitation(world.provider_id, _form(shouted)).id)
    assert again.state is OutboxState.FAILED and again.error_kind is OutboxErrorKind.ALREADY_ADMIN
    assert "already an admin user" in (again.last_error or "") and "Ana Ortiz" in (again.last_error or "")
    world.clock.advance(timedelta(hours=1))
    assert service.deliver_due() == []  # a refusal, not retried
    assert len(emails_to(world.sandbox, sent.email)) == 1
    with world.portal_factory() as portal, pytest.raises(AlreadyAdmin) as refused:
        from countyadmin.services.invitations_outbox import invitation_request

        portal.create_invitation(world.portal_id, invitation_request(again),
                                 idempotency_key=str(uuid.uuid4()))  # fmt: skip
    assert refused.value.existing_id and refused.value.existing["email"].casefold() == sent.email.casefold()


def test_the_form_check_names_the_existing_admin_user_before_sending(world: World) -> None:
    service = world.service
    sent = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    username = f"ana{uuid.uuid4().hex[:6]}"
    _accept(world, sent.portal_invitation_id, username)
    admins = active_admins(service.admin_users(world.provider_id))
    checked = check_invitation(_form(sent.email.title()), admins)
    assert not checked.ok and username in checked.problems["email"]
    assert check_invitation(_form(), admins).ok
