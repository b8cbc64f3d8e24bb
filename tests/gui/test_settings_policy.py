"""Settings under IT's policy: a value the policy sets is read-only, says so, and is never saved over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from countyadmin.config import AppSettings, load_settings, save_settings, settings_path
from countyadmin.gui.context import ConnectionSettings
from countyadmin.gui.settings.settings_backend import SettingsNotSaved, StoredSettings
from countyadmin.secrets import ApiKeyStore, MemoryKeyring
from tests.gui import test_settings_dialog as plain
from tests.gui.test_settings_dialog import SECRET, _open, _save

POLICY_PORTAL = "https://cpse.county.example/"
POLICY_DATABASE = "postgresql+psycopg2://db.county.example/preschool"
# The plain Settings tests' fixtures: the user's folders in tmp_path, a keyring in memory.
user_folders = plain.user_folders
memory_keyring = plain.memory_keyring
MINE = AppSettings(portal_url="https://mine.example/", database_url="sqlite:///mine.db")


@pytest.fixture
def policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policy.json"
    monkeypatch.setenv("COUNTYADMIN_POLICY_FILE", str(path))
    return path


def _set_policy(path: Path, **values: str) -> None:
    path.write_text(json.dumps(values), encoding="utf-8")


def test_policy_values_are_read_only_and_marked_and_the_rest_saves(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    save_settings(MINE)
    _set_policy(policy_file, PortalUrl=POLICY_PORTAL, DatabaseUrl=POLICY_DATABASE)
    dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
    portal = dialog.findChild(QLineEdit, "portalUrlEdit")
    assert portal.text() == POLICY_PORTAL and portal.isReadOnly()
    note = dialog.findChild(QLabel, "portalUrlPolicyNote")
    assert note.isVisibleTo(dialog) and note.text() == "Set by your IT department."
    assert portal.toolTip() == portal.accessibleDescription() == note.toolTip()
    assert portal.accessibleDescription() == (
        f"Set by your IT department ({policy_file}). Ask them if it needs to change."
    )
    database = dialog.findChild(QLineEdit, "databaseUrlEdit")
    assert database.text() == POLICY_DATABASE and database.isReadOnly()
    assert dialog.findChild(QLabel, "databaseUrlPolicyNote").isVisibleTo(dialog)
    registry = dialog.findChild(QLineEdit, "registryUrlEdit")
    assert not registry.isReadOnly()
    assert not dialog.findChild(QLabel, "registryUrlPolicyNote").isVisibleTo(dialog)

    qtbot.keyClicks(portal, "typed")  # a read-only field takes no typing
    assert portal.text() == POLICY_PORTAL
    registry.setText("https://npi.mine.example/")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "apiKeyEdit"), SECRET)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        _save(dialog)
    # The clerk's own values stay in the file, the policy's are not written there; the key belongs to the
    # portal the desk uses.
    assert load_settings().settings == AppSettings(
        MINE.portal_url, "https://npi.mine.example/", MINE.database_url
    )
    assert POLICY_PORTAL not in settings_path().read_text(encoding="utf-8")
    assert ApiKeyStore().get(POLICY_PORTAL) == SECRET


def test_without_a_policy_nothing_is_marked(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
    for name in ("portalUrl", "registryUrl", "databaseUrl"):
        assert not dialog.findChild(QLineEdit, f"{name}Edit").isReadOnly()
        assert not dialog.findChild(QLabel, f"{name}PolicyNote").isVisibleTo(dialog)
    assert dialog.findChild(QLabel, "settingsMessage").text() == ""


def test_a_malformed_policy_file_is_said_in_settings_and_the_clerk_can_still_work(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    policy_file.write_text('{"PortalUrl": ', encoding="utf-8")
    save_settings(MINE)
    dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
    message = dialog.findChild(QLabel, "settingsMessage").text()
    assert message.startswith(f"The policy file {policy_file} is not valid JSON (")
    portal = dialog.findChild(QLineEdit, "portalUrlEdit")
    assert portal.text() == MINE.portal_url and not portal.isReadOnly()


def test_the_backend_never_writes_over_a_policy_value(
    user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    """Even a caller that bypasses the read-only field (automation, a later bug) cannot save over it."""
    save_settings(MINE)
    _set_policy(policy_file, PortalUrl=POLICY_PORTAL)
    backend = StoredSettings(ApiKeyStore())
    backend.save(ConnectionSettings("https://elsewhere.example/", "https://npi.example/", ""), None)
    assert load_settings().settings.portal_url == MINE.portal_url
    assert load_settings().settings.npi_registry_url == "https://npi.example/"
    assert backend.load().portal_url == POLICY_PORTAL
    # A key given with another address was meant for that address: stored for neither.
    with pytest.raises(SettingsNotSaved, match="while Settings was open"):
        backend.save(ConnectionSettings("https://elsewhere.example/", "https://npi.example/", ""), SECRET)
    assert ApiKeyStore().get(POLICY_PORTAL) is None
    assert ApiKeyStore().get("https://elsewhere.example/") is None
    backend.save(ConnectionSettings(POLICY_PORTAL, "https://npi.example/", ""), SECRET)
    assert ApiKeyStore().get(POLICY_PORTAL) == SECRET


# --- attacks: the key goes only to the address it was saved for ------------------------------------


def test_test_connection_never_sends_a_saved_key_to_another_address(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    """The key field shows the key saved for the portal in the settings; a clerk (or a typo) changing the
    address and clicking Test connection sent that key to the new host. Now the saved key goes only to
    the address it was saved for; a key typed by the clerk goes where the clerk says."""
    from tests.reliability.hostile import answer, header, hostile

    def unauthorized(server, connection, head) -> None:  # noqa: ANN001
        server.send(connection, answer(401, b'{"detail": "unknown key"}'))

    save_settings(AppSettings(portal_url="https://saved.county.example/"))
    ApiKeyStore().set("https://saved.county.example/", SECRET)
    with hostile(unauthorized) as elsewhere:
        dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
        assert dialog.findChild(QLineEdit, "apiKeyEdit").text() == SECRET
        dialog.findChild(QLineEdit, "portalUrlEdit").setText(elsewhere.url)
        with qtbot.waitSignal(dialog.portal_tested, timeout=5000) as tested:
            dialog.findChild(QPushButton, "testPortalButton").click()
        assert tested.args == [
            "The saved API key belongs to https://saved.county.example/, so it was not sent to "
            f"{elsewhere.url}. Enter the county API key for this address to test it."
        ]
        assert elsewhere.heads == []
        key = dialog.findChild(QLineEdit, "apiKeyEdit")
        key.clear()
        qtbot.keyClicks(key, "typed-key-0123456789")  # the clerk's own choice: sent where they say
        with qtbot.waitSignal(dialog.portal_tested, timeout=10000):
            dialog.findChild(QPushButton, "testPortalButton").click()
        assert [header(head, "Authorization") for head in elsewhere.heads] == ["Bearer typed-key-0123456789"]


def test_a_key_typed_before_the_policy_moved_the_portal_is_not_saved_for_the_new_portal(
    qtbot, user_folders: Path, memory_keyring: MemoryKeyring, policy_file: Path
) -> None:
    """Settings open on the clerk's portal; Group Policy then sets another (gpupdate runs while the clerk
    types). Save stored the typed key under the policy's portal, whose host then received it."""
    save_settings(MINE)
    dialog = _open(qtbot, StoredSettings(ApiKeyStore()))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "apiKeyEdit"), SECRET)
    _set_policy(policy_file, PortalUrl=POLICY_PORTAL)
    _save(dialog)
    message = dialog.findChild(QLabel, "settingsMessage")
    qtbot.waitUntil(lambda: message.text().startswith("Not saved:"), timeout=5000)
    assert message.text() == (
        f"Not saved: your IT department set the CPSE Portal address to {POLICY_PORTAL} while Settings was "
        "open, so the key was not stored for it. Close Settings and open it again."
    )
    assert ApiKeyStore().get(POLICY_PORTAL) is None
    assert ApiKeyStore().get(MINE.portal_url) is None
    assert dialog.isVisible()
