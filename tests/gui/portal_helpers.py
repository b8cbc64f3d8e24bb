"""GUI tests against a real CPSE Portal sandbox over HTTP: a world wired to it, and ways to drive it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from countyadmin.domain.identifiers import npi_check_digit
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.portal_work import PortalWorkService, configured_portal
from tests.gui.conftest import GuiWorld


def npi(first_nine: str) -> str:
    return first_nine + npi_check_digit(first_nine)


def client(sandbox: SandboxProcess, key: str) -> PortalClient:
    return PortalClient(sandbox.url, key, max_attempts=2, backoff=0.01, sleep=lambda _: None)


@pytest.fixture
def portal(fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> Iterator[PortalClient]:
    """A client of the test's own sandbox, for setting up portal providers and checking results."""
    with client(fresh_sandbox, sandbox_api_key) as c:
        yield c


@pytest.fixture
def linked_world(world: GuiWorld, fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> GuiWorld:
    factory = configured_portal(lambda: fresh_sandbox.url, lambda _url: sandbox_api_key,
                                lambda url, key: client(fresh_sandbox, key))  # fmt: skip
    world.portal = PortalWorkService(world.store.unit_of_work, factory, user="clerk")
    return world


def open_details(qtbot, world: GuiWorld, provider_id: int) -> ProviderDetailsDialog:  # noqa: ANN001
    """Open Provider Details and wait until its first look for matches (or portal details) is shown."""
    dialog = ProviderDetailsDialog(provider_id, world.providers, world.npi_lookup, portal=world.portal,
                                   invitations=world.invitations, outbox=world.outbox)  # fmt: skip
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.provider_loaded, timeout=5000):
        dialog.show()
    settle(qtbot, dialog)
    return dialog


def settle(qtbot, dialog: ProviderDetailsDialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dialog.matches.busy() and not dialog.npi.busy(), timeout=10_000)


def child(widget: QWidget, name: str, kind: type = QWidget):  # noqa: ANN201
    found = widget.findChild(kind, name)
    assert found is not None, name
    return found


def click(widget: QWidget, name: str) -> None:
    button = child(widget, name, QPushButton)
    assert button.isVisible() and button.isEnabled(), name
    button.click()


def message(dialog: QWidget) -> str:
    return child(dialog, "portalMatchesMessage", QLabel).text()


def on_portal(portal: PortalClient, name: str, **values: object) -> str:
    """A new agency on CPSE Portal (Albany, 12207 unless given); its id."""
    fields: dict[str, object] = {"zip": "12207", "city": "Albany", **values}
    return portal.create_provider(NewPortalProvider("agency", name, **fields)).id  # type: ignore[arg-type]


def push_button(dialog: QWidget, name: str) -> QPushButton:
    return child(dialog, name, QPushButton)  # type: ignore[no-any-return]


def actions_reason(dialog: QWidget) -> str:
    """The sentence beside Link and Add New saying why one is unavailable; empty when hidden."""
    label = child(dialog, "portalActionsReason", QLabel)
    return label.text() if label.isVisible() else ""
