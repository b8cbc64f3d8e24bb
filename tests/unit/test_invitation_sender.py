"""OutboxSender without a network: it wakes on a queued invitation, reports changes, stops in bounded time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.portal.models import Invitation, InvitationRequest
from countyadmin.services.invitations import InvitationService
from countyadmin.services.outbox_sender import OutboxSender
from countyadmin.services.testing import InMemoryStore
from tests.unit.test_invitation_service import FORM, ScriptedPortal, clock, portal, service, store

__all__ = ["clock", "portal", "service", "store"]  # fixtures shared with the service tests


def _wait(condition: Callable[[], Any], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_queued_invitation_wakes_the_sender_at_once(
    service: InvitationService, store: InMemoryStore
) -> None:
    changes: list[OutboxItem] = []
    sender = OutboxSender(
        service, interval=3600, on_item_changed=changes.append
    )  # the hourly poll never fires
    sender.start()
    try:
        _wait(lambda: sender.rounds >= 1)
        item = service.queue_invitation(1, FORM)
        _wait(lambda: store.outbox[item.id].state is OutboxState.SENT)
    finally:
        assert sender.stop(timeout=5)
    assert [c.state for c in changes] == [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT]
    assert not sender.running


class BlockingPortal(ScriptedPortal):
    """A post that hangs until released, like a portal that never answers."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def create_invitation(
        self, provider_id: str, request: InvitationRequest, *, idempotency_key: str
    ) -> Invitation:
        self.entered.set()
        self.release.wait(30)
        return super().create_invitation(provider_id, request, idempotency_key=idempotency_key)


def test_stop_is_bounded_even_mid_post(store: InMemoryStore) -> None:
    blocking = BlockingPortal()
    service = InvitationService(store.unit_of_work, lambda: blocking, user="jsmith")
    sender = OutboxSender(service, interval=3600)
    sender.start()
    service.queue_invitation(1, FORM)
    assert blocking.entered.wait(10)
    started = time.monotonic()
    assert sender.stop(timeout=0.2) is False  # still in the post: the caller is not kept waiting
    assert time.monotonic() - started < 2
    blocking.release.set()
    _wait(lambda: not sender.running)


def test_a_failing_round_is_reported_and_the_sender_keeps_going(store: InMemoryStore) -> None:
    errors: list[str] = []
    calls = {"n": 0}
    service = InvitationService(store.unit_of_work, ScriptedPortal, user="jsmith")

    def broken_then_fine(**kwargs: Any) -> list[OutboxItem]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("database unreachable")
        return []

    service.deliver_due = broken_then_fine  # type: ignore[method-assign]
    sender = OutboxSender(service, interval=0.05, on_error=errors.append)
    sender.start()
    try:
        _wait(lambda: calls["n"] >= 2)
    finally:
        assert sender.stop(timeout=5)
    assert errors and "tries again shortly" in errors[0]
