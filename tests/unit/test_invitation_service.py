"""InvitationService on the in-memory unit of work and a scripted portal: the outbox's rules, fast."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxErrorKind, OutboxItem, OutboxState, retry_delay
from countyadmin.domain.records import NewProvider
from countyadmin.portal.errors import Conflict, PortalUnavailable, Unauthorized, ValidationFailed
from countyadmin.portal.models import AdminUser, FieldError, Invitation, InvitationRequest
from countyadmin.services.invitation_errors import (
    InvitationAlreadyQueued,
    InvitationInvalid,
    InvitationNotEditable,
    ProviderNotLinked,
)
from countyadmin.services.invitations import InvitationService
from countyadmin.services.testing import InMemoryStore

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class ScriptedPortal:
    """Answers create_invitation from a script (an exception to raise, or None to succeed), like the
    portal: the same key replays the same invitation."""

    def __init__(self) -> None:
        self.script: list[Exception | None] = []
        self.posts: list[tuple[str, InvitationRequest, str]] = []
        self.by_key: dict[str, Invitation] = {}
        self.invitations: dict[str, Invitation] = {}
        self.closed = 0

    def create_invitation(
        self, provider_id: str, request: InvitationRequest, *, idempotency_key: str
    ) -> Invitation:
        self.posts.append((provider_id, request, idempotency_key))
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        if idempotency_key in self.by_key:
            return replace(self.by_key[idempotency_key], replayed=True)
        invitation = Invitation(
            id=f"INV-{len(self.invitations) + 1:06d}",
            provider_id=provider_id,
            first_name=request.first_name,
            last_name=request.last_name,
            email=request.email,
            role="admin",
            also_service_provider=request.also_service_provider,
            npi=request.npi,
            profession=request.profession,
            license=request.license,
            status="pending",
            created_at=T0,
            expires_at=T0 + timedelta(days=14),
            invited_by=request.invited_by,
        )
        self.by_key[idempotency_key] = invitation
        self.invitations[invitation.id] = invitation
        return invitation

    def list_invitations(self, provider_id: str) -> list[Invitation]:
        return [i for i in self.invitations.values() if i.provider_id == provider_id]

    def resend_invitation(self, invitation_id: str) -> Invitation:
        inv = self.invitations[invitation_id]
        self.invitations[invitation_id] = replace(inv, expires_at=inv.expires_at + timedelta(days=1))
        return self.invitations[invitation_id]

    def cancel_invitation(self, invitation_id: str) -> Invitation:
        self.invitations[invitation_id] = replace(self.invitations[invitation_id], status="cancelled")
        return self.invitations[invitation_id]

    def list_admin_users(self, provider_id: str) -> list[AdminUser]:
        return [
            AdminUser("U1", "aortiz", "Ana", "Ortiz", "ana@example.org", "active", False, None, None, None)
        ]

    def close(self) -> None:
        self.closed += 1


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    with store.unit_of_work() as uow:
        uow.providers.add(NewProvider(name="Linked Kids", portal_provider_id="CP-000007"), user="t", at=T0)
        uow.providers.add(NewProvider(name="Unlinked Kids"), user="t", at=T0)
        uow.commit()
    return store


@pytest.fixture
def portal() -> ScriptedPortal:
    return ScriptedPortal()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(store: InMemoryStore, portal: ScriptedPortal, clock: Clock) -> InvitationService:
    return InvitationService(
        store.unit_of_work, lambda: portal, user="jsmith", clock=clock, rng=random.Random(4)
    )


FORM = InvitationForm("Ana", "Ortiz", "ana@Example.org")


def _actions(store: InMemoryStore) -> list[str]:
    return [e.action for e in store.audit]


def test_queue_writes_the_item_and_its_audit_line_and_sends_nothing(
    service: InvitationService, store: InMemoryStore, portal: ScriptedPortal
) -> None:
    seen: list[OutboxItem] = []
    service.subscribe(seen.append)
    item = service.queue_invitation(1, FORM)
    assert item.state is OutboxState.QUEUED and item.email == "ana@example.org"
    assert uuid.UUID(item.idempotency_key).version == 4
    assert item.portal_provider_id == "CP-000007" and item.invited_by == "jsmith"
    assert store.outbox[item.id] == item and _actions(store) == ["invitation_queued"]
    assert portal.posts == [] and seen == [item]


def test_invalid_form_or_unlinked_provider_writes_nothing(
    service: InvitationService, store: InMemoryStore
) -> None:
    with pytest.raises(InvitationInvalid) as raised:
        service.queue_invitation(1, InvitationForm("", "Ortiz", "nope"))
    assert set(raised.value.field_errors) == {"first_name", "email"}
    with pytest.raises(ProviderNotLinked, match="Link it on the Billing Provider Profile tab"):
        service.queue_invitation(2, FORM)
    assert store.outbox == {} and store.audit == []


def test_a_second_click_does_not_queue_twice(service: InvitationService) -> None:
    service.queue_invitation(1, FORM)
    with pytest.raises(InvitationAlreadyQueued, match="already waiting"):
        service.queue_invitation(1, replace(FORM, email="ANA@example.org"))


def test_send_now_success_records_portal_ids_and_audits(
    service: InvitationService, store: InMemoryStore, portal: ScriptedPortal
) -> None:
    item = service.queue_invitation(1, FORM)
    sent = service.send_now(item.id)
    assert sent.state is OutboxState.SENT and sent.portal_invitation_id == "INV-000001"
    assert sent.portal_status == "pending" and sent.attempts == 1 and sent.lease_until is None
    assert portal.posts[0][2] == item.idempotency_key and portal.closed == 1
    assert _actions(store) == ["invitation_queued", "invitation_sent"]
    assert service.send_now(item.id) == sent  # already sent: nothing posted again
    assert len(portal.posts) == 1


def test_unreachable_portal_keeps_it_queued_with_growing_capped_backoff(
    service: InvitationService, portal: ScriptedPortal, clock: Clock
) -> None:
    item = service.queue_invitation(1, FORM)
    portal.script = [PortalUnavailable("down")] * 12
    waits = []
    for _ in range(12):
        after = service.send_now(item.id)
        assert after.state is OutboxState.QUEUED and after.error_kind is OutboxErrorKind.UNAVAILABLE
        assert after.next_attempt_at is not None
        waits.append((after.next_attempt_at - clock()).total_seconds())
        assert (
            "try again" in (after.last_error or "") and "nothing needs to be typed again" in after.last_error
        )
    assert 5 <= waits[0] <= 10 and waits[3] > waits[0] and max(waits) <= 15 * 60
    assert {key for _, _, key in portal.posts} == {item.idempotency_key}  # one key, every time
    assert service.pending_deliveries() == []  # not due until its next attempt
    clock.advance(minutes=16)
    assert [i.id for i in service.pending_deliveries()] == [item.id]
    assert service.deliver_due()[0].state is OutboxState.SENT


def test_retry_after_is_a_floor_of_the_backoff() -> None:
    assert retry_delay(1, retry_after=120, rng=random.Random(1)) == timedelta(seconds=120)
    assert retry_delay(1, retry_after=10_000) == timedelta(minutes=15)


def test_wrong_key_stays_queued_and_says_to_fix_settings(
    service: InvitationService, portal: ScriptedPortal
) -> None:
    item = service.queue_invitation(1, FORM)
    portal.script = [
        Unauthorized("CPSE Portal did not accept the API key. Check it in Settings → CPSE Portal.")
    ]
    after = service.send_now(item.id)
    assert after.state is OutboxState.QUEUED and after.error_kind is OutboxErrorKind.UNAUTHORIZED
    assert "Settings" in (after.last_error or "")


def test_pending_elsewhere_fails_naming_it_and_resend_is_offered(
    service: InvitationService, portal: ScriptedPortal, store: InMemoryStore
) -> None:
    item = service.queue_invitation(1, FORM)
    portal.script = [Conflict("exists", existing_id="INV-000042")]
    after = service.send_now(item.id)
    assert after.state is OutboxState.FAILED and after.pending_invitation_id == "INV-000042"
    assert "INV-000042" in (after.last_error or "") and "Resend" in (after.last_error or "")
    assert service.pending_deliveries(T0 + timedelta(days=1)) == []  # never retried by itself


def test_refused_fields_are_kept_and_a_corrected_form_goes_with_a_new_key(
    service: InvitationService, portal: ScriptedPortal, store: InMemoryStore
) -> None:
    item = service.queue_invitation(1, FORM)
    portal.script = [
        ValidationFailed(
            "bad",
            field_errors=[FieldError("last_name", "Too short."), FieldError("body.email", "Not allowed.")],
        )
    ]
    failed = service.send_now(item.id)
    assert failed.state is OutboxState.FAILED
    assert failed.field_errors == {"last_name": "Too short.", "email": "Not allowed."}
    again = service.requeue(item.id, replace(FORM, last_name="Ortiz-Diaz"))
    assert again.state is OutboxState.QUEUED and again.field_errors == {} and again.attempts == 0
    assert again.idempotency_key != item.idempotency_key and again.last_name == "Ortiz-Diaz"
    assert service.send_now(item.id).state is OutboxState.SENT
    with pytest.raises(InvitationNotEditable):
        service.requeue(item.id, FORM)


def test_a_crashed_senders_lease_expires_and_the_same_key_is_replayed(
    service: InvitationService, store: InMemoryStore, portal: ScriptedPortal, clock: Clock
) -> None:
    item = service.queue_invitation(1, FORM)
    claimed, _ = service.delivery.claim(item.id)
    assert claimed is not None and claimed.state is OutboxState.SENDING
    portal.create_invitation("CP-000007", _request(claimed), idempotency_key=claimed.idempotency_key)
    # ... and the sender dies before recording it. Until the lease ends nobody else may take it:
    assert service.pending_deliveries() == []
    assert service.send_now(item.id).state is OutboxState.SENDING
    clock.advance(minutes=6)
    sent = service.deliver_due()[0]
    assert sent.state is OutboxState.SENT and sent.attempts == 2
    assert len(portal.invitations) == 1 and {k for _, _, k in portal.posts} == {item.idempotency_key}
    assert _actions(store).count("invitation_sent") == 1


def test_a_late_outcome_from_a_lost_lease_changes_nothing(
    service: InvitationService, store: InMemoryStore, clock: Clock
) -> None:
    item = service.queue_invitation(1, FORM)
    slow, _ = service.delivery.claim(item.id)
    assert slow is not None
    clock.advance(minutes=6)
    service.deliver_due()  # another sender took over and delivered it
    late = service.delivery._record(slow, replace(slow, state=OutboxState.QUEUED))
    assert late.state is OutboxState.SENT  # the stored outcome stands


def test_list_merges_outbox_and_portal_and_refreshes_statuses(
    service: InvitationService, portal: ScriptedPortal, store: InMemoryStore
) -> None:
    sent = service.send_now(service.queue_invitation(1, FORM).id)
    portal.script = [PortalUnavailable("down")]
    queued = service.send_now(service.queue_invitation(1, replace(FORM, email="bo@example.org")).id)
    portal.invitations[sent.portal_invitation_id or ""] = replace(
        portal.invitations[sent.portal_invitation_id or ""], status="accepted"
    )
    listing = service.list_for_provider(1)
    assert listing.portal_error is None
    assert {(e.email, e.status) for e in listing.entries} == {
        ("ana@example.org", "accepted"),
        ("bo@example.org", "queued"),
    }
    assert store.outbox[sent.id].portal_status == "accepted"  # last known, for offline days
    queued_entry = next(e for e in listing.entries if e.status == "queued")
    assert queued_entry.message == queued.last_error and not queued_entry.can_resend


def test_resend_and_cancel_are_audited_and_keep_the_record(
    service: InvitationService, store: InMemoryStore
) -> None:
    sent = service.send_now(service.queue_invitation(1, FORM).id)
    pid = sent.portal_invitation_id or ""
    assert service.resend(1, pid).expires_at > (sent.portal_expires_at or T0)
    assert service.cancel(1, pid).status == "cancelled"
    assert store.outbox[sent.id].portal_status == "cancelled"
    assert _actions(store)[-2:] == ["invitation_resent", "invitation_cancelled"]
    assert [u.username for u in service.admin_users(1)] == ["aortiz"]


def _request(item: OutboxItem) -> InvitationRequest:
    from countyadmin.services.invitations_outbox import invitation_request

    return invitation_request(item)


def test_no_address_or_key_in_settings_keeps_it_queued_with_the_reason(
    store: InMemoryStore, clock: Clock
) -> None:
    from countyadmin.services.portal_work import NOT_CONFIGURED, PortalNotConfigured

    def not_configured() -> ScriptedPortal:
        raise PortalNotConfigured(NOT_CONFIGURED)

    service = InvitationService(store.unit_of_work, not_configured, user="jsmith", clock=clock)
    after = service.send_now(service.queue_invitation(1, FORM).id)
    assert after.state is OutboxState.QUEUED and after.error_kind is OutboxErrorKind.UNAUTHORIZED
    assert "API key is missing" in (after.last_error or "") and after.lease_until is None
