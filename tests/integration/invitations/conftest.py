"""Invitations against the real sandbox over HTTP, on each real database (``uow_factory``)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from countyadmin.db.unit_of_work import SqlAlchemyUnitOfWork
from countyadmin.domain.outbox import OutboxState
from countyadmin.domain.records import NewProvider
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.invitations import InvitationService
from tests.fixtures.sandbox import set_faults
from tests.integration.sandbox.helpers import unique_name, unique_npi

UowFactory = Callable[[], SqlAlchemyUnitOfWork]


class Clock:
    """The services' clock: tests move it past backoffs and leases instead of sleeping."""

    def __init__(self) -> None:
        self._now = datetime.now(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta = timedelta(minutes=20)) -> None:
        with self._lock:
            self._now += delta


def client_for(process: SandboxProcess, key: str) -> PortalClient:
    # Few, quick retries: the outbox's own backoff is under test, not the client's.
    return PortalClient(process.url, key, timeout=(2.0, 5.0), max_attempts=2, backoff=0.01,
                        sleep=lambda _: None)  # fmt: skip


def wait_until(condition: Callable[[], Any], *, timeout: float = 30.0, what: str = "condition") -> Any:
    """Poll ``condition`` until it is truthy, failing after ``timeout`` seconds (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


def emails_to(process: SandboxProcess, address: str) -> list[dict[str, Any]]:
    response = requests.get(f"{process.url}/sandbox/outbox", params={"to": address}, timeout=10)
    response.raise_for_status()
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def all_emails(process: SandboxProcess) -> list[dict[str, Any]]:
    response = requests.get(f"{process.url}/sandbox/outbox", timeout=10)
    response.raise_for_status()
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def portal_factory(fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> Callable[[], PortalClient]:
    return lambda: client_for(fresh_sandbox, sandbox_api_key)


@pytest.fixture
def linked_provider(uow_factory: UowFactory, portal_factory: Callable[[], PortalClient]) -> tuple[int, str]:
    """A county provider linked to a new portal provider: (county id, portal id)."""
    with portal_factory() as portal:
        created = portal.create_provider(NewPortalProvider("agency", unique_name(), unique_npi("2"), None))
    with uow_factory() as uow:
        provider_id = uow.providers.add(
            NewProvider(name=created.name, portal_provider_id=created.id, uses_portal=True),
            user="import", at=datetime.now(UTC),
        )  # fmt: skip
        uow.commit()
    with portal_factory() as portal:  # the portal lets a county invite only for providers it linked
        portal.link_county(created.id, str(provider_id))
    return provider_id, created.id


@pytest.fixture
def service(
    uow_factory: UowFactory, portal_factory: Callable[[], PortalClient], clock: Clock
) -> InvitationService:
    return InvitationService(uow_factory, portal_factory, user="jsmith", clock=clock)


@dataclass
class World:
    """One desk's view of a test: its service, a linked provider, the sandbox, the database, the clock."""

    service: InvitationService
    provider_id: int
    portal_id: str
    sandbox: SandboxProcess
    uow_factory: UowFactory
    clock: Clock
    portal_factory: Callable[[], PortalClient]

    def states(self) -> Counter[OutboxState]:
        with self.uow_factory() as uow:
            return Counter(item.state for item in uow.outbox.for_provider(self.provider_id))

    def all_sent(self, count: int) -> bool:
        return self.states() == Counter({OutboxState.SENT: count})

    def audited(self, action: str) -> list[Any]:
        with self.uow_factory() as uow:
            return [e for e in uow.audit.for_provider(self.provider_id) if e.action == action]

    def assert_once_each(self, emails: list[str]) -> None:
        """The sandbox holds exactly one invitation and sent exactly one e-mail per address."""
        set_faults(self.sandbox)  # count without faults
        with self.portal_factory() as portal:
            invitations = portal.list_invitations(self.portal_id)
        assert sorted(i.email for i in invitations) == sorted(emails)
        sent = Counter(m["to"] for m in all_emails(self.sandbox))
        assert {email: sent[email] for email in emails} == {email: 1 for email in emails}


@pytest.fixture
def world(
    service: InvitationService,
    linked_provider: tuple[int, str],
    fresh_sandbox: SandboxProcess,
    uow_factory: UowFactory,
    clock: Clock,
    portal_factory: Callable[[], PortalClient],
) -> World:
    provider_id, portal_id = linked_provider
    return World(service, provider_id, portal_id, fresh_sandbox, uow_factory, clock, portal_factory)
