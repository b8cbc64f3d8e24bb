"""Keeps the local copy of CPSE Portal's links, invitations and admin users current in the background.

A sync runs once the window is up (never before its first paint), every few minutes, and when the clerk
asks (Providers → Sync with CPSE Portal now), always on a worker thread (gui/workers.py); one at a time.
The status bar says how current the copy is: "CPSE Portal data as of 3:14 PM", the portal's own time.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from countyadmin.gui.announce import announce
from countyadmin.gui.context import PortalSyncLike, error_sentence
from countyadmin.gui.time_format import local_time, when_text
from countyadmin.gui.workers import run_in_background

log = logging.getLogger(__name__)

SYNC_INTERVAL_MS = 5 * 60 * 1000
LABEL_NAME = "portalSyncLabel"
ACTION_NAME = "syncPortalAction"


def as_of_text(as_of: datetime | None, *, now: datetime | None = None) -> str:
    if as_of is None:
        return "CPSE Portal data not synced yet"
    local = local_time(as_of)
    today = local_time(now) if now is not None else datetime.now().astimezone()
    if local.date() == today.date():
        return f"CPSE Portal data as of {local:%I:%M %p}".replace("of 0", "of ")
    return f"CPSE Portal data as of {when_text(as_of)}"


class PortalSyncController(QObject):
    """Runs the sync and reports it.

    Signals:
        as_of_changed(object): the copy's "as of" time (datetime, or None when never synced).
        copy_changed(): a sync applied changes to the local copy (views reading it should reload).
        sync_failed(str): a sync stopped; the sentence says why (the copy keeps what it had).
        sync_recovered(str): a sync worked after one failed; the status bar's sentence.
        status_changed(str): the status bar's sentence.
    """

    as_of_changed = Signal(object)
    copy_changed = Signal()
    sync_failed = Signal(str)
    sync_recovered = Signal(str)
    status_changed = Signal(str)

    def __init__(self, service: PortalSyncLike, parent: QObject | None = None,
                 interval_ms: int = SYNC_INTERVAL_MS) -> None:  # fmt: skip
        super().__init__(parent)
        self._service = service
        self.as_of: datetime | None = None
        self.running = False
        self._note = ""
        self.failing = False  # the last sync failed
        self._recovered = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        """The first sync on the next turn of the event loop, then one every interval."""
        self._timer.start()
        QTimer.singleShot(0, self, self.sync_now)

    def stop(self) -> None:
        self._timer.stop()

    def sync_now(self) -> bool:
        """Start a sync unless one is running; True when one was started."""
        if self.running:
            return False
        self.running = True
        self._emit_status()
        run_in_background(self._service.sync, on_success=self._on_synced, on_failure=self._on_failed,
                          on_finished=self._on_finished)  # fmt: skip
        return True

    def status_text(self) -> str:
        text = as_of_text(self.as_of)
        if self.running:
            return f"{text} — syncing…"
        return f"{text} — {self._note}" if self._note else text

    def _on_synced(self, result: Any) -> None:
        changed = result.as_of != self.as_of
        self.as_of = result.as_of
        self._recovered, self.failing = self.failing, False
        if result.synced:
            self._note = ""
        else:
            desk = f" ({result.other_desk.split(':')[0]})" if result.other_desk else ""
            self._note = f"another desk{desk} is syncing"
        if changed:
            self.as_of_changed.emit(self.as_of)
        if result.changes:
            self.copy_changed.emit()

    def _on_failed(self, error: Exception) -> None:
        log.info("sync with CPSE Portal failed", exc_info=error)
        self._note = "last sync failed"
        self.failing = True
        self.sync_failed.emit(error_sentence(error))

    def _on_finished(self) -> None:
        self.running = False
        self._emit_status()
        if self._recovered:
            self._recovered = False
            self.sync_recovered.emit(self.status_text())

    def _emit_status(self) -> None:
        self.status_changed.emit(self.status_text())


def install_portal_sync(
    window: QMainWindow, service: PortalSyncLike, menu: QMenu | None
) -> PortalSyncController:
    """A status-bar label and a menu action for ``service`` on ``window``, and the sync started."""
    controller = PortalSyncController(service, window)
    label = QLabel(controller.status_text(), window)
    label.setObjectName(LABEL_NAME)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("CPSE Portal data")
    controller.status_changed.connect(label.setText)

    # A failure is heard once (not at each retry) and its sentence stays in the label's description; the
    # routine sync every few minutes is silent, the first one that works after a failure is heard.
    def failed(sentence: str) -> None:
        for describe in (label.setToolTip, label.setAccessibleDescription):
            describe(sentence)
        announce(label, f"CPSE Portal data could not be synced: {sentence}", urgent=True)

    def recovered(status: str) -> None:
        for describe in (label.setToolTip, label.setAccessibleDescription):
            describe("")
        announce(label, status)

    controller.sync_failed.connect(failed)
    controller.sync_recovered.connect(recovered)
    window.statusBar().addPermanentWidget(label)
    action = QAction("S&ync with CPSE Portal now", window)
    action.setObjectName(ACTION_NAME)
    action.setStatusTip("Bring the county's CPSE Portal links, invitations and admin users up to date.")
    action.triggered.connect(controller.sync_now)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(action)
    else:
        window.addAction(action)
    controller.start()
    return controller
