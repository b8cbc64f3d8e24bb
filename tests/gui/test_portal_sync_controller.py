"""The background sync of the local CPSE Portal copy in the GUI: status-bar label, menu action, signals.

The controller is driven by plain service objects here (what it does with their answers); the demo
test at the end runs the real sync against the demo's sandbox through the real entry point.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from countyadmin.gui.onboarding.sync_controller import (
    ACTION_NAME,
    LABEL_NAME,
    PortalSyncController,
    as_of_text,
    install_portal_sync,
)
from countyadmin.portal.errors import PortalUnavailable
from tests.fixtures.demo_app import started_demo

NOON = datetime(2026, 12, 3, 15, 14, tzinfo=UTC)


@dataclass
class Result:
    as_of: datetime | None
    synced: bool = True
    changes: int = 0
    other_desk: str | None = None


class Service:
    """Answers each sync with the next result (or raises it); ``gate`` holds a sync until set."""

    def __init__(self, *results: Result | Exception) -> None:
        self.results = list(results)
        self.calls = 0
        self.gate = threading.Event()
        self.gate.set()

    def as_of(self) -> datetime | None:
        return None

    def sync(self) -> Result:
        self.calls += 1
        self.gate.wait(10)
        answer = self.results.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_as_of_reads_as_the_clerks_time_and_date() -> None:
    local = NOON.astimezone()
    assert as_of_text(NOON, now=NOON) == f"CPSE Portal data as of {local:%I:%M %p}".replace("of 0", "of ")
    assert as_of_text(NOON, now=NOON + timedelta(days=2)).startswith(f"CPSE Portal data as of {local:%b}")
    assert as_of_text(None) == "CPSE Portal data not synced yet"


def test_a_sync_reports_its_time_and_the_change_once(qtbot) -> None:  # noqa: ANN001
    service = Service(Result(NOON, changes=12), Result(NOON + timedelta(minutes=5), changes=0))
    controller = PortalSyncController(service)
    with qtbot.waitSignals([controller.as_of_changed, controller.copy_changed]):
        with qtbot.waitSignal(controller.status_changed):
            assert controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running)
    assert controller.as_of == NOON and "syncing" not in controller.status_text()
    with qtbot.assertNotEmitted(controller.copy_changed):
        with qtbot.waitSignal(controller.as_of_changed):
            controller.sync_now()
        qtbot.waitUntil(lambda: not controller.running)
    assert controller.as_of == NOON + timedelta(minutes=5)


def test_one_sync_at_a_time_and_a_failure_keeps_the_last_time(qtbot) -> None:  # noqa: ANN001
    service = Service(Result(NOON, changes=1), PortalUnavailable("CPSE Portal could not be reached."))
    controller = PortalSyncController(service)
    with qtbot.waitSignal(controller.copy_changed):
        controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running)
    service.gate.clear()
    assert controller.sync_now()
    assert not controller.sync_now()  # the clerk's click while one runs starts nothing more
    assert controller.status_text().endswith("syncing…")
    with qtbot.waitSignal(controller.sync_failed) as failed:
        service.gate.set()
    qtbot.waitUntil(lambda: not controller.running)
    assert failed.args == ["CPSE Portal could not be reached."]
    assert service.calls == 2 and controller.as_of == NOON
    assert controller.status_text().endswith("last sync failed")


def test_another_desk_syncing_is_said(qtbot) -> None:  # noqa: ANN001
    controller = PortalSyncController(Service(Result(NOON, synced=False, other_desk="DESK-7:123:ab")))
    controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running)
    assert controller.status_text().endswith("another desk (DESK-7) is syncing")


def test_the_window_gets_a_label_and_a_menu_action(qtbot) -> None:  # noqa: ANN001
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&Providers")
    service = Service(Result(NOON, changes=3), Result(NOON, changes=0))
    controller = install_portal_sync(window, service, menu)
    label = window.findChild(QLabel, LABEL_NAME)
    qtbot.waitUntil(lambda: service.calls == 1 and not controller.running)  # the first sync starts itself
    assert label.text() == as_of_text(NOON)
    action = window.findChild(QAction, ACTION_NAME)
    assert action in menu.actions() and isinstance(menu, QMenu)
    action.trigger()
    qtbot.waitUntil(lambda: service.calls == 2 and not controller.running)
    controller.stop()


@pytest.mark.slow
def test_the_demo_syncs_its_copy_after_start(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    with started_demo(qtbot, tmp_path, monkeypatch) as window:
        qtbot.waitUntil(lambda: window.findChild(QLabel, LABEL_NAME) is not None, timeout=10_000)
        label = window.findChild(QLabel, LABEL_NAME)
        qtbot.waitUntil(lambda: "as of" in label.text() and "syncing" not in label.text(), timeout=30_000)
        counts = window.context.portal_sync.sync().as_of  # a second sync: incremental, nothing new
        assert counts is not None
        assert window.findChild(QAction, ACTION_NAME) in window.ui.menuProviders.actions()
