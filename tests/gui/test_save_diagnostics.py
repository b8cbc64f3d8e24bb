"""Help → Save Diagnostics…: off the GUI thread with a busy bar, "Saved to …", no secret in the zip."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QProgressBar

from countyadmin import diagnostics
from countyadmin.gui.context import ConnectionSettings
from countyadmin.gui.mainwindow.main_window import MainWindow
from tests.gui.conftest import GuiWorld
from tests.integration.test_diagnostics import API_KEY, DB_PASSWORD, forms_of

PORTAL = "https://cpse-portal.example.org"


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # platformdirs' log folder (XDG_STATE_HOME on Linux), with the key and password in the log.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = diagnostics.log_dir()
    folder.mkdir(parents=True)
    lines = [f"INFO echoed: Bearer {API_KEY}", f"ERROR login failed for {DB_PASSWORD}", "INFO last"]
    (folder / diagnostics.LOG_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def choose(window: MainWindow, path: Path) -> None:
    window.ui.actionSaveDiagnostics.trigger()
    dialog = window.findChild(QFileDialog, "diagnosticsFileDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.fileSelected.emit(str(path))


@pytest.mark.slow
def test_save_diagnostics_writes_a_zip_without_the_key(
    qtbot,
    main_window: MainWindow,
    world: GuiWorld,
    tmp_path: Path,
    log_folder: Path,  # noqa: ANN001
) -> None:
    world.settings.settings = ConnectionSettings(
        PORTAL, "https://npi.test/api/", f"postgresql+psycopg2://clerk:{DB_PASSWORD}@127.0.0.1:1/preschool"
    )
    world.settings.read_api_key = lambda _url: API_KEY  # type: ignore[method-assign]
    target = tmp_path / "for IT"  # without .zip: it is added
    choose(main_window, target)
    saver = main_window.diagnostics_saver
    assert saver is not None
    bar = main_window.findChild(QProgressBar, "diagnosticsProgress")
    assert bar.isVisible() and not main_window.ui.actionSaveDiagnostics.isEnabled()  # busy
    with qtbot.waitSignal(saver.finished, timeout=300_000) as ended:
        pass
    saved = tmp_path / "for IT.zip"
    assert ended.args == [
        f"Saved to {saved}. E-mail this file to your IT department; it holds no password or key."
    ]
    assert main_window.findChild(type(main_window._count_label), "providerCount").text() == ended.args[0]
    assert not bar.isVisible() and main_window.ui.actionSaveDiagnostics.isEnabled()
    with zipfile.ZipFile(saved) as archive:
        texts = {name: archive.read(name).decode() for name in archive.namelist()}
    forms = forms_of(API_KEY) | forms_of(DB_PASSWORD)
    assert [(name, form) for name, text in texts.items() for form in forms if form in text] == []
    report = json.loads(texts[diagnostics.REPORT_NAME])
    assert report["CPSE Portal API key"] == "kept in the keyring"
    assert report["database"]["url"] == "postgresql+psycopg2://clerk:***@127.0.0.1:1/preschool"
    assert report["versions"]["Qt"] and report["self-test"]["passed"] is True
    assert "INFO last" in texts[diagnostics.LOG_NAME]


def test_a_folder_that_cannot_be_written_is_said_in_a_sentence(
    qtbot,
    main_window: MainWindow,
    tmp_path: Path,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    quick = diagnostics.SelfTestResult(0, "OK")  # the write failing is what this test is about
    monkeypatch.setattr(diagnostics, "run_self_test_process", lambda _url: quick)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    choose(main_window, blocker / "diagnostics.zip")
    saver = main_window.diagnostics_saver
    assert saver is not None
    with qtbot.waitSignal(saver.finished, timeout=60_000) as ended:
        pass
    sentence = ended.args[0]
    assert sentence.startswith(f"The diagnostics could not be saved to {blocker / 'diagnostics.zip'} (")
    assert sentence.endswith("Choose another folder, such as Documents, and try again.")
    assert main_window.ui.actionSaveDiagnostics.isEnabled()


def test_closing_during_save_diagnostics_ends_the_self_test(
    qtbot,
    main_window: MainWindow,
    tmp_path: Path,
    log_folder: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    # Found by issue 16's attack round: the self-test child kept CountyAdmin alive for up to 240 s after its
    # window closed, and an installer upgrading it waits for the process to end.
    monkeypatch.setattr(diagnostics, "self_test_command",
                        lambda _url=None: [sys.executable, "-c", "import time; time.sleep(120)"])  # fmt: skip
    choose(main_window, tmp_path / "diagnostics.zip")
    saver = main_window.diagnostics_saver
    assert saver is not None
    qtbot.waitUntil(lambda: bool(diagnostics._RUNNING), timeout=30_000)
    child = next(iter(diagnostics._RUNNING))
    main_window.close()
    assert child.wait(timeout=10) is not None  # ended at once, not after 120 s
    with qtbot.waitSignal(saver.finished, timeout=30_000):
        pass
    with zipfile.ZipFile(tmp_path / "diagnostics.zip") as archive:
        report = json.loads(archive.read(diagnostics.REPORT_NAME))
    assert "stopped because CountyAdmin was closing" in json.dumps(report["self-test"])
