"""File → Export Provider Link Status…: the save dialog, the busy status bar, Cancel, and the saved file."""

from __future__ import annotations

import dataclasses
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton

from countyadmin.gui.mainwindow.main_window import MainWindow
from countyadmin.portal.errors import PortalUnavailable
from countyadmin.portal.models import AdminUser, Invitation
from countyadmin.services.reports import LinkStatusReportService
from tests.gui.conftest import GuiWorld, provider_id_by_name

EVIL_EMAIL = "=cmd|' /C calc'!A0"


@dataclass
class FakePortal:
    """CPSE Portal as the report asks it; ``gate`` holds every answer back until set."""

    gate: threading.Event = field(default_factory=threading.Event)
    down: bool = False
    asked: list[str] = field(default_factory=list)

    def __call__(self) -> FakePortal:
        return self

    def list_admin_users(self, provider_id: str) -> list[AdminUser]:
        self.asked.append(provider_id)
        self.gate.wait(10)
        if self.down:
            raise PortalUnavailable("CPSE Portal could not be reached. Check the internet connection.")
        return [AdminUser("U1", "ana", "Ana", "Diaz", EVIL_EMAIL, "active", False, None, None, None)]

    def list_invitations(self, provider_id: str) -> list[Invitation]:
        now = datetime.now(UTC)
        return [Invitation("I1", provider_id, "Bo", "Li", "bo@x.example.org", "admin", False, None, None,
                           None, "pending", now, now, "clerk")]  # fmt: skip

    def close(self) -> None:
        pass


@pytest.fixture
def portal() -> FakePortal:
    return FakePortal()


@pytest.fixture
def window(qtbot, world: GuiWorld, portal: FakePortal) -> Iterator[MainWindow]:  # noqa: ANN001
    kelsey = provider_id_by_name(world, "Kelsey Smith PT")
    with world.store.unit_of_work() as uow:  # Kelsey is linked; the other two are not
        record = uow.providers.get(kelsey)
        assert record is not None
        uow.providers.update(dataclasses.replace(record, uses_portal=True, portal_provider_id="CP-000001"),
                             expected_version=record.version)  # fmt: skip
        uow.commit()
    reports = LinkStatusReportService(world.store.unit_of_work, portal, workers=2)
    context = dataclasses.replace(world.context(), reports=reports)
    main = MainWindow(lambda: context)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.providers_loaded, timeout=5000):
        main.start()
    yield main
    portal.gate.set()


def _save_to(window: MainWindow, path: Path) -> None:
    window.ui.exportLinkStatusAction.trigger()
    chooser = window.findChild(QFileDialog, "linkStatusFileDialog")
    assert chooser is not None and chooser.isVisible()
    assert chooser.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    assert chooser.selectedFiles()[0].endswith(".xlsx")  # a suggested name
    chooser.fileSelected.emit(str(path))
    chooser.reject()


def test_saves_the_report_with_a_busy_status_bar(
    qtbot,
    window: MainWindow,
    portal: FakePortal,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    target = tmp_path / "link status.xlsx"
    _save_to(window, target)

    progress = window.findChild(QProgressBar, "linkStatusProgress")
    cancel = window.findChild(QPushButton, "cancelLinkStatusButton")
    qtbot.waitUntil(lambda: progress.isVisible() and cancel.isVisible() and bool(portal.asked))
    with qtbot.waitSignal(window.link_status_exported, timeout=5000) as done:
        portal.gate.set()

    assert done.args[0] == "Saved the link status of 3 providers (1 linked) to link status.xlsx."
    assert window.findChild(QLabel, "providerCount").text() == done.args[0]
    assert not progress.isVisible() and not cancel.isVisible()
    rows = list(openpyxl.load_workbook(target)["Providers"].iter_rows(values_only=True))
    kelsey = next(row for row in rows if row[1] == "Kelsey Smith PT")
    assert kelsey[5:7] == ("Linked", "CP-000001")
    assert kelsey[8] == 1 and EVIL_EMAIL in kelsey[9] and kelsey[10] == 1
    with zipfile.ZipFile(target) as archive:
        assert not any(
            b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets")
        )


def test_the_portal_down_still_saves_and_says_so(
    qtbot,
    window: MainWindow,
    portal: FakePortal,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    portal.down = True
    portal.gate.set()
    with qtbot.waitSignal(window.link_status_exported, timeout=5000) as done:
        _save_to(window, tmp_path / "report")  # no extension typed: .xlsx is added

    assert done.args[0].startswith("Saved the link status of 3 providers (1 linked) to report.xlsx.")
    assert "CPSE Portal could not be asked about 1 of 1 linked providers" in done.args[0]
    assert (tmp_path / "report.xlsx").exists()


def test_cancel_stops_and_writes_nothing(
    qtbot, window: MainWindow, portal: FakePortal, tmp_path: Path
) -> None:  # noqa: ANN001
    target = tmp_path / "r.xlsx"
    _save_to(window, target)
    qtbot.waitUntil(lambda: bool(portal.asked))
    window.findChild(QPushButton, "cancelLinkStatusButton").click()

    with qtbot.waitSignal(window.link_status_exported, timeout=5000) as done:
        portal.gate.set()

    assert done.args[0] == "The report was cancelled; no file was written."
    assert not target.exists()


def test_a_locked_file_is_said_in_the_status_bar(
    qtbot,
    window: MainWindow,
    portal: FakePortal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    import os

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    portal.gate.set()
    with qtbot.waitSignal(window.link_status_exported, timeout=5000) as done:
        _save_to(window, tmp_path / "open in excel.xlsx")

    assert done.args[0].startswith("open in excel.xlsx could not be saved: it is open in another program")
