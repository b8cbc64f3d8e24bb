"""What a clerk typed and did not apply or send is not thrown away unasked: Esc, Close, the title bar's × and
Quit ask first, with keeping the typing as the default (issue 15's keyboard walk found Esc discarding it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton

from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from tests.gui.conftest import GuiWorld, provider_id_by_name


def _details(qtbot, window: MainWindow, world: GuiWorld, name: str) -> ProviderDetailsDialog:  # noqa: ANN001
    dialog = window.open_provider(provider_id_by_name(world, name))
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.record is not None and dialog.ui.profileTab.isEnabled())
    return dialog


def _box(qtbot, parent) -> QMessageBox:  # noqa: ANN001
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "discardChangesBox") is not None)
    box = parent.findChild(QMessageBox, "discardChangesBox")
    qtbot.waitUntil(box.isVisible)
    return box


def test_esc_in_provider_details_asks_before_dropping_an_unapplied_change(
    qtbot, main_window: MainWindow, world: GuiWorld
) -> None:
    dialog = _details(qtbot, main_window, world, "Unset Provider")
    sed = dialog.findChild(QLineEdit, "sedCodeEdit")
    sed.setText("010203040506")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _box(qtbot, dialog)
    assert "SED code" in box.text() and "Unset Provider" in box.text()
    assert box.defaultButton() is box.findChild(QPushButton, "keepEditingButton")
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # a second Esc keeps the typing
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "discardChangesBox") is None)
    assert dialog.isVisible() and sed.text() == "010203040506"

    dialog.close()  # the title bar's × and the Close button come the same way
    box = _box(qtbot, dialog)
    box.findChild(QPushButton, "discardChangesButton").click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_nothing_typed_closes_without_a_question(qtbot, main_window: MainWindow, world: GuiWorld) -> None:
    dialog = _details(qtbot, main_window, world, "Unset Provider")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert main_window.findChild(QMessageBox, "discardChangesBox") is None


def test_quit_asks_about_unapplied_changes_but_an_installer_closing_it_does_not_wait(
    qtbot, main_window: MainWindow, world: GuiWorld
) -> None:
    dialog = _details(qtbot, main_window, world, "Unset Provider")
    dialog.findChild(QLineEdit, "sedCodeEdit").setText("010203040506")
    main_window.close()
    box = _box(qtbot, main_window)
    assert main_window.isVisible() and dialog.isVisible()
    assert "Unset Provider" in box.text()
    box.findChild(QPushButton, "keepEditingButton").click()
    assert main_window.isVisible() and dialog.isVisible()

    main_window.close_for_quit()  # Qt's aboutToQuit: the application is ending anyway
    assert not main_window.isVisible()
