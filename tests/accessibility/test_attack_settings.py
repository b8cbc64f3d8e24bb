"""Attack round on issue 15 in Settings: a keyboard user's Esc, a screen-reader user's save failure and
keyring problem, and a field IT's policy locks (Tab still reaches it; it says why)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
import shiboken6
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from countyadmin.gui.context import ConnectionSettings, SettingsBackend
from countyadmin.gui.settings.settings_backend import StoredSettings
from countyadmin.gui.settings.settings_dialog import SettingsDialog
from countyadmin.secrets import ApiKeyStore
from tests.accessibility.heard import Heard, heard  # noqa: F401 - the fixture
from tests.accessibility.test_keyboard_structure import tab_cycle
from tests.gui.conftest import FakeSettings
from tests.gui.test_settings_dialog import user_folders  # noqa: F401 - the fixture

TYPED = "https://cpse-portal.county.example.org/"


@pytest.fixture
def opened(qtbot) -> Iterator:  # noqa: ANN001
    """Opens Settings; closed afterwards unless the test closed it (it deletes itself on close)."""
    dialogs: list[SettingsDialog] = []

    def open_settings(backend: SettingsBackend) -> SettingsDialog:
        dialog = SettingsDialog(backend)
        dialogs.append(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            dialog.open()
        return dialog

    yield open_settings
    for dialog in dialogs:
        if shiboken6.isValid(dialog):
            dialog.done(0)
            dialog.deleteLater()


def _closed(dialog: SettingsDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


class Refusing(FakeSettings):
    def save(self, settings: ConnectionSettings, api_key: str | None) -> None:
        raise PermissionError(13, "Permission denied", "settings.toml")


def _discard_box(qtbot, dialog: SettingsDialog) -> QMessageBox:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "discardChangesBox") is not None)
    box = dialog.findChild(QMessageBox, "discardChangesBox")
    qtbot.waitUntil(box.isVisible)
    return box


def test_esc_in_settings_asks_before_dropping_a_typed_address(qtbot, opened) -> None:  # noqa: ANN001
    # Broke: Settings had no question at all; a clerk who typed the county's new portal address and pressed
    # Esc (or Cancel) lost it silently.
    dialog = opened(FakeSettings())
    dialog.show()
    dialog.ui.portalUrlEdit.setFocus()
    dialog.ui.portalUrlEdit.selectAll()
    qtbot.keyClicks(dialog.ui.portalUrlEdit, TYPED)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _discard_box(qtbot, dialog)
    assert box.defaultButton() is box.findChild(QPushButton, "keepEditingButton")
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # a second Esc keeps the typing
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "discardChangesBox") is None)
    assert dialog.isVisible() and dialog.ui.portalUrlEdit.text() == TYPED
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).click()
    _discard_box(qtbot, dialog).findChild(QPushButton, "discardChangesButton").click()
    qtbot.waitUntil(lambda: _closed(dialog))


def test_esc_in_untouched_settings_closes_without_a_question(qtbot, opened) -> None:  # noqa: ANN001
    dialog = opened(FakeSettings())
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog))


def test_a_typed_api_key_is_not_dropped_by_esc_either(qtbot, opened) -> None:  # noqa: ANN001
    dialog = opened(FakeSettings())
    dialog.show()
    qtbot.keyClicks(dialog.ui.apiKeyEdit, "county-key-0123456789")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _discard_box(qtbot, dialog)
    assert dialog.isVisible()


def test_a_failed_save_is_heard(qtbot, opened, heard: Heard) -> None:  # noqa: ANN001, F811
    # Broke: "Not saved: …" was painted under the fields; nothing was announced, and the dialog stayed
    # open with the focus on Save, so a screen-reader user did not learn the settings were not kept.
    dialog = opened(Refusing())
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.ui.settingsMessage.text().startswith("Not saved"))
    assert (dialog.ui.settingsMessage.text(), True) in heard.said


def test_no_keyring_is_in_the_key_fields_description_and_heard(
    qtbot, opened, user_folders, heard: Heard,  # noqa: ANN001, F811
) -> None:
    # Broke: the sentence saying the key cannot be kept safely was beside the field, not its description.
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = opened(StoredSettings(ApiKeyStore()))
        sentence = dialog.ui.apiKeyMessage.text()
        assert "cannot keep the CPSE Portal API key safely" in sentence
        assert dialog.ui.apiKeyEdit.accessibleDescription() == sentence
        assert sentence in heard.sentences
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def locked() -> FakeSettings:
    backend = FakeSettings()
    backend.settings = ConnectionSettings(
        "https://portal.test/", "https://npi.test/api/", "", locked={"portal_url": "HKLM policy"}
    )
    return backend


def test_a_policy_locked_field_keeps_tab_going_round_and_says_why(
    qtbot, opened, locked: FakeSettings,  # noqa: ANN001
) -> None:
    dialog = opened(locked)
    dialog.show()
    dialog.activateWindow()
    dialog.ui.portalUrlEdit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ui.portalUrlEdit)
    forward = tab_cycle(qtbot)
    assert dialog.ui.portalUrlEdit in forward and dialog.ui.registryUrlEdit in forward
    assert dialog.ui.portalUrlEdit.isReadOnly()
    assert "Set by your IT department" in dialog.ui.portalUrlEdit.accessibleDescription()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes
    qtbot.waitUntil(lambda: _closed(dialog))
