"""Settings: addresses in the settings file, the API key in the keyring only, Test connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPushButton

from countyadmin.config import load_settings, settings_path
from countyadmin.gui.settings import settings_dialog
from countyadmin.gui.settings.settings_backend import StoredSettings
from countyadmin.gui.settings.settings_dialog import SettingsDialog
from countyadmin.portal.errors import Unauthorized
from countyadmin.secrets import ApiKeyStore, MemoryKeyring
from tests.gui.conftest import FakeSettings

SECRET = "county-key-0123456789"


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    return tmp_path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _open(qtbot, backend) -> SettingsDialog:  # noqa: ANN001
    dialog = SettingsDialog(backend)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.open()
    return dialog


def _save(dialog: SettingsDialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()


def test_settings_store_the_key_in_the_keyring_and_never_in_the_file(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring
) -> None:
    dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
    assert dialog.objectName() == "SettingsDialog"
    dialog.findChild(QLineEdit, "portalUrlEdit").setText("https://portal.example.org/")
    key = dialog.findChild(QLineEdit, "apiKeyEdit")
    assert key.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(key, SECRET)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        _save(dialog)
    assert ApiKeyStore().get("https://portal.example.org/") == SECRET
    assert load_settings().settings.portal_url == "https://portal.example.org/"
    assert SECRET not in settings_path().read_text(encoding="utf-8")
    assert all(SECRET not in p.read_text(errors="ignore") for p in user_folders.rglob("*") if p.is_file())


def test_no_keyring_is_said_plainly_and_nothing_is_written(qtbot, user_folders: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
        message = dialog.findChild(QLabel, "apiKeyMessage").text()
        assert "cannot keep the CPSE Portal API key safely" in message
        dialog.findChild(QLineEdit, "portalUrlEdit").setText("https://portal.example.org/")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "apiKeyEdit"), SECRET)
        _save(dialog)
        qtbot.waitUntil(lambda: dialog.findChild(QLabel, "settingsMessage").text().startswith("Not saved"))
        assert not settings_path().exists()  # no file at all, so certainly no key in one
    finally:
        keyring.set_keyring(previous)


def test_test_connection_shows_the_result_beside_each_button(qtbot) -> None:
    dialog = _open(qtbot, FakeSettings())
    dialog.findChild(QLineEdit, "apiKeyEdit").setText("some-key")
    with qtbot.waitSignal(dialog.portal_tested, timeout=5000) as portal:
        dialog.findChild(QPushButton, "testPortalButton").click()
    assert portal.args == ["Connected: this key belongs to Test County."]
    assert dialog.findChild(QLabel, "portalTestResult").text() == portal.args[0]
    with qtbot.waitSignal(dialog.registry_tested, timeout=5000):
        dialog.findChild(QPushButton, "testRegistryButton").click()
    assert dialog.findChild(QLabel, "registryTestResult").text() == "Connected: the NPI Registry answers."


def test_test_connection_without_a_key_asks_for_one(qtbot) -> None:
    dialog = _open(qtbot, FakeSettings())
    dialog.findChild(QPushButton, "testPortalButton").click()
    assert "API key first" in dialog.findChild(QLabel, "portalTestResult").text()


class RefusingPortal(FakeSettings):
    def test_portal(self, portal_url: str, api_key: str) -> str:
        raise Unauthorized("CPSE Portal did not accept the API key. Check it in Settings → CPSE Portal, "
                           "or ask your IT department for the county's current key.", status=401)


def test_a_long_test_result_is_shown_whole_and_announced(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the scaling walk (issue 15): a sentence of two lines kept the button's height and lost its
    # first line at every scale.
    announced: list[tuple[str, bool]] = []
    def heard(_widget: QLabel, text: str, *, urgent: bool = False) -> bool:
        announced.append((text, urgent))
        return True

    monkeypatch.setattr(settings_dialog, "announce", heard)
    dialog = _open(qtbot, RefusingPortal())
    dialog.resize(480, dialog.height())  # narrow: the sentence takes three lines
    dialog.findChild(QLineEdit, "apiKeyEdit").setText("some-key")
    with qtbot.waitSignal(dialog.portal_tested, timeout=5000) as portal:
        dialog.findChild(QPushButton, "testPortalButton").click()
    label = dialog.findChild(QLabel, "portalTestResult")
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2000)
    assert label.text() == portal.args[0] and "did not accept" in label.text()
    assert announced == [(portal.args[0], True)]
