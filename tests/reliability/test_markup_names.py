"""Names are text, never markup (issue 13, item 6).

Providers, portal providers, admin users, invitations, spreadsheet rows and server sentences carry names
that look like markup. Every window that shows them is opened and walked (``markup_walk``): each label,
button, title, tooltip, message box and table cell must show the name as typed. The walk finds widgets
by itself, so a label or dialog added later is held to the same rule; the form test holds every label of
ui/*.ui to ``PlainText``.
"""

from __future__ import annotations

import dataclasses
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QTableView, QWidget

from countyadmin.db.engine import create_engine_for, upgrade_database
from countyadmin.db.unit_of_work import unit_of_work_factory
from countyadmin.domain.invitation import InvitationForm
from countyadmin.domain.provider import ProviderType
from countyadmin.domain.records import NewProvider
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.message_boxes import confirm_box, info_box
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.settings.settings_dialog import SettingsDialog
from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog
from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog
from countyadmin.npi_registry.errors import NpiRegistryUnavailable
from countyadmin.portal.client import PortalClient
from countyadmin.portal.models import NewPortalProvider
from countyadmin.sandbox.process import SandboxProcess
from countyadmin.services.county_import import CountyImportService
from countyadmin.services.invitation_batch import InvitationBatchService
from countyadmin.services.invitations import InvitationService
from countyadmin.services.npi_lookup import NpiLookupService
from countyadmin.services.portal_work import PortalWorkService, configured_portal
from countyadmin.services.providers import ProviderService
from countyadmin.services.testing import InMemoryStore
from tests.gui.conftest import FakeRegistry, FakeSettings, GuiWorld
from tests.gui.invitation_helpers import fill, open_invite, settle_tab, to_admin_tab
from tests.gui.portal_helpers import child, click, client, npi, open_details, settle
from tests.integration.invitations.batch_files import fill_template
from tests.reliability.conftest import Figures
from tests.reliability.markup_walk import Shown, collect, places, problems, seen, visible_windows

HEADING = '<h1 style="color:green">VERIFIED - NPI MATCH</h1>Real Name'
IMAGE = "<img src=x>Imogen Kids"
LINK = '<a href="x">Linked Kids</a>'
ENTITY = "&lt;b&gt; Entity Kids"
NAMES = [HEADING, IMAGE, LINK, ENTITY]
UI_DIR = Path(__file__).resolve().parents[2] / "ui"
# Labels of a form that may keep Qt's AutoText: their text is fixed in the form, and the main window's form
# may not name Qt.TextFormat (it would build the Qt namespace before the first paint).
FIXED_TEXT_LABELS = {("main_window.ui", "searchLabel")}
NPI_A, NPI_B = npi("123451111"), npi("123452222")


WALKED: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def _walked(figures: Figures) -> Iterator[None]:
    WALKED.clear()
    yield
    if WALKED:
        figures["windows walked"] = WALKED["windows"]
        figures["texts checked"] = WALKED["texts"]


def _shown_in(*windows: QWidget) -> list[Shown]:
    shown = [item for window in windows for item in collect(window)]
    WALKED.update(windows=len(windows), texts=len(shown))
    return shown


def _walk_all() -> list[str]:
    """Walk every window open now; return where data is not shown as text."""
    return problems(_shown_in(*visible_windows()), NAMES)


def test_every_label_of_every_form_shows_plain_text(figures: Figures) -> None:
    checked = 0
    not_plain = []
    for form in sorted(UI_DIR.glob("*.ui")):
        for widget in ET.parse(form).getroot().iter("widget"):
            if widget.get("class") != "QLabel":
                continue
            checked += 1
            formats = [
                p.findtext("enum") for p in widget.findall("property") if p.get("name") == "textFormat"
            ]
            plain = formats in (["Qt::PlainText"], ["Qt::TextFormat::PlainText"])
            if not plain and (form.name, widget.get("name")) not in FIXED_TEXT_LABELS:
                not_plain.append(f"{form.name}: {widget.get('name')}")
    figures["form labels"] = checked
    assert checked > 60
    assert not_plain == [], "set textFormat to PlainText in Qt Designer (Property Editor › QLabel)"


# -- The main window and Provider Details, against a sandbox of the test's own --------------------------


