"""Closing while an invitation is still being posted: the outbox hands the item back, never holds it.

An upgrade asks a running CountyAdmin to close (issue 16). The sender's ``stop()`` waits a few seconds; a
post the portal still holds after that is not waited for, so its item is handed back: queued, due at
once, lease released, and sent with its same key at the next start, where the portal replays the
invitation it may already have made instead of making a second.
"""

from __future__ import annotations

from countyadmin.domain.outbox import OutboxState
from countyadmin.services.invitations import InvitationService
from countyadmin.services.outbox_sender import OutboxSender
from countyadmin.services.testing import InMemoryStore
from tests.unit.test_invitation_sender import BlockingPortal, _wait
from tests.unit.test_invitation_service import FORM, Clock, clock, store

__all__ = ["clock", "store"]  # fixtures


def test_an_item_still_being_posted_at_stop_is_handed_back_and_sent_once_later(
    store: InMemoryStore, clock: Clock
) -> None:
    blocking = BlockingPortal()
    service = InvitationService(store.unit_of_work, lambda: blocking, user="jsmith", clock=clock)
    changes = []
    service.subscribe(changes.append)
    sender = OutboxSender(service, interval=3600)
    sender.start()
    item = service.queue_invitation(1, FORM)
    assert blocking.entered.wait(10)
    assert store.outbox[item.id].state is OutboxState.SENDING

    assert sender.stop(timeout=0.2) is False  # the post goes on: the app will not wait for it
    handed = store.outbox[item.id]
    assert handed.state is OutboxState.QUEUED
    assert handed.lease_until is None and handed.leased_by is None
    assert handed.next_attempt_at is not None and handed.next_attempt_at <= clock()
    assert handed.last_error and "closed while sending" in handed.last_error
    assert changes[-1].state is OutboxState.QUEUED  # the GUI hears of it

    # The cut-off post ends after all (here the portal made the invitation): it records nothing over the
    # hand-back, so the item is still queued for the next start.
    blocking.release.set()
    _wait(lambda: not sender.running)
    assert store.outbox[item.id].state is OutboxState.QUEUED
    assert len(blocking.invitations) == 1

    # The next start sends it with the same key: the portal replays its invitation, no second one.
    restarted = InvitationService(store.unit_of_work, lambda: blocking, user="jsmith", clock=clock)
    (sent,) = restarted.deliver_due()
    assert sent.state is OutboxState.SENT
    assert len(blocking.invitations) == 1
    keys = {key for _provider, _request, key in blocking.posts}
    assert keys == {item.idempotency_key} and len(blocking.posts) == 2


def test_a_stop_that_waits_for_the_post_hands_nothing_back(store: InMemoryStore, clock: Clock) -> None:
    blocking = BlockingPortal()
    service = InvitationService(store.unit_of_work, lambda: blocking, user="jsmith", clock=clock)
    sender = OutboxSender(service, interval=3600)
    sender.start()
    item = service.queue_invitation(1, FORM)
    assert blocking.entered.wait(10)
    blocking.release.set()
    assert sender.stop(timeout=10)
    assert store.outbox[item.id].state is OutboxState.SENT
    assert service.hand_back_in_flight() == []


def test_an_item_claimed_just_as_the_app_hands_back_is_not_posted_but_handed_back(
    store: InMemoryStore, clock: Clock
) -> None:
    # Attack (issue 16, closing mid-send): a post worker that had passed its should_stop check claims an
    # item in the moment stop() hands back what is in flight. That item was not in flight yet, so it
    # was posted by a process about to exit, and held for its whole 5-minute lease when the exit cut the
    # post off. Now a claim made after the hand-back goes straight back to the outbox, unposted.
    portal = BlockingPortal()
    portal.release.set()
    service = InvitationService(store.unit_of_work, lambda: portal, user="jsmith", clock=clock)
    item = service.queue_invitation(1, FORM)
    assert service.hand_back_in_flight() == []  # nothing in flight: the app is closing all the same
    after = service.delivery.send(item.id)
    assert portal.posts == []
    assert after.state is OutboxState.QUEUED and after.lease_until is None and after.leased_by is None
    assert after.next_attempt_at is not None and after.next_attempt_at <= clock()
    # The next start sends it, once.
    restarted = InvitationService(store.unit_of_work, lambda: portal, user="jsmith", clock=clock)
    (sent,) = restarted.deliver_due()
    assert sent.state is OutboxState.SENT and len(portal.posts) == 1 and len(portal.invitations) == 1
