"""Every README task done with key events alone, on the whole application against a sandbox over HTTP.

No mouse call appears in this file (a test below reads the file to make sure): each step is a key a clerk
presses — Ctrl+F, arrows, Enter, Tab, Alt+<mnemonic>, Esc — and the focus is checked where it matters.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QTableView, QWidget

from countyadmin.domain.invitation_batch import COLUMNS
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.provider_details.add_portal_confirm_dialog import AddPortalProviderDialog
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog
from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog
from tests.accessibility.keyboard_app import (
    NEW_NPI,
    NEW_SED,
    UNLINKED_NAME,
    KeyboardApp,
    active_window,
    alt,
    focus_is,
    focused,
    menu,
    press,
    type_text,
)

Key = Qt.Key
# Qt's offscreen platform says it cannot grab the keyboard for an open menu (a real desktop can).
MENUS = pytest.mark.qt_log_ignore("This plugin does not support")
CTRL = Qt.KeyboardModifier.ControlModifier


def open_provider(qtbot, window: MainWindow, search: str) -> ProviderDetailsDialog:  # noqa: ANN001
    """Ctrl+F, type, Enter (the list takes the focus on the first match), Enter (opens it)."""
    back_to(qtbot, window)
    press(qtbot, Key.Key_F, CTRL)
    assert focus_is("providerSearch")
    type_text(qtbot, search)
    press(qtbot, Key.Key_Return)
    assert focus_is("providerTable")
    table = window.ui.providerTable
    assert search.lower() in table.model().index(table.currentIndex().row(), 0).data().lower()
    press(qtbot, Key.Key_Return)
    dialog = active_window(qtbot, ProviderDetailsDialog)
    qtbot.waitUntil(lambda: dialog.record is not None and not dialog.matches.busy() and not dialog.npi.busy(),
                    timeout=15_000)  # fmt: skip
    return dialog


def back_to(qtbot, window: QWidget) -> None:  # noqa: ANN001
    """After a message box closes, the window manager gives the keyboard back to the window under it;
    Qt's offscreen platform has no window manager, so the test does that step (no mouse involved)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focused().window() is window,
                    timeout=5000)  # fmt: skip


def tab_to(qtbot, name: str, limit: int = 30) -> None:  # noqa: ANN001
    """Tab until ``name`` has the focus (a clerk counting stops); fails rather than going round."""
    stops = []
    while not focus_is(name):
        assert len(stops) < limit, f"Tab never reaches {name}: {stops}"
        widget = focused()
        stops.append(widget.objectName() or f"{type(widget).__name__} in {type(widget.window()).__name__}")
        press(qtbot, Key.Key_Tab)


def test_find_open_set_profile_apply_choose_match_link_and_confirm(
    qtbot, keyboard_app: KeyboardApp  # noqa: ANN001
) -> None:
    dialog = open_provider(qtbot, keyboard_app.window, "maple")
    assert dialog.provider_id == keyboard_app.unlinked_id

    alt(qtbot, "t")  # Provider &type: → the combo box
    assert focus_is("providerTypeCombo")
    press(qtbot, Key.Key_A)  # a letter chooses the item it starts: Agency
    assert dialog.ui.providerTypeCombo.currentText() == "Agency"
    alt(qtbot, "n")
    assert focus_is("npiEdit")
    type_text(qtbot, NEW_NPI)
    alt(qtbot, "s")
    assert focus_is("sedCodeEdit")
    type_text(qtbot, NEW_SED)
    alt(qtbot, "u")  # Provider &Uses CPSE Portal: the mnemonic ticks it (as an animated click)
    qtbot.waitUntil(dialog.ui.usesPortalCheck.isChecked, timeout=5000)
    qtbot.waitUntil(lambda: not dialog.npi.busy(), timeout=10_000)
    assert UNLINKED_NAME.upper() in dialog.ui.npiRegistryName.text()
    with qtbot.waitSignal(dialog.provider_saved, timeout=10_000):
        press(qtbot, Key.Key_Return)  # Apply is the default button: Enter in a field applies
    qtbot.waitUntil(lambda: not dialog.matches.busy(), timeout=15_000)

    alt(qtbot, "p")  # Matching CPSE Portal &providers → the match list
    assert focus_is("portalMatchesTable")
    table: QTableView = dialog.ui.portalMatchesTable
    press(qtbot, Key.Key_Home)
    row = table.currentIndex().row()
    assert keyboard_app.match_id in " ".join(str(table.model().index(row, c).data())
                                             for c in range(table.model().columnCount()))  # fmt: skip
    alt(qtbot, "l")  # &Link to Selected Existing CPSE Portal Provider
    confirm = active_window(qtbot, LinkConfirmDialog)
    assert focused().window() is confirm
    with qtbot.waitSignal(dialog.linked, timeout=15_000):
        alt(qtbot, "c")  # &Continue Association
    with keyboard_app.uow_factory() as uow:
        assert uow.providers.get(keyboard_app.unlinked_id).portal_provider_id == keyboard_app.match_id


