"""Exactly once on the portal's side, whatever happens: the sandbox down, flaky, killed mid-send; the
app restarted with items queued; a sender crashing while it holds an item; two desks' senders racing.

"Once" is counted where it matters: the sandbox's invitations for the provider and its sent e-mails.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from countyadmin.db.engine import create_engine_for
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.services.invitations import InvitationService
from countyadmin.services.invitations_outbox import invitation_request
from countyadmin.services.outbox_sender import OutboxSender
from tests.fixtures.sandbox import set_faults
from tests.integration.invitations.conftest import World, emails_to, wait_until


def _form(tag: str = "") -> InvitationForm:
    return InvitationForm("Ana", "Ortiz", f"ana.{tag}{uuid.uuid4().hex[:8]}@example.org")


@pytest.fixture
def sender(service: InvitationService) -> Iterator[OutboxSender]:
    sender = OutboxSender(service, interval=0.5)
    yield sender
    assert sender.stop(timeout=10)


def test_queued_while_the_portal_is_down_then_delivered_once(world: World, sender: OutboxSender) -> None:
    world.sandbox.kill()
    item = world.service.queue_invitation(world.provider_id, _form())
    after = world.service.send_now(item.id)
    assert after.state is OutboxState.QUEUED and "could not be reached" in (after.last_error or "")
    sender.start()
    wait_until(lambda: sender.rounds >= 2, what="the sender to try while the portal is down")
    assert world.service.outbox_item(item.id).state is OutboxState.QUEUED

    world.sandbox.restart()
    world.clock.advance()  # past the backoff
    sender.wake()
    wait_until(lambda: world.all_sent(1), what="delivery after the restart")
    world.assert_once_each([item.email])


def test_flaky_portal_each_of_thirty_exactly_once(world: World) -> None:
    items = [world.service.queue_invitation(world.provider_id, _form(f"{n}.")) for n in range(30)]
    set_faults(world.sandbox, error_rate=0.5, drop_rate=0.3, retry_after=0)
    try:
        for _ in range(60):  # rounds of the sender's step, each after the backoff has passed
            world.service.deliver_due(limit=50)
            if world.all_sent(30):
                break
            world.clock.advance()
    finally:
        set_faults(world.sandbox)
    assert world.all_sent(30)
    with world.uow_factory() as uow:
        assert max(i.attempts for i in uow.outbox.for_provider(world.provider_id)) > 1  # faults did bite
    assert len(world.audited("invitation_sent")) == 30
    world.assert_once_each([i.email for i in items])


def test_answer_lost_then_the_sandbox_killed_and_restarted(world: World) -> None:
    item = world.service.queue_invitation(world.provider_id, _form())
    set_faults(world.sandbox, drop_rate=1.0)  # the portal makes the invitation; the answer never comes
    assert world.service.send_now(item.id).state is OutboxState.QUEUED
    assert len(emails_to(world.sandbox, item.email)) == 1  # it did reach the portal
    world.sandbox.kill()
    world.sandbox.restart()  # faults live in memory: the restarted sandbox is healthy
    world.clock.advance()
    assert [i.state for i in world.service.deliver_due()] == [OutboxState.SENT]
    world.assert_once_each([item.email])


def test_sandbox_killed_while_the_sender_waits_for_its_answer(world: World, sender: OutboxSender) -> None:
    set_faults(world.sandbox, latency_ms=1500)
    sending = threading.Event()
    world.service.subscribe(lambda i: sending.set() if i.state is OutboxState.SENDING else None)
    sender.start()
    item = world.service.queue_invitation(world.provider_id, _form())
    assert sending.wait(10), "the sender never claimed the item"
    world.sandbox.kill()  # mid-request
    wait_until(lambda: world.service.outbox_item(item.id).state is OutboxState.QUEUED, what="a requeue")
    world.sandbox.restart()
    world.clock.advance()
    sender.wake()
    wait_until(lambda: world.all_sent(1), what="delivery after the restart")
    world.assert_once_each([item.email])


def test_app_restarted_with_items_queued(world: World, database_url: str, engine: Engine) -> None:
    first_app = InvitationService(
        unit_of_work_factory(engine), world.portal_factory, user="jsmith", clock=world.clock
    )
    world.sandbox.kill()
    items = [first_app.queue_invitation(world.provider_id, _form(f"{n}.")) for n in range(3)]
    first_app.send_now(items[0].id)  # one tried and backed off, two never tried
    engine.dispose()  # the app closes
    world.sandbox.restart()

    second_engine = create_engine_for(database_url)  # the app starts again
    try:
        world.uow_factory = unit_of_work_factory(second_engine)
        world.clock.advance()
        second_app = InvitationService(
            world.uow_factory, world.portal_factory, user="jsmith", clock=world.clock
        )
        sender = OutboxSender(second_app, interval=0.5)
        sender.start()
        try:
            wait_until(lambda: world.all_sent(3), what="delivery after the app restart")
        finally:
            assert sender.stop(timeout=10)
    finally:
        second_engine.dispose()
    world.assert_once_each([i.email for i in items])


def test_a_crashed_senders_item_is_retried_with_the_same_key(world: World) -> None:
    item = world.service.queue_invitation(world.provider_id, _form())
    claimed, _ = world.service.delivery.claim(item.id)
    assert claimed is not None
    with world.portal_factory() as portal:  # the post reaches the portal ... and the sender dies
        portal.create_invitation(
            world.portal_id, invitation_request(claimed), idempotency_key=item.idempotency_key
        )
    other_desk = InvitationService(world.uow_factory, world.portal_factory, user="mlee", clock=world.clock)
    assert other_desk.pending_deliveries() == []  # the lease still holds
    world.clock.advance(world.service.delivery.lease + timedelta(seconds=1))
    assert [i.id for i in other_desk.pending_deliveries()] == [item.id]
    [sent] = other_desk.deliver_due()
    assert sent.state is OutboxState.SENT and sent.attempts == 2
    events = world.audited("invitation_sent")
    assert len(events) == 1 and events[0].details["replayed"] is True
    world.assert_once_each([item.email])


def test_two_desks_senders_race_on_one_database(world: World, database_url: str) -> None:
    items = [world.service.queue_invitation(world.provider_id, _form(f"{n}.")) for n in range(20)]
    set_faults(world.sandbox, latency_ms=20)  # widen the window in which both want the same item
    desks: list[tuple[Engine, OutboxSender]] = []
    claimed_by: list[tuple[int, str]] = []
    lock = threading.Lock()

    def recorder(desk_name: str) -> Callable[[OutboxItem], None]:
        def record(item: OutboxItem) -> None:
            if item.state is OutboxState.SENDING:
                with lock:
                    claimed_by.append((item.id, desk_name))

        return record

    try:
        for name in ("desk-a", "desk-b"):
            desk_engine = create_engine_for(database_url)
            desk = InvitationService(
                unit_of_work_factory(desk_engine), world.portal_factory, user=name, sender_id=name
            )
            desks.append((desk_engine, OutboxSender(desk, interval=0.2, on_item_changed=recorder(name))))
        for _, sender in desks:
            sender.start()
        wait_until(lambda: world.all_sent(20), timeout=60, what="both desks to deliver")
    finally:
        for desk_engine, sender in desks:
            assert sender.stop(timeout=10)
            desk_engine.dispose()
    assert sorted(item_id for item_id, _ in claimed_by) == sorted(i.id for i in items)  # each claimed once
    assert len(world.audited("invitation_sent")) == 20
    world.assert_once_each([i.email for i in items])