@pytest.fixture
def gui_world(fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> GuiWorld:
    store = InMemoryStore()
    registry = FakeRegistry()
    world = GuiWorld(store, registry, ProviderService(store.unit_of_work, user="clerk"),
                     NpiLookupService(store.unit_of_work, registry), FakeSettings())  # fmt: skip
    factory = configured_portal(lambda: fresh_sandbox.url, lambda _url: sandbox_api_key,
                                lambda url, key: client(fresh_sandbox, key))  # fmt: skip
    world.portal = PortalWorkService(store.unit_of_work, factory, user="clerk")
    return world


@pytest.fixture
def portal(fresh_sandbox: SandboxProcess, sandbox_api_key: str) -> Iterator[PortalClient]:
    with client(fresh_sandbox, sandbox_api_key) as c:
        yield c


def _on_portal(portal: PortalClient, name: str, npi: str | None = None) -> str:
    return portal.create_provider(NewPortalProvider("agency", name, npi, None, zip="12207", city="Albany")).id


def _county(world: GuiWorld, name: str, **values: object) -> int:
    return world.add(
        name, **{"provider_type": ProviderType.AGENCY, "zip": "12207", "city": "Albany", **values}
    )


def test_markup_names_show_as_text_in_the_list_provider_details_and_linking(
    qtbot,
    gui_world: GuiWorld,
    portal: PortalClient,
) -> None:
    to_link = _county(gui_world, HEADING, npi=NPI_A)
    _on_portal(portal, IMAGE, npi=NPI_A)  # the identifier match, named with markup too
    linked_portal_id = _on_portal(portal, LINK, npi=NPI_B)
    linked = _county(gui_world, LINK, npi=NPI_B, portal_provider_id=linked_portal_id, uses_portal=True)
    duplicate = _county(gui_world, ENTITY, npi=NPI_A)

    window = MainWindow(gui_world.context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()
    shown = _shown_in(window)
    assert problems(shown, NAMES) == []
    assert set(seen(shown, NAMES)) == {HEADING, LINK, ENTITY}  # the list's name cells

    dialog = open_details(qtbot, gui_world, to_link)
    dialog.resize(900, 640)
    dialog.grab().save("/tmp/markup.png")
    shown = _shown_in(dialog)
    assert problems(shown, NAMES) == []
    assert child(dialog, "providerNameLabel", QLabel).text() == HEADING
    assert {
        "ProviderDetailsDialog › providerNameLabel",
        "ProviderDetailsDialog › portalMatchesTable",
    } <= places(shown, NAMES)

    # The link confirmation (county and portal names side by side), then the box that says it is done.
    click(dialog, "linkSelectedButton")
    confirm = dialog.findChild(LinkConfirmDialog, "LinkConfirmDialog")
    assert confirm is not None and confirm.isVisible()
    shown = _shown_in(confirm)
    assert problems(shown, NAMES) == []
    assert {"LinkConfirmDialog › linkConfirmIntro", "LinkConfirmDialog › linkDiffTable"} <= places(
        shown, NAMES
    )
    with qtbot.waitSignal(dialog.linked, timeout=10_000):
        click(confirm, "continueAssociationButton")
    box = dialog.findChild(QMessageBox, "linkCompletedBox")
    assert box is not None and box.isVisible()
    qtbot.waitUntil(lambda: child(dialog, "portalNameLabel", QLabel).text() == IMAGE, timeout=10_000)
    assert _walk_all() == []
    assert "linkCompletedBox › qt_msgbox_label" in places(_shown_in(box), NAMES)
    box.close()

    # A second link to the same portal provider is refused before it is tried, naming the first record
    # (in the match list, the sentence, the reason beside Link, and the duplicate-NPI warning).
    other = open_details(qtbot, gui_world, duplicate)
    qtbot.waitUntil(lambda: child(other, "duplicateWarning", QLabel).isVisible(), timeout=10_000)
    assert not child(other, "linkSelectedButton").isEnabled()
    assert HEADING in child(other, "portalActionsReason", QLabel).text()
    assert _walk_all() == []
    assert {"ProviderDetailsDialog › portalMatchesMessage", "ProviderDetailsDialog › portalActionsReason",
            "ProviderDetailsDialog › duplicateWarning"} <= places(_shown_in(other), NAMES)  # fmt: skip

    # A linked provider: the portal's record, its history, and the unlink question.
    details = open_details(qtbot, gui_world, linked)
    qtbot.waitUntil(lambda: child(details, "portalNameLabel", QLabel).text() == LINK, timeout=10_000)
    click(details, "unlinkButton")
    assert details.findChild(QMessageBox, "unlinkConfirmBox").isVisible()
    assert _walk_all() == []
    for opened in (dialog, other, details):
        settle(qtbot, opened)


# -- Provider Admin Users: admin users, invitations and the Invite dialog ---------------------------------


def test_markup_names_show_as_text_in_admin_users_invitations_and_invite(
    qtbot,
    gui_world: GuiWorld,
    portal: PortalClient,
    fresh_sandbox: SandboxProcess,
) -> None:
    import requests

    portal_id = _on_portal(portal, HEADING)
    provider_id = _county(gui_world, HEADING, portal_provider_id=portal_id, uses_portal=True)
    portal.link_county(portal_id, str(provider_id))
    assert gui_world.portal is not None
    service = InvitationService(gui_world.store.unit_of_work, gui_world.portal._portal_factory, user="clerk")
    gui_world.invitations = service
    accepted = service.queue_invitation(provider_id, InvitationForm(IMAGE, LINK, _email("img")))
    service.send_now(accepted.id)
    [sent] = portal.list_invitations(portal_id)
    response = requests.post(f"{fresh_sandbox.url}/sandbox/invitations/{sent.id}/accept",
                             json={"username": "imogen.admin"}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text

    dialog = to_admin_tab(qtbot, open_details(qtbot, gui_world, provider_id))
    with qtbot.waitSignal(dialog.admin_users.admin_users_shown, timeout=10_000):
        click(dialog, "retrieveAdminUsersButton")
    settle_tab(qtbot, dialog)
    invite = open_invite(qtbot, dialog)
    fill(qtbot, invite, _email("entity"), first=ENTITY, last=HEADING)
    assert _walk_all() == []
    with qtbot.waitSignal(invite.invited, timeout=15_000):
        click(invite, "inviteAsAdminButton")
    qtbot.waitUntil(
        lambda: child(dialog, "invitationsTable", QTableView).model().rowCount() == 2, timeout=10_000
    )
    settle_tab(qtbot, dialog)
    assert _walk_all() == []
    shown = _shown_in(dialog)
    assert {"ProviderDetailsDialog › adminUsersTable", "ProviderDetailsDialog › invitationsTable",
            "ProviderDetailsDialog › historyTable"} <= places(shown, NAMES)  # fmt: skip
    assert set(seen(shown, NAMES)) >= {IMAGE, LINK, ENTITY}


def _email(tag: str) -> str:
    return f"{tag}.{uuid.uuid4().hex[:8]}@example.org"


# -- Both spreadsheet dialogs, with files of markup names --------------------------------------------------


def test_markup_names_from_spreadsheets_show_as_text_in_both_previews(
    qtbot,
    tmp_path: Path,
    sandbox: SandboxProcess,
    sandbox_api_key: str,
) -> None:
    from tests.integration.invitations.conftest import client_for

    engine = create_engine_for(f"sqlite:///{(tmp_path / 'county.sqlite3').as_posix()}")
    upgrade_database(engine)
    uow_factory = unit_of_work_factory(engine)
    sed_code = "00" + uuid.uuid4().int.__str__()[:10]
    with uow_factory() as uow:
        uow.providers.add(
            NewProvider(HEADING, sed_code=sed_code, zip="12207"), user="setup", at=datetime.now(UTC)
        )
        uow.commit()

    # Import County Providers: a name changed to markup, a provider added, a row with a problem.
    export = tmp_path / "county providers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Provider SED Code", "Provider Name", "Type", "NPI", "City", "ZIP"])
    sheet.append([sed_code, IMAGE, "Agency", None, LINK, "12207"])
    sheet.append(["099999999999", ENTITY, "Agency", None, None, None])
    sheet.append(["12", LINK, "Someone <b>else</b>", None, None, None])
    book.save(export)
    registry = FakeRegistry()
    providers = ProviderService(uow_factory, user="clerk")
    world = GuiWorld(
        InMemoryStore(), registry, providers, NpiLookupService(uow_factory, registry), FakeSettings()
    )
    service = CountyImportService(uow_factory, user="clerk", clock=lambda: datetime.now(UTC))
    context = dataclasses.replace(world.context(), county_import=service)
    window = MainWindow(lambda: context)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.providers_loaded, timeout=10_000):
        window.start()
    window.ui.importCountyProvidersAction.trigger()
    county = window.findChild(CountyImportDialog, "countyImportDialog")
    assert county is not None
    county.findChild(QLineEdit, "countyFilePathEdit").setText(str(export))
    with qtbot.waitSignal(county.preview_ready, timeout=10_000):
        county.findChild(QPushButton, "loadCountyFileButton").click()
    shown = _shown_in(county)
    assert problems(shown, NAMES) == []
    assert set(seen(shown, NAMES)) == {HEADING, IMAGE, LINK, ENTITY}
    assert any(item.where.endswith(",4 tooltip") and HEADING in item.visible for item in shown)

    # Invite Admin Users from a Spreadsheet: markup in every name cell.
    portal_factory = lambda: client_for(sandbox, sandbox_api_key)  # noqa: E731
    invitations = InvitationService(uow_factory, portal_factory, user="clerk")
    batch = ImportBatchDialog(InvitationBatchService(uow_factory, invitations, workers=2))
    qtbot.addWidget(batch)
    batch.show()
    rows = [[sed_code, None, first, last, _email("b"), None, None, None, None]
            for first, last in ((HEADING, IMAGE), (LINK, ENTITY))]  # fmt: skip
    rows.append(["999999999999", None, ENTITY, LINK, "not an address", None, None, None, None])
    batch.ui.batchFilePathEdit.setText(str(fill_template(tmp_path / "batch.xlsx", rows)))
    with qtbot.waitSignal(batch.loaded, timeout=20_000):
        child(batch, "loadBatchFileButton", QPushButton).click()
    shown = _shown_in(batch)
    assert problems(shown, NAMES) == []
    assert set(seen(shown, NAMES)) == set(NAMES)
    engine.dispose()


