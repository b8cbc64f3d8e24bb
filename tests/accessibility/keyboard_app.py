"""The whole application as a clerk starts it, on an SQLite file and a CPSE Portal sandbox of the test's own.

The context is built the way ``countyadmin.app`` builds it (every service over one database, every client
over HTTP on 127.0.0.1, the NPI Registry being the sandbox's emulator); only the settings backend is the
in-memory one of the GUI tests, so no test touches the clerk's keyring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.gui.context import AppContext, ConnectionSettings
from countyadmin.gui.invitations.outbox_bridge import start_invitations
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.npi_registry.client import NpiRegistryClient
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.county_import import CountyImportService
from countyadmin.services.invitation_batch import InvitationBatchService
from countyadmin.services.npi_lookup import NpiLookupService
from countyadmin.services.portal_work import PortalWorkService, configured_portal
from countyadmin.services.providers import ProviderService
from countyadmin.services.reports import LinkStatusReportService
from tests.gui.conftest import FakeSettings, valid_npi

T = TypeVar("T", bound=QWidget)
NEW_NPI = valid_npi("134679258")  # the NPI the clerk types for the unlinked agency
NEW_SED = "040506070809"
LINKED_NAME = "Hudson Kids Therapy LLC"
UNLINKED_NAME = "Maple Grove Speech Services"


@dataclass
class KeyboardApp:
    """The running application and what a test needs to check results on the portal's side."""

    window: MainWindow
    sandbox: SandboxProcess
    portal: Callable[[], PortalClient]
    uow_factory: Callable[[], Any]
    linked_id: int
    unlinked_id: int
    match_id: str  # the portal provider with the NPI the clerk types for the unlinked agency

    def emails_to(self, address: str) -> list[dict[str, Any]]:
        answer = requests.get(f"{self.sandbox.url}/sandbox/outbox", params={"to": address}, timeout=10)
        answer.raise_for_status()
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


def _add(uow_factory: Callable[[], Any], name: str, **values: object) -> int:
    with uow_factory() as uow:
        new_id: int = uow.providers.add(NewProvider(name=name, **values),  # type: ignore[arg-type]
                                        user="setup", at=datetime(2026, 1, 5, 14, 0, tzinfo=UTC))  # fmt: skip
        uow.commit()
    return new_id


def _npi_record(npi: str, name: str) -> dict[str, Any]:
    return {"number": npi, "enumeration_type": "NPI-2", "basic": {"organization_name": name, "status": "A"},
            "addresses": [], "taxonomies": [], "other_names": []}  # fmt: skip


@pytest.fixture
def keyboard_app(qtbot, tmp_path: Path, fresh_sandbox: SandboxProcess,  # noqa: ANN001
                 sandbox_api_key: str) -> Iterator[KeyboardApp]:  # fmt: skip
    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    uow_factory = unit_of_work_factory(engine)
    url = fresh_sandbox.url

    def portal() -> PortalClient:
        return PortalClient(url, sandbox_api_key, timeout=(2.0, 5.0), max_attempts=2, backoff=0.01,
                            sleep=lambda _: None)  # fmt: skip

    with portal() as client:
        linked = client.create_provider(NewPortalProvider("agency", LINKED_NAME, None, None, zip="12207"))
        match = client.create_provider(NewPortalProvider("agency", UNLINKED_NAME.upper(), NEW_NPI, NEW_SED,
                                                         zip="12207"))  # fmt: skip
    requests.post(f"{url}/sandbox/npi-records", json=_npi_record(NEW_NPI, UNLINKED_NAME.upper()),
                  timeout=10).raise_for_status()  # fmt: skip
    linked_id = _add(uow_factory, LINKED_NAME, provider_type=ProviderType.AGENCY,
                     portal_provider_id=linked.id, uses_portal=True, zip="12207")  # fmt: skip
    with portal() as client:  # the portal lets a county invite only for providers it linked
        client.link_county(linked.id, str(linked_id))
    unlinked_id = _add(uow_factory, UNLINKED_NAME, zip="12207", city="Albany")
    _add(uow_factory, "Sunrise Learning Center, Inc.", provider_type=ProviderType.AGENCY,
         sed_code="010203040506")

    closers: list[Callable[[], None]] = [engine.dispose]
    factory = configured_portal(lambda: url, lambda _url: sandbox_api_key, lambda _u, _k: portal())
    invitations, outbox = start_invitations(uow_factory, factory, user="clerk", closers=closers, interval=0.5)
    registry = NpiRegistryClient(f"{url}/npi-registry/api/")
    settings = FakeSettings(ConnectionSettings(url, f"{url}/npi-registry/api/", ""))
    context = AppContext(
        providers=ProviderService(uow_factory, user="clerk"),
        npi_lookup=NpiLookupService(uow_factory, registry),
        settings=settings,
        portal=PortalWorkService(uow_factory, factory, user="clerk"),
        invitations=invitations,
        outbox=outbox,
        batch=InvitationBatchService(uow_factory, invitations),
        county_import=CountyImportService(uow_factory, user="clerk"),
        reports=LinkStatusReportService(uow_factory, factory),
        closers=closers,
    )
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()
    qtbot.waitUntil(lambda: window.context is not None, timeout=10_000)
    window.activateWindow()
    yield KeyboardApp(window, fresh_sandbox, portal, uow_factory, linked_id, unlinked_id, match.id)
    window.close()


# -- driving the application with the keyboard alone --------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """One key, sent where a real key goes: to the widget with the focus (or the open menu)."""
    target = QApplication.activePopupWidget() or focused()
    qtbot.keyClick(target, key, modifier)


def alt(qtbot, letter: str) -> None:  # noqa: ANN001
    press(qtbot, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)


def type_text(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(focused(), text)


def menu(qtbot, window: QWidget, top: str, item: str) -> None:  # noqa: ANN001
    """Alt+<top> opens a menu of the menu bar, <item> is the &-letter of the entry in it."""
    qtbot.keyClick(window, Qt.Key(ord(top.upper())), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key(ord(item.upper())))


def active_window(qtbot, kind: type[T]) -> T:  # noqa: ANN001
    """The window that now has the keyboard (a dialog just opened by a key), once it is ``kind``."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), kind), timeout=10_000)
    window = QApplication.activeWindow()
    assert isinstance(window, kind)
    return window


def focus_is(name: str) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and widget.objectName() == name
