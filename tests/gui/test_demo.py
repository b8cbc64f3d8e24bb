"""``countyadmin --demo`` from nothing, in a temporary folder, through the real entry point."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
import requests
from PySide6.QtWidgets import QLabel, QLineEdit

from countyadmin.app import build_main_window
from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.gui.provider_details.provider_details import ProviderDetailsDialog
from countyadmin.sandbox import DEMO_API_KEY
from countyadmin.secrets import MemoryKeyring

pytestmark = pytest.mark.slow


@pytest.fixture
def isolated_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield tmp_path
    keyring.set_keyring(previous)


def _start(qtbot, demo_dir: Path) -> MainWindow:  # noqa: ANN001
    window = build_main_window(["--demo", "--demo-dir", str(demo_dir)])
    qtbot.addWidget(window)
    # The list shows as soon as the database is read; the sandbox and the clients come after.
    with qtbot.waitSignals([window.providers_loaded, window.started], timeout=60_000, order="strict"):
        pass
    return window


def test_demo_starts_from_nothing_lists_providers_and_stops_the_sandbox(qtbot, isolated_user: Path) -> None:
    demo_dir = isolated_user / "demo"
    window = _start(qtbot, demo_dir)
    assert window.model.total_count() > 0
    note = window.findChild(QLabel, "demoNote").text()
    assert note.startswith("Demo — CPSE Portal sandbox at http://127.0.0.1:")
    sandbox_url = note.rsplit(" ", 1)[1]
    county = requests.get(
        f"{sandbox_url}/api/v1/county", headers={"Authorization": f"Bearer {DEMO_API_KEY}"}, timeout=10
    )
    assert county.json()["name"] == "Demo County"

    # The registry emulator answers for a demo provider's NPI: its name shows in red.
    summary = next(s for s in window.model._providers if s.npi)
    dialog = window.open_provider(summary.id)
    assert isinstance(dialog, ProviderDetailsDialog)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.npi.busy(), timeout=10_000)
    assert dialog.findChild(QLineEdit, "npiEdit").text() == summary.npi
    assert dialog.findChild(QLabel, "npiRegistryName").text()

    # The invitation outbox's sender runs with the services, and stops at quit.
    assert window.context is not None and window.context.outbox is not None
    sender = window.context.outbox.outbox_sender
    assert sender.running and window.context.invitations is not None

    window.close()
    assert not sender.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{sandbox_url}/api/v1/county", timeout=2)

    # A second --demo reuses the same data.
    again = _start(qtbot, demo_dir)
    assert again.model.total_count() == window.model.total_count()
    again.close()
