"""GUI test helpers: providers in an in-memory store, and an NPI Registry we control."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.gui.context import AppContext, ConnectionSettings
from countyadmin.gui.invitations.outbox_bridge import OutboxBridge
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.npi_registry.errors import NpiNotFound, NpiRegistryUnavailable
from countyadmin.npi_registry.models import NpiRecord
from countyadmin.npi_registry.parser import parse_record
from countyadmin.services.invitations import InvitationService
from countyadmin.services.npi_lookup import NpiLookupService
from countyadmin.services.portal_work import PortalWorkService
from countyadmin.services.providers import ProviderService
from countyadmin.services.testing import InMemoryStore


def valid_npi(first_nine: str) -> str:
    return first_nine + npi_check_digit(first_nine)


KELSEY_NPI = valid_npi("123456789")
UNKNOWN_NPI = valid_npi("198765432")
SLOW_NPI = valid_npi("155555555")


def person_record(npi: str, first: str, last: str, credential: str, status: str = "A") -> NpiRecord:
    return parse_record(
        {
            "number": npi,
            "enumeration_type": "NPI-1",
            "basic": {"first_name": first, "last_name": last, "credential": credential, "status": status},
            "addresses": [],
            "taxonomies": [],
            "other_names": [],
        }
    )


@dataclass
class FakeRegistry:
    """An NPI Registry client: known records, an on/off switch, and gates that hold an answer back."""

    records: dict[str, NpiRecord] = field(default_factory=dict)
    reachable: bool = True
    gates: dict[str, threading.Event] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def lookup(self, npi: str) -> NpiRecord:
        self.asked.append(npi)
        gate = self.gates.get(npi)
        if gate is not None:
            gate.wait(10)
        if not self.reachable:
            raise NpiRegistryUnavailable("The NPI Registry could not be reached. Try again in a few minutes.")
        if npi not in self.records:
            raise NpiNotFound(f"The NPI Registry has no provider with NPI {npi}.")
        return self.records[npi]

    def check(self) -> None:
        if not self.reachable:
            raise NpiRegistryUnavailable("The NPI Registry could not be reached.")


@dataclass
class FakeSettings:
    """A SettingsBackend in memory."""

    settings: ConnectionSettings = ConnectionSettings("https://portal.test/", "https://npi.test/api/", "")
    saved: list[tuple[ConnectionSettings, str | None]] = field(default_factory=list)

    def load(self) -> ConnectionSettings:
        return self.settings

    def read_api_key(self, portal_url: str) -> str | None:
        return None

    def save(self, settings: ConnectionSettings, api_key: str | None) -> None:
        self.saved.append((settings, api_key))

    def test_portal(self, portal_url: str, api_key: str) -> str:
        return "Connected: this key belongs to Test County."

    def test_registry(self, registry_url: str) -> str:
        return "Connected: the NPI Registry answers."


@dataclass
class GuiWorld:
    store: InMemoryStore
    registry: FakeRegistry
    providers: ProviderService
    npi_lookup: NpiLookupService
    settings: FakeSettings
    portal: PortalWorkService | None = None  # set by the fixtures that talk to a sandbox
    invitations: InvitationService | None = None  # set by the Provider Admin Users fixtures
    outbox: OutboxBridge | None = None

    def context(self) -> AppContext:
        return AppContext(self.providers, self.npi_lookup, self.settings, portal=self.portal,
                          invitations=self.invitations, outbox=self.outbox)  # fmt: skip

    def add(self, name: str, **values: object) -> int:
        with self.store.unit_of_work() as uow:
            new_id = uow.providers.add(
                NewProvider(name=name, **values),  # type: ignore[arg-type]
                user="setup",
                at=datetime(2026, 1, 5, 14, 0, tzinfo=UTC),
            )
            uow.commit()
        return new_id


@pytest.fixture
def world() -> GuiWorld:
    store = InMemoryStore()
    registry = FakeRegistry(records={KELSEY_NPI: person_record(KELSEY_NPI, "KELSEY", "SMITH", "PT")})
    world = GuiWorld(
        store,
        registry,
        ProviderService(store.unit_of_work, user="clerk"),
        NpiLookupService(store.unit_of_work, registry),
        FakeSettings(),
    )
    world.add(
        "Kelsey Smith PT",
        provider_type=ProviderType.INDIVIDUAL,
        sed_code="000123456789",
        npi=KELSEY_NPI,
        address_1="12 Main St",
        city="Albany",
        state="NY",
        zip="12207",
    )
    world.add("Sunrise Learning Center, Inc.", provider_type=ProviderType.AGENCY, sed_code="010203040506")
    world.add("Unset Provider")
    return world


@pytest.fixture
def main_window(qtbot, world: GuiWorld) -> Iterator[MainWindow]:  # noqa: ANN001 - pytest-qt's fixture
    window = MainWindow(world.context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=5000):
        window.start()
    yield window


def provider_id_by_name(world: GuiWorld, name: str) -> int:
    return next(s.id for s in world.providers.list_summaries() if s.name == name)


def wait_for(qtbot, condition: Callable[[], bool], timeout: int = 5000) -> None:  # noqa: ANN001
    qtbot.waitUntil(condition, timeout=timeout)