# -- Settings and message boxes: sentences from a server ---------------------------------------------------


class MarkupServers(FakeSettings):
    """CPSE Portal names the county with markup; the NPI Registry's error quotes markup back."""

    def test_portal(self, portal_url: str, api_key: str) -> str:
        return f"Connected: this key belongs to {HEADING}."

    def test_registry(self, registry_url: str) -> str:
        raise NpiRegistryUnavailable(f"The NPI Registry answered “{IMAGE}”. Try again in a few minutes.")


def test_markup_from_servers_shows_as_text_in_settings_and_message_boxes(qtbot) -> None:  # noqa: ANN001
    dialog = SettingsDialog(MarkupServers())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.open()
    dialog.ui.apiKeyEdit.setText("county-key")
    with qtbot.waitSignal(dialog.portal_tested, timeout=5000):
        dialog.ui.testPortalButton.click()
    with qtbot.waitSignal(dialog.registry_tested, timeout=5000):
        dialog.ui.testRegistryButton.click()
    shown = _shown_in(dialog)
    assert problems(shown, NAMES) == []
    assert {"SettingsDialog › portalTestResult", "SettingsDialog › registryTestResult"} <= places(
        shown, NAMES
    )

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    info = info_box(parent, title="Invitation sent", text=f"{LINK} was invited. {ENTITY}", name="infoBox")
    question = confirm_box(parent, title="Unlink?", text=f"“{HEADING}” will be unlinked.", name="askBox",
                           confirm="Unlink", confirm_name="yes", on_confirm=lambda: None)  # fmt: skip
    shown = _shown_in(info, question)
    assert problems(shown, NAMES) == []
    assert {"infoBox › qt_msgbox_label", "askBox › qt_msgbox_label"} <= places(shown, NAMES)
    info.close()
    question.close()


def test_the_walk_catches_a_label_that_renders_data(qtbot) -> None:  # noqa: ANN001
    """The walk itself: a label left as AutoText, a tooltip or a box made of data are each caught."""
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel(HEADING, parent)
    label.setObjectName("heading")
    button = QPushButton("Open", parent)
    button.setToolTip(f"Open {ENTITY}")
    ok = QMessageBox.StandardButton.Ok
    box = QMessageBox(QMessageBox.Icon.Information, "Done", f"“{IMAGE}” linked", ok, parent)
    box.setObjectName("box")
    found = problems(_shown_in(parent, box), NAMES)
    assert [line.split(":", 1)[0] for line in found] == [
        "QWidget › heading › text",
        "QWidget › QPushButton › tooltip",
        "box › qt_msgbox_label › text",
    ]