def test_no_mouse_call_in_this_file() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    calls = ["mouse" + "Click", "mouse" + "Press", "mouse" + "DClick", "." + "click(", "clicked" + ".emit",
             "." + "trigger(", "." + "toggle(", "set" + "Checked(", "set" + "CurrentIndex(",
             "set" + "Text("]  # fmt: skip
    found = [call for call in calls if call in source]
    assert not found, f"a test of keyboard use calls {found}"
    assert not re.search(r"\b(load_file|load|accept_import|decline|send)\(\)", source)


def test_add_new_portal_provider_and_confirm(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
    dialog = open_provider(qtbot, keyboard_app.window, "sunrise")
    alt(qtbot, "u")  # tick Provider Uses CPSE Portal, then Enter applies
    qtbot.waitUntil(dialog.ui.usesPortalCheck.isChecked, timeout=5000)
    with qtbot.waitSignal(dialog.provider_saved, timeout=10_000):
        press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.matches.busy() and dialog.ui.addNewPortalProviderButton.isEnabled(),
                    timeout=15_000)  # fmt: skip
    alt(qtbot, "w")  # Add Ne&w CPSE Portal Provider
    confirm = active_window(qtbot, AddPortalProviderDialog)
    assert focus_is("cancelAddNewButton")  # Enter would cancel: nothing is created by a stray Enter
    with qtbot.waitSignal(dialog.linked, timeout=15_000) as linked:
        alt(qtbot, "a")  # &Add to CPSE Portal
    assert not shiboken6.isValid(confirm)  # closed (and deleted) by the confirmation
    with keyboard_app.portal() as client:
        assert client.get_provider(linked.args[0].portal_provider_id).sed_code == "010203040506"


def test_retrieve_admin_users_invite_resend_and_cancel(
    qtbot, keyboard_app: KeyboardApp  # noqa: ANN001
) -> None:
    dialog = open_provider(qtbot, keyboard_app.window, "hudson")
    alt(qtbot, "m")  # Provider Ad&min Users
    assert dialog.ui.providerTabs.currentWidget() is dialog.ui.adminUsersTab
    qtbot.waitUntil(lambda: not dialog.admin_users.busy(), timeout=15_000)
    with qtbot.waitSignal(dialog.admin_users.admin_users_shown, timeout=15_000):
        alt(qtbot, "r")  # &Retrieve Admin Users
    qtbot.waitUntil(lambda: not dialog.admin_users.busy(), timeout=15_000)
    with qtbot.waitSignal(dialog.admin_users.invite_dialog_opened, timeout=10_000) as opened:
        alt(qtbot, "i")  # &Invite New Admin User…
    invite = opened.args[0]
    qtbot.waitUntil(lambda: focused().window() is invite, timeout=5000)
    email = f"ana.{uuid.uuid4().hex[:8]}@example.org"
    alt(qtbot, "f")  # &First name:
    type_text(qtbot, "Ana")
    press(qtbot, Key.Key_Tab)
    assert focus_is("lastNameEdit")
    type_text(qtbot, "Ortiz")
    press(qtbot, Key.Key_Tab)
    assert focus_is("emailEdit")
    type_text(qtbot, email)
    qtbot.waitUntil(invite.ui.inviteAsAdminButton.isEnabled, timeout=10_000)
    with qtbot.waitSignal(invite.invited, timeout=15_000):
        press(qtbot, Key.Key_Return)  # Invite as Admin, the form's default button
    assert len(keyboard_app.emails_to(email)) == 1
    done = active_window(qtbot, QMessageBox)  # "Invitation sent", with OK to take it in
    assert email in done.text()
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not invite.isVisible() and dialog.ui.invitationsTable.model().rowCount() > 0,
                    timeout=15_000)  # fmt: skip
    back_to(qtbot, dialog)

    panel = dialog.admin_users.invitations
    alt(qtbot, "t")  # Invi&tations: the first control of the box, then Tab to the list
    tab_to(qtbot, "invitationsTable")
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_Space)  # Space selects the row with the focus
    resend = dialog.ui.resendInvitationButton
    assert panel.selected() is not None and resend.isEnabled(), resend.toolTip()
    with qtbot.waitSignal(panel.action_done, timeout=15_000):
        alt(qtbot, "s")  # Re&send Invitation
    assert len(keyboard_app.emails_to(email)) == 2
    qtbot.waitUntil(lambda: not dialog.admin_users.busy() and dialog.ui.cancelInvitationButton.isEnabled(),
                    timeout=15_000)  # fmt: skip
    alt(qtbot, "v")  # Cancel In&vitation… asks first; Keep It is the default
    box = active_window(qtbot, QMessageBox)
    assert focused().objectName() == "keepInvitationButton"
    tab_to(qtbot, "confirmCancelInvitationButton")
    with qtbot.waitSignal(panel.action_done, timeout=15_000):
        press(qtbot, Key.Key_Space)
    assert not box.isVisible()
    status = dialog.ui.invitationsTable.model().index(0, 2)
    qtbot.waitUntil(lambda: "ancel" in str(status.data()), timeout=15_000)


