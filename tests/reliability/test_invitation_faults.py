"""The invitation outbox under faults, counted on CPSE Portal's side (the sandbox's invitations and e-mails).

- 1,000 invitations while 30% of requests are answered with an error and 30% of the rest lose their
  answer (processed, then the connection dropped);
- the sandbox SIGKILLed and restarted twice in the middle of a batch the background sender is working on;
- the app's sender process SIGKILLed three times while a post is in flight, and started again.

Each ends with every invitation on the portal once and its e-mail sent once. The fixtures are the
invitation tests' own (tests/integration/invitations/conftest.py, imported by this folder's
conftest), on an SQLite file.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.outbox import OutboxItem, OutboxState
from countyadmin.services.outbox_sender import OutboxSender
from tests.fixtures.sandbox import set_faults
from tests.integration.invitations.conftest import World, all_emails, wait_until
from tests.reliability.conftest import Figures
from tests.reliability.outbox_child import KEY_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """These tests run on an SQLite file: the outbox's logic is the same on every engine, and the
    invitation tests already cover PostgreSQL and MariaDB; here the point is volume and kills."""
    return sqlite_url


def _forms(count: int, tag: str) -> list[InvitationForm]:
    run = uuid.uuid4().hex[:6]
    return [InvitationForm("Ana", f"Ortiz {n}", f"ana.{tag}.{run}.{n}@example.org") for n in range(count)]


def _queue(world: World, forms: list[InvitationForm]) -> list[OutboxItem]:
    return [world.service.queue_invitation(world.provider_id, form) for form in forms]


def _replays(world: World) -> int:
    return sum(1 for event in world.audited("invitation_sent") if event.details["replayed"])


def _assert_exactly_once(world: World, items: list[OutboxItem]) -> None:
    """Every item sent once locally, and once on the portal: one invitation and one e-mail per address."""
    assert world.all_sent(len(items)), world.states()
    assert len(world.audited("invitation_sent")) == len(items)
    world.assert_once_each([item.email for item in items])
    assert len(all_emails(world.sandbox)) == len(items)  # nothing else was sent either


class _HttpLog(logging.Handler):
    """Counts the HTTP client's retries: each one is an attempt a fault spoiled."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.retries = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "retrying in" in record.getMessage():
            self.retries += 1


@pytest.fixture
def http_log() -> Iterator[_HttpLog]:
    handler = _HttpLog()
    logger = logging.getLogger("countyadmin.http")
    previous = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


def test_a_thousand_invitations_through_errors_and_dropped_answers(
    world: World, http_log: _HttpLog, figures: Figures
) -> None:
    items = _queue(world, _forms(1000, "bulk"))
    set_faults(world.sandbox, error_rate=0.3, drop_rate=0.3, retry_after=0)
    rounds = 0
    try:
        while not world.all_sent(len(items)) and rounds < 40:
            rounds += 1
            world.service.deliver_due(limit=len(items))
            world.clock.advance()  # past every backoff: the next round retries what failed
    finally:
        set_faults(world.sandbox)

    with world.uow_factory() as uow:
        attempts = sum(item.attempts for item in uow.outbox.for_provider(world.provider_id))
    failed_posts = attempts - len(items)  # each outbox attempt that did not end in "sent"
    faults = http_log.retries + failed_posts  # every spoiled HTTP attempt: retried, or the post's last
    replays = _replays(world)
    figures["invitations"], figures["rounds"], figures["outbox_attempts"] = len(items), rounds, attempts
    figures["http_attempts"], figures["faults_injected"] = len(items) + faults, faults
    figures["client_retries"], figures["outbox_retries"], figures["answers_lost_then_replayed"] = (
        http_log.retries, failed_posts, replays,
    )  # fmt: skip
    _assert_exactly_once(world, items)
    # The faults really bit: about 51% of attempts (30% errors, then 30% of the rest dropped).
    assert 0.4 < faults / (len(items) + faults) < 0.62, (faults, len(items))
    assert replays > 0, "no answer was lost after the portal made the invitation"


