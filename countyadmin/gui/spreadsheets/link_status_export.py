"""File → Export Provider Link Status…: choose where to save, then build the report off the GUI thread.

The status bar shows the progress ("Asking CPSE Portal: 12 of 380") with a Cancel button while the
report is made; when it ends, the status bar says where it was saved, or why not, in a sentence.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QProgressBar, QPushButton, QStatusBar, QWidget

from countyadmin.gui.context import LinkStatusReportLike, error_sentence
from countyadmin.gui.spreadsheets.file_dialogs import file_dialog, remember_folder, remembered_folder
from countyadmin.gui.workers import run_in_background
from countyadmin.services.reports import ReportSummary

log = logging.getLogger(__name__)

_FOLDER_KEY = "reports/folder"


class LinkStatusExport(QObject):
    """Saves the link status report; one at a time.

    Signals:
        progress(int, int): providers done, providers in the report (may be emitted from a worker).
        finished(str): the report ended — saved, cancelled or failed; the sentence says which.
    """

    progress = Signal(int, int)
    finished = Signal(str)

    def __init__(self, parent_widget: QWidget, status_bar: QStatusBar) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._cancel = threading.Event()
        self.running = False
        self.file_dialog: QFileDialog | None = None
        self._bar = QProgressBar(parent_widget)
        self._bar.setObjectName("linkStatusProgress")
        self._bar.setAccessibleName("Making the provider link status report")
        self._bar.setMaximumWidth(240)
        self._bar.setFormat("Report: %v of %m providers")
        self._cancel_button = QPushButton("Cancel Report", parent_widget)
        self._cancel_button.setObjectName("cancelLinkStatusButton")
        self._cancel_button.setAccessibleName("Cancel the link status report")
        self._bar.hide()
        self._cancel_button.hide()
        status_bar.addPermanentWidget(self._bar)
        status_bar.addPermanentWidget(self._cancel_button)
        self._cancel_button.clicked.connect(self.cancel)
        self.progress.connect(self._on_progress)

    def choose_file(self, service: LinkStatusReportLike) -> QFileDialog | None:
        """Ask where to save (a file dialog opened with ``open()``), then save there."""
        if self.running:
            return None
        suggested = remembered_folder(_FOLDER_KEY) / f"Provider link status {date.today().isoformat()}.xlsx"
        dialog = file_dialog(self._parent_widget, "Save the provider link status report",
                             "Excel workbook (*.xlsx)", object_name="linkStatusFileDialog", save=True,
                             start=str(suggested), name=str(suggested))  # fmt: skip
        dialog.fileSelected.connect(lambda chosen: self.start(service, Path(chosen)))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def start(self, service: LinkStatusReportLike, path: Path) -> None:
        if self.running:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        remember_folder(_FOLDER_KEY, path)
        self.running = True
        self._cancel = threading.Event()
        self._bar.setRange(0, 0)  # busy until the first count arrives
        self._bar.show()
        self._cancel_button.setEnabled(True)
        self._cancel_button.show()
        run_in_background(
            service.write_link_status, path, progress=self.progress.emit, cancelled=self._cancel.is_set,
            on_success=self._on_saved, on_failure=self._on_failed,
        )  # fmt: skip

    def cancel(self) -> None:
        self._cancel.set()
        self._cancel_button.setEnabled(False)

    def _on_progress(self, done: int, total: int) -> None:
        self._bar.setRange(0, max(total, 1))
        self._bar.setValue(done)

    def _on_saved(self, summary: ReportSummary) -> None:
        self._end(summary.sentence)

    def _on_failed(self, error: Exception) -> None:
        log.warning("link status report not saved", exc_info=error)
        self._end(error_sentence(error))

    def _end(self, sentence: str) -> None:
        self.running = False
        self._bar.hide()
        self._cancel_button.hide()
        self.finished.emit(sentence)