def _batch_file(app: KeyboardApp, path: Path, email: str) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in COLUMNS])
    with app.uow_factory() as uow:
        sed = uow.providers.get(app.linked_id).sed_code
    values = {"sed_code": sed, "first_name": "Bo", "last_name": "Lee", "email": email}
    sheet.append([values.get(column.key) for column in COLUMNS])
    workbook.save(path)
    return path


@MENUS
def test_load_a_batch_through_the_file_dialog_and_accept(
    qtbot, keyboard_app: KeyboardApp, tmp_path: Path  # noqa: ANN001
) -> None:
    with keyboard_app.uow_factory() as uow:  # the batch finds the provider by SED code
        record = uow.providers.get(keyboard_app.linked_id)
        changed = dataclasses.replace(record, sed_code="070707070707")
        uow.providers.update(changed, expected_version=record.version)
        uow.commit()
    email = f"bo.{uuid.uuid4().hex[:8]}@example.org"
    path = _batch_file(keyboard_app, tmp_path / "invitations.xlsx", email)
    window = keyboard_app.window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    menu(qtbot, window, "i", "i")  # &Invitations → &Invite Admin Users from a Spreadsheet…
    batch = active_window(qtbot, ImportBatchDialog)
    alt(qtbot, "b")  # &Browse… opens the file dialog; the file name is typed and Enter chooses it
    chooser = active_window(qtbot, QFileDialog)
    assert isinstance(focused(), QLineEdit)
    with qtbot.waitSignal(batch.loaded, timeout=20_000):
        type_text(qtbot, str(path))
        press(qtbot, Key.Key_Return)
    assert not shiboken6.isValid(chooser) and batch.ui.acceptAndSendButton.isEnabled()
    back_to(qtbot, batch)  # Browse turned off while the file was read: the keyboard went on, not nowhere
    assert focused().isEnabled()
    with qtbot.waitSignal(batch.sending_finished, timeout=30_000):
        alt(qtbot, "a")  # &Accept && Send Invites
    assert len(keyboard_app.emails_to(email)) == 1
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not batch.isVisible(), timeout=5000)


def _county_export(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Provider SED Code", "Provider Name", "Type", "City"])
    sheet.append(["099999999999", "Bright Futures Therapy", "Agency", "Schenectady"])
    workbook.save(path)
    return path


@MENUS
def test_county_import_typed_path_then_decline_then_accept(
    qtbot, keyboard_app: KeyboardApp, tmp_path: Path  # noqa: ANN001
) -> None:
    path = _county_export(tmp_path / "county.xlsx")
    window = keyboard_app.window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    menu(qtbot, window, "f", "i")  # &File → &Import County Providers…
    dialog = active_window(qtbot, CountyImportDialog)
    alt(qtbot, "f")  # &File: → the path
    assert focus_is("countyFilePathEdit")
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        type_text(qtbot, str(path))
        press(qtbot, Key.Key_Return)  # Load is the default
    alt(qtbot, "d")  # &Decline: nothing saved
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
    assert "Bright Futures Therapy" not in [s.name for s in window.context.providers.list_summaries()]

    back_to(qtbot, window)
    menu(qtbot, window, "f", "i")
    dialog = active_window(qtbot, CountyImportDialog)
    alt(qtbot, "f")
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        type_text(qtbot, str(path))
        press(qtbot, Key.Key_Return)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        alt(qtbot, "a")  # &Accept Import
    assert "Bright Futures Therapy" in [s.name for s in window.context.providers.list_summaries()]


@MENUS
def test_export_link_status_by_typing_the_file_name(
    qtbot, keyboard_app: KeyboardApp, tmp_path: Path  # noqa: ANN001
) -> None:
    window = keyboard_app.window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    menu(qtbot, window, "f", "e")  # &File → &Export Provider Link Status…
    active_window(qtbot, QFileDialog)
    target = tmp_path / "link status.xlsx"
    press(qtbot, Key.Key_A, CTRL)  # replace the suggested name
    with qtbot.waitSignal(window.link_status_exported, timeout=30_000):
        type_text(qtbot, str(target))
        press(qtbot, Key.Key_Return)
    assert zipfile.is_zipfile(target)
