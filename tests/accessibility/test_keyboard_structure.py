"""Every window, walked with Tab and Shift+Tab: no focus trap, visual order, Esc, Enter's default, &-letters.

Tab order is checked against the widgets' geometry: each stop is below the one before it, or on the same
row (within a few pixels) to its right; the cycle wraps exactly once. Tables and tab bars are one stop.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,  # fmt: skip
    QTabWidget,
    QWidget,
)

from countyadmin.gui.invitations.invite_admin_dialog import InviteAdminDialog
from countyadmin.gui.mainwindow.about_dialog import AboutDialog
from countyadmin.gui.provider_details.add_portal_confirm_dialog import AddPortalProviderDialog
from countyadmin.gui.provider_details.link_confirm_dialog import LinkConfirmDialog
from countyadmin.gui.settings.settings_dialog import SettingsDialog
from countyadmin.gui.spreadsheets.county_import_dialog import CountyImportDialog
from countyadmin.gui.spreadsheets.import_batch_dialog import ImportBatchDialog
from tests.accessibility.keyboard_app import KeyboardApp, active_window, alt, focused, menu, press
from tests.accessibility.test_keyboard_only import back_to, open_provider

Key = Qt.Key
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen menus
ROW = 12  # pixels: two stops this close vertically are on one row
MNEMONIC = re.compile(r"&([^&])")


def _corner(widget: QWidget) -> QPoint:
    return widget.mapTo(widget.window(), QPoint(0, 0))


def _before(a: QWidget, b: QWidget) -> bool:
    pa, pb = _corner(a), _corner(b)
    return pa.x() < pb.x() if abs(pa.y() - pb.y()) <= ROW else pa.y() < pb.y()


def tab_cycle(qtbot, key: Qt.Key = Key.Key_Tab, limit: int = 60) -> list[QWidget]:  # noqa: ANN001
    """The stops Tab (or Shift+Tab) visits from the focus until it comes back there; fails on a trap."""
    start = focused()
    stops = [start]
    modifier = Qt.KeyboardModifier.ShiftModifier if key == Key.Key_Backtab else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        press(qtbot, Key.Key_Tab, modifier)
        now = focused()
        assert now.window() is start.window(), f"Tab left the window for {now.objectName()}"
        if now is start:
            return stops
        if now in stops:
            loop = [w.objectName() for w in stops[stops.index(now):]]
            raise AssertionError(f"focus trap: Tab goes round {loop}")
        stops.append(now)
    raise AssertionError(f"Tab never came back to {start.objectName()}: {[w.objectName() for w in stops]}")


def check_tab_order(qtbot) -> list[str]:  # noqa: ANN001
    forward = tab_cycle(qtbot)
    backward = tab_cycle(qtbot, Key.Key_Backtab)
    assert backward[1:] == list(reversed(forward[1:])), "Shift+Tab is not Tab backwards"
    names = [w.objectName() or w.metaObject().className() for w in forward]
    wraps = [(names[i], names[(i + 1) % len(names)]) for i in range(len(forward))
             if not _before(forward[i], forward[(i + 1) % len(forward)])]  # fmt: skip
    assert len(wraps) <= 1, f"Tab goes against the layout at {wraps} in {names}"
    return names


def mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """&-letters used twice among what is shown together (each tab page with what is outside the tabs)."""
    groups: dict[object, list[tuple[str, str]]] = defaultdict(list)

    def page_of(widget: QWidget) -> object:
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            grand = parent.parentWidget()
            if grand is not None and isinstance(grand.parentWidget(), QTabWidget):
                return parent
            parent = grand
        return None

    def add(widget: QWidget, text: str) -> None:
        match = MNEMONIC.search(text.replace("&&", ""))
        if match:
            groups[page_of(widget)].append((match.group(1).lower(), widget.objectName() or text))

    for widget in window.findChildren(QWidget):
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            add(widget, widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            add(tabs, tabs.tabText(index))
    shared = groups.pop(None, [])
    clashes: dict[str, list[str]] = {}
    for page in [*groups.values(), []]:
        seen: dict[str, list[str]] = defaultdict(list)
        for letter, name in shared + page:
            seen[letter].append(name)
        clashes.update({k: v for k, v in seen.items() if len(v) > 1})
    return clashes


def menu_clashes(window: QWidget) -> list[list[str]]:
    found = []
    for bar_or_menu in [window.menuBar(), *window.findChildren(QMenu)]:
        letters = defaultdict(list)
        for action in bar_or_menu.actions():
            match = MNEMONIC.search(action.text().replace("&&", ""))
            if match:
                letters[match.group(1).lower()].append(action.text())
        found += [names for names in letters.values() if len(names) > 1]
    return found


def default_button(dialog: QWidget) -> str | None:
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()]
    return buttons[0].objectName() or buttons[0].text() if buttons else None


def check_dialog(qtbot, dialog: QDialog, default: str | None) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focused().window() is dialog,
                    timeout=5000)  # fmt: skip
    check_tab_order(qtbot)
    assert mnemonic_clashes(dialog) == {}
    assert default_button(dialog) == default
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)


def test_main_window_tab_order_and_letters(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
    window = keyboard_app.window
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.ui.providerSearch.setFocus()
    assert check_tab_order(qtbot) == ["providerSearch", "notLinkedFilter", "providerTable"]
    assert mnemonic_clashes(window) == {}
    assert menu_clashes(window) == []


def test_settings_about_and_spreadsheet_dialogs(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
    window = keyboard_app.window
    for top, item, kind, default in (("s", "s", SettingsDialog, "Save"), ("h", "a", AboutDialog, "OK"),
                                     ("f", "i", CountyImportDialog, "loadCountyFileButton"),
                                     ("i", "i", ImportBatchDialog, None)):  # fmt: skip
        back_to(qtbot, window)
        menu(qtbot, window, top, item)
        check_dialog(qtbot, active_window(qtbot, kind), default)


def test_provider_details_its_tabs_and_its_confirmations(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
    dialog = open_provider(qtbot, keyboard_app.window, "hudson")
    assert default_button(dialog) == "applyButton"
    assert mnemonic_clashes(dialog) == {}
    check_tab_order(qtbot)
    alt(qtbot, "k")  # Unlin&k from CPSE Portal… asks; Enter and Esc keep the link
    box = active_window(qtbot, QMessageBox)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Keep the link
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(box) or not box.isVisible(), timeout=5000)
    assert dialog.record is not None and dialog.record.portal_provider_id is not None
    back_to(qtbot, dialog)
    alt(qtbot, "m")
    qtbot.waitUntil(lambda: not dialog.admin_users.busy(), timeout=15_000)
    check_tab_order(qtbot)
    alt(qtbot, "i")
    invite = active_window(qtbot, InviteAdminDialog)
    check_dialog(qtbot, invite, "inviteAsAdminButton")
    back_to(qtbot, dialog)
    alt(qtbot, "h")
    check_tab_order(qtbot)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)


def test_link_and_add_new_confirmations(qtbot, keyboard_app: KeyboardApp) -> None:  # noqa: ANN001
    dialog = open_provider(qtbot, keyboard_app.window, "maple")  # its name matches a portal provider
    assert mnemonic_clashes(dialog) == {}
    check_tab_order(qtbot)
    alt(qtbot, "p")
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(dialog.ui.linkSelectedButton.isEnabled, timeout=5000)
    alt(qtbot, "l")
    check_dialog(qtbot, active_window(qtbot, LinkConfirmDialog), "cancelLinkButton")  # Esc links nothing
    assert dialog.record is not None and dialog.record.portal_provider_id is None
    back_to(qtbot, dialog)
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)

    dialog = open_provider(qtbot, keyboard_app.window, "sunrise")
    alt(qtbot, "u")
    qtbot.waitUntil(dialog.ui.usesPortalCheck.isChecked, timeout=5000)
    with qtbot.waitSignal(dialog.provider_saved, timeout=10_000):
        press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.matches.busy() and dialog.ui.addNewPortalProviderButton.isEnabled(),
                    timeout=15_000)  # fmt: skip
    alt(qtbot, "w")
    check_dialog(qtbot, active_window(qtbot, AddPortalProviderDialog), "cancelAddNewButton")
    assert dialog.record is not None and dialog.record.portal_provider_id is None