def test_sandbox_killed_and_restarted_twice_mid_batch(world: World, figures: Figures) -> None:
    set_faults(world.sandbox, latency_ms=15)  # a batch that takes a few seconds
    sender = OutboxSender(world.service, interval=0.2)
    sender.start()
    try:
        items = _queue(world, _forms(150, "kill"))
        for threshold in (40, 90):
            wait_until(lambda n=threshold: world.states()[OutboxState.SENT] >= n, what=f"{threshold} sent")
            world.sandbox.kill()
            # The sender meets the dead portal and puts what it held back in the queue with a backoff.
            wait_until(
                lambda: any(i.state is OutboxState.QUEUED and i.attempts > 0 for i in _items(world)),
                what="an item put back after the portal died",
            )
            world.sandbox.restart()  # the same data folder; faults live in memory, so none now
            set_faults(world.sandbox, latency_ms=15)
            world.clock.advance()
            sender.wake()
        wait_until(lambda: world.all_sent(len(items)), timeout=120, what="the whole batch to be sent")
    finally:
        assert sender.stop(timeout=10)
    retried = sum(1 for item in _items(world) if item.attempts > 1)
    figures["invitations"], figures["sandbox_kills"], figures["items_retried"] = len(items), 2, retried
    figures["answers_lost_then_replayed"] = _replays(world)
    _assert_exactly_once(world, items)
    assert retried > 0


def _items(world: World) -> list[OutboxItem]:
    with world.uow_factory() as uow:
        return uow.outbox.for_provider(world.provider_id)


class _Desk:
    """The sender child process, started again after each kill."""

    def __init__(self, world: World, database_url: str, key: str) -> None:
        self._args = [sys.executable, "-m", "tests.reliability.outbox_child", database_url,
                      world.sandbox.url, str(world.provider_id), "2"]  # fmt: skip
        self._env = {**os.environ, KEY_ENV: key}
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self._args, cwd=ROOT, env=self._env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready", self.output()

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no finally, no atexit, the lease stays taken
        self.process.wait(10)

    def output(self) -> str:
        if self.process is None or self.process.stdout is None or self.process.poll() is None:
            return ""
        return self.process.stdout.read()


def test_app_process_killed_mid_send_and_started_again(
    world: World, database_url: str, sandbox_api_key: str, figures: Figures
) -> None:
    items = _queue(world, _forms(60, "crash"))
    set_faults(world.sandbox, latency_ms=100)  # a post stays in flight long enough to be killed in
    desk = _Desk(world, database_url, sandbox_api_key)
    mid_send_kills = attempts = 0
    try:
        while mid_send_kills < 3 and attempts < 8:
            attempts += 1
            desk.start()
            target = world.states()[OutboxState.SENT] + 10
            wait_until(
                lambda n=target: (
                    world.states()[OutboxState.SENT] >= n and world.states()[OutboxState.SENDING] > 0
                ),
                timeout=60,
                what="the child to be in the middle of a post",
            )
            desk.kill()
            # Killed while holding a claimed item whose post had not come back: the lease is still taken.
            mid_send_kills += world.states()[OutboxState.SENDING] > 0
        desk.start()  # the last start: it waits for the dead desk's lease, then finishes the batch
        assert desk.process is not None
        assert desk.process.wait(timeout=120) == 0, desk.output()
    finally:
        if desk.process is not None and desk.process.poll() is None:
            desk.kill()
        set_faults(world.sandbox)
    figures["invitations"], figures["sender_kills_mid_send"], figures["starts"] = (
        len(items), mid_send_kills, attempts + 1,
    )  # fmt: skip
    figures["answers_lost_then_replayed"] = _replays(world)
    assert mid_send_kills >= 3
    _assert_exactly_once(world, items)
