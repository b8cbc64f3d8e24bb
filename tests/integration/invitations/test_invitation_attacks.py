"""Attacks on issue 14's withdraw and already-admin rules, against the real sandbox on every engine."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest

from countyadmin.domain.invitation import InvitationForm, check_invitation
from countyadmin.domain.outbox import OutboxErrorKind, OutboxState
from countyadmin.services.invitation_errors import InvitationNotEditable, InvitationNotWithdrawable
from countyadmin.services.invitations import INVITATION_WITHDRAWN, InvitationService, active_admins
from tests.fixtures.sandbox import set_faults
from tests.integration.invitations.conftest import World, all_emails, emails_to


def _form(email: str | None = None) -> InvitationForm:
    return InvitationForm("Ana", "Ortiz", email or f"ana.{uuid.uuid4().hex[:8]}@example.org")


def _admin(world: World, email: str | None = None) -> str:
    """An address that is an active admin user of the world's provider."""
    import requests

    sent = world.service.send_now(world.service.queue_invitation(world.provider_id, _form(email)).id)
    assert sent.state is OutboxState.SENT
    response = requests.post(f"{world.sandbox.url}/sandbox/invitations/{sent.portal_invitation_id}/accept",
                             json={"username": f"u{uuid.uuid4().hex[:8]}"}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    return sent.email


def test_withdrawing_after_a_lost_answer_does_not_claim_nothing_was_sent(world: World) -> None:
    """The portal took the post and e-mailed the person, but its answer was lost: the item is queued
    again. Withdrawn now, it must not be reported as 'never sent', and the portal's invitation must not
    be left pending behind the clerk's back."""
    service = world.service
    set_faults(world.sandbox, drop_rate=1.0)
    item = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    assert item.state is OutboxState.QUEUED and item.attempts == 1
    set_faults(world.sandbox)
    assert len(emails_to(world.sandbox, item.email)) == 1  # it did go out
    try:
        outcome = service.withdraw(item.id)
    except InvitationNotWithdrawable as refused:
        # Refused because it reached the portal: the sentence says so, and the list shows it pending.
        assert "CPSE Portal" in refused.user_message and "Cancel" in refused.user_message
        listing = service.list_for_provider(world.provider_id)
        assert [(e.email, e.status, e.can_cancel) for e in listing.entries] == [(item.email, "pending", True)]
        assert [e.outbox_item.id for e in listing.entries if e.outbox_item] == [item.id]
    else:
        pytest.fail(f"withdrawn as never sent although CPSE Portal e-mailed it: {outcome}")


def test_withdrawing_after_a_lost_answer_while_the_portal_is_down_warns(world: World) -> None:
    """Tried once without an answer, and the portal cannot be asked now: withdrawn, but the outcome
    must say it may have gone out (not 'was not sent and will not be')."""
    service = world.service
    set_faults(world.sandbox, drop_rate=1.0)
    item = service.send_now(service.queue_invitation(world.provider_id, _form()).id)
    set_faults(world.sandbox)
    world.sandbox.kill()
    withdrawn = service.withdraw(item.id)
    assert withdrawn.state is OutboxState.WITHDRAWN
    [line] = world.audited(INVITATION_WITHDRAWN)
    assert line.details["attempts"] == 1
    from countyadmin.gui.invitations.invite_admin_dialog import withdrawn_sentence
    from countyadmin.gui.provider_details.history_tab import change_text

    assert "may have e-mailed it" in withdrawn_sentence(withdrawn), withdrawn_sentence(withdrawn)
    assert "may have e-mailed it" in change_text(line), change_text(line)
    world.sandbox.restart()
    world.clock.advance(timedelta(hours=1))
    assert service.deliver_due() == []


def test_withdraw_racing_the_sender_is_never_both_withdrawn_and_sent(world: World) -> None:
    """Twelve items; for each, one thread withdraws while another desk's sender claims and posts. The
    e-mails the sandbox sent match exactly the items not withdrawn; each withdrawn item sent nothing."""
    desk_b = InvitationService(world.uow_factory, world.portal_factory, user="desk-b", clock=world.clock,
                               sender_id="desk-b")  # fmt: skip
    items = [world.service.queue_invitation(world.provider_id, _form()) for _ in range(12)]
    withdrawn: set[int] = set()
    refused: set[int] = set()
    for item in items:
        barrier = threading.Barrier(2)

        def withdraw(item_id: int = item.id, gate: threading.Barrier = barrier) -> None:
            gate.wait(5)
            try:
                world.service.withdraw(item_id)
                withdrawn.add(item_id)
            except InvitationNotWithdrawable:
                refused.add(item_id)

        def send(item_id: int = item.id, gate: threading.Barrier = barrier) -> None:
            gate.wait(5)
            desk_b.delivery.send(item_id, force=True)

        threads = [threading.Thread(target=withdraw), threading.Thread(target=send)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    world.clock.advance(timedelta(hours=1))
    world.service.deliver_due()
    with world.uow_factory() as uow:
        states = {item.id: uow.outbox.get(item.id).state for item in items}  # type: ignore[union-attr]
    assert {i for i, s in states.items() if s is OutboxState.WITHDRAWN} == withdrawn
    assert withdrawn | refused == {item.id for item in items} and not withdrawn & refused
    sent = {m["to"] for m in all_emails(world.sandbox)}
    for item in items:
        assert (item.email in sent) == (item.id not in withdrawn), (item.id, states[item.id])
    assert len(world.audited(INVITATION_WITHDRAWN)) == len(withdrawn)


def test_withdrawing_twice_is_refused_once_and_audited_once(world: World) -> None:
    world.sandbox.kill()
    item = world.service.queue_invitation(world.provider_id, _form())
    world.service.withdraw(item.id)
    with pytest.raises(InvitationNotWithdrawable, match="withdrawn already"):
        world.service.withdraw(item.id)
    assert len(world.audited(INVITATION_WITHDRAWN)) == 1


def test_a_refusal_withdrawn_on_one_desk_cannot_be_requeued_from_another(world: World) -> None:
    """Desk A's Invite dialog still holds the refused item; desk B withdrew it from the list meanwhile."""
    first = world.service.send_now(world.service.queue_invitation(world.provider_id, _form()).id)
    refused = world.service.send_now(world.service.queue_invitation(world.provider_id, _form(first.email)).id)
    assert refused.state is OutboxState.FAILED
    world.service.withdraw(refused.id)
    with pytest.raises(InvitationNotEditable):
        world.service.requeue(refused.id, _form(f"fixed.{uuid.uuid4().hex[:6]}@example.org"))
    assert len(emails_to(world.sandbox, first.email)) == 1


@pytest.mark.parametrize("variant", [
    str.upper,
    lambda e: f"  {e.split('@')[0]}@{e.split('@')[1].upper()}  ",
    lambda e: e.title(),
], ids=["upper", "spaces-upper-domain", "title"])  # fmt: skip
def test_already_admin_in_any_case_or_spacing(world: World, variant) -> None:  # noqa: ANN001
    email = _admin(world)
    typed = variant(email)
    admins = active_admins(world.service.admin_users(world.provider_id))
    assert not check_invitation(_form(typed), admins).ok
    again = world.service.send_now(world.service.queue_invitation(world.provider_id, _form(typed)).id)
    assert again.state is OutboxState.FAILED and again.error_kind is OutboxErrorKind.ALREADY_ADMIN
    assert len(emails_to(world.sandbox, email)) == 1


def test_already_admin_in_another_unicode_composition_is_said_before_sending(world: World) -> None:
    """'Ñina' typed as N + combining tilde: the same address to CPSE Portal (it refuses it), so the check
    before sending must say it too, not let the clerk click and be refused."""
    email = _admin(world, f"\u00d1ina.{uuid.uuid4().hex[:6]}@example.org")
    decomposed = email.replace("\u00d1", "N\u0303").replace("\u00f1", "n\u0303")
    assert decomposed != email
    admins = active_admins(world.service.admin_users(world.provider_id))
    checked = check_invitation(_form(decomposed), admins)
    again = world.service.send_now(world.service.queue_invitation(world.provider_id, _form(decomposed)).id)
    assert again.error_kind is OutboxErrorKind.ALREADY_ADMIN  # the portal's word
    assert not checked.ok, "the dialog would enable Invite for an address the portal refuses"


def test_a_removed_admin_user_with_the_same_address_can_be_invited_again() -> None:
    """Only an *active* admin user blocks an invitation: an inactive one (in the admin list) does not."""
    from countyadmin.portal.models import AdminUser

    users = [AdminUser("U-1", "ana", "Ana", "Ortiz", "ana@example.org", "disabled", False, None, None, None)]
    assert check_invitation(_form("ANA@example.org"), active_admins(users)).ok
