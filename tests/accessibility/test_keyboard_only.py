"""Every README task done with key events alone, on the whole application against a sandbox over HTTP.

No mouse call appears in this file (a test below reads the file to make sure): each step is a key a clerk
presses — Ctrl+F, arrows, Enter, Tab, Alt+<mnemonic>, Esc — and the focus is checked where it matters.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from tests.accessibility.keyboard_app import (
    NEW_NPI,
    NEW_SED,
    UNLINKED_NAME,
    KeyboardApp,
    active_window,
    alt,
    focus_is,
    focused,
    press,
    type_text,
)

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def open_provider(qtbot, window: MainWindow, search: str) -> ProviderDetailsDialog:  # noqa: ANN001
    """Ctrl+F, type, Enter (the list takes the focus on the first match), Enter (opens it)."""
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
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


def test_find_open_set_profile_apply_choose_match_link_and_confirm(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
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
