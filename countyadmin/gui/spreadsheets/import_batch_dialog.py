"""Invite Admin Users from a Spreadsheet: load a file, preview every row, then Accept & Send or Decline.

Reading and checking the file, sending, saving the template and the results all run off the GUI thread
(``countyadmin.gui.workers``); the dialog only shows where they are. Nothing is sent before Accept & Send
Invites, and then only the OK rows; Decline & Cancel closes without sending anything.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QWidget

from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import InvitationBatchLike, error_sentence
from countyadmin.gui.forms.ui_import_batch_dialog import Ui_ImportBatchDialog
from countyadmin.gui.plain_text import LiteralToolTipDelegate
from countyadmin.gui.spreadsheets.file_dialogs import file_dialog
from countyadmin.gui.spreadsheets.import_batch_model import PROVIDER, STATUS, BatchPreviewModel
from countyadmin.gui.workers import run_in_background
from countyadmin.services.invitation_batch import (
    BatchPreview,
    BatchResult,
    RowOutcome,
    RowResult,
    save_results,
)
from countyadmin.spreadsheets.invitation_template import write_invitation_template

log = logging.getLogger(__name__)

SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"
EXCEL_FILTER = "Excel workbook (*.xlsx)"
TEMPLATE_NAME = "CPSE Portal invitations.xlsx"
_OPEN_DIALOG, _SAVE_DIALOG = "batchOpenFileDialog", "batchSaveFileDialog"  # objectNames, for automation
ACCEPT_TIP = "Send the OK rows' invitations through CPSE Portal; rows with problems are left out."


def template_file_dialog(parent: QWidget, on_selected: Callable[[str], None]) -> QFileDialog:
    """Where to save the invitation template ("Download Invitation Template…")."""
    dialog = file_dialog(parent, "Save the invitation template", EXCEL_FILTER, object_name=_SAVE_DIALOG,
                         save=True, name=TEMPLATE_NAME)  # fmt: skip
    dialog.fileSelected.connect(on_selected)
    return dialog


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


class ImportBatchDialog(QDialog):
    """Open it with ``open()`` or ``show()``.

    Signals:
        loaded(object): a file was read and fully checked (a ``BatchPreview``).
        load_failed(str): the file could not be used; the sentence is shown under the path.
        sending_finished(object): Accept & Send ended (a ``BatchResult``; ``cancelled`` says if Cancel
            stopped it).
        file_saved(str): the template or the results report was written to this path.
        save_failed(str): it could not be written; the sentence says why.
    """

    loaded = Signal(object)
    load_failed = Signal(str)
    sending_finished = Signal(object)
    file_saved = Signal(str)
    save_failed = Signal(str)
    _row_sent = Signal(int, int, object)  # emitted on the sending threads, delivered on the GUI thread

    def __init__(self, batch: InvitationBatchLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportBatchDialog()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._batch = batch
        self.preview: BatchPreview | None = None
        self.batch_result: BatchResult | None = None
        self._loading: threading.Event | None = None  # set to cancel the read in progress
        self._sending: threading.Event | None = None  # set to stop taking new rows
        self._file_dialog: QFileDialog | None = None

        self.model = BatchPreviewModel(self)
        table = self.ui.batchPreviewTable
        table.setModel(self.model)  # in the file's order; "Show only rows with problems" filters
        table.setItemDelegate(LiteralToolTipDelegate(table))  # a row's problems quote its cells
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Sized from the header texts, not the rows: measuring 5,000 rows would stall the window.
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(90, metrics.horizontalAdvance(text) + 28))
        header.resizeSection(0, 56)
        header.resizeSection(STATUS, 380)
        header.resizeSection(PROVIDER, 240)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 5,000 rows: no measuring each
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)

        ui = self.ui
        ui.batchProgressBar.hide()
        ui.cancelSendingButton.hide()
        ui.saveResultsButton.hide()
        ui.closeBatchButton.hide()
        ui.batchResultsLabel.hide()
        ui.batchFileMessage.hide()
        ui.batchCountsLabel.setText("No file loaded yet.")
        ui.acceptAndSendButton.setEnabled(False)
        ui.problemsOnlyCheck.setEnabled(False)
        ui.loadBatchFileButton.setEnabled(False)
        self._connect_signals()

    # -- wiring ---------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        ui = self.ui
        ui.batchFilePathEdit.textChanged.connect(self._path_changed)
        ui.batchFilePathEdit.returnPressed.connect(self.load_file)
        ui.browseBatchFileButton.clicked.connect(self._browse)
        ui.loadBatchFileButton.clicked.connect(self.load_file)
        ui.downloadTemplateButton.clicked.connect(self._ask_template_path)
        ui.problemsOnlyCheck.toggled.connect(self.model.set_problems_only)
        ui.acceptAndSendButton.clicked.connect(self.accept_and_send)
        ui.declineAndCancelButton.clicked.connect(self.reject)
        ui.cancelSendingButton.clicked.connect(self.cancel_sending)
        ui.saveResultsButton.clicked.connect(self._ask_results_path)
        ui.closeBatchButton.clicked.connect(self.accept)
        self._row_sent.connect(self._on_row_sent)
        selection = self.ui.batchPreviewTable.selectionModel()
        selection.currentRowChanged.connect(lambda current, _previous: self._show_row_details(current))
        self.model.dataChanged.connect(
            lambda *_: self._show_row_details(self.ui.batchPreviewTable.currentIndex())
        )

    def _show_row_details(self, index: QModelIndex | QPersistentModelIndex) -> None:
        label = self.ui.batchRowDetailsLabel
        if not index.isValid():
            label.setText("Choose a row to read its status in full here.")
            return
        status = self.model.index(index.row(), STATUS).data(Qt.ItemDataRole.ToolTipRole) or ""
        number = self.model.index(index.row(), 0).data()
        label.setText(f"Row {number}: " + str(status).replace("\n", " "))

    # -- loading ----------------------------------------------------------------------------------------

    def load_file(self) -> None:
        """Read and check the file named in ``batchFilePathEdit`` (off the GUI thread)."""
        text = self.ui.batchFilePathEdit.text().strip()
        if not text or self._busy or self.batch_result is not None:
            return
        self.preview = None
        self.model.set_preview_rows([])
        self._loading = threading.Event()
        self._show_file_message("")
        self.ui.batchCountsLabel.setText(f"Reading and checking {Path(text).name}…")
        self._set_busy_bar(True)
        self._update_buttons()
        run_in_background(self._batch.read, Path(text), cancelled=self._loading.is_set,
                          on_success=self.show_preview, on_failure=self._on_load_failed)  # fmt: skip

    def show_preview(self, preview: BatchPreview) -> None:
        """Show a read file (the worker's answer): every row, the counts, the notes about the file.

        A preview not yet checked for pending invitations is shown at once, and that check starts; Accept
        & Send Invites waits for it.
        """
        if self._loading is not None and self._loading.is_set():  # closed meanwhile
            self._loading = None
            self._set_busy_bar(False)
            return
        self.preview = preview
        self.model.set_preview_rows(preview.rows)
        ok, problems = preview.ok_count, preview.problem_count
        counts = f"{_plural(len(preview.rows), 'row')}: {ok:,} OK, {_plural(problems, 'row')} with problems."
        if not preview.pending_checked and ok:
            counts += " Checking the outbox and CPSE Portal for invitations pending and admin users already…"
        elif ok:
            counts += f" Accept & Send Invites sends the {_plural(ok, 'OK row')}" + (
                "; rows with problems are left out." if problems else "."
            )
        else:
            counts += " No row can be sent: correct the file and load it again."
        self.ui.batchCountsLabel.setText(counts)
        if preview.pending_checked or not ok:
            self._loading = None
        else:
            run_in_background(self._batch.check_pending, preview, on_success=self.show_preview,
                              on_failure=self._on_load_failed)  # fmt: skip
        notes = list(preview.notices)
        if preview.ignored_headers:
            ignored = ", ".join(f"“{header}”" for header in preview.ignored_headers)
            notes.append(f"Columns not used (ignored): {ignored}.")
        self._show_file_message(" ".join(notes), tone=Tone.WARNING)
        self._set_busy_bar(self._loading is not None)
        self._update_buttons()
        if self._loading is None:
            self.loaded.emit(preview)

    def _on_load_failed(self, error: Exception) -> None:
        cancelled = self._loading is not None and self._loading.is_set()
        self._loading = None
        self._set_busy_bar(False)
        self.preview = None
        self.model.set_preview_rows([])
        self.ui.batchCountsLabel.setText("No file loaded.")
        self._update_buttons()
        if cancelled:
            return
        message = error_sentence(error)
        self._show_file_message(message, tone=Tone.PROBLEM)
        self.load_failed.emit(message)

    # -- sending ------------------------------------------------------------------------------------------

    def accept_and_send(self) -> None:
        """Send the OK rows through the outbox, showing progress; Cancel Sending stops taking rows."""
        preview = self.preview
        if preview is None or not preview.ok_count or self._busy or self.batch_result is not None:
            return
        self._sending = threading.Event()
        ui = self.ui
        ui.batchProgressBar.setRange(0, preview.ok_count)
        ui.batchProgressBar.setValue(0)
        ui.batchProgressBar.setFormat("%v of %m done")
        ui.batchProgressBar.show()
        ui.cancelSendingButton.setEnabled(True)
        ui.cancelSendingButton.show()
        ui.batchResultsLabel.setText(f"Sending {_plural(preview.ok_count, 'invitation')}…")
        set_tone(ui.batchResultsLabel, None)
        ui.batchResultsLabel.show()
        self._update_buttons()
        run_in_background(self._batch.send, preview, cancelled=self._sending.is_set,
                          progress=self._row_sent.emit, on_success=self._on_sent,
                          on_failure=self._on_send_failed)  # fmt: skip

    def cancel_sending(self) -> None:
        if self._sending is None or self._sending.is_set():
            return
        self._sending.set()
        self.ui.cancelSendingButton.setEnabled(False)
        self.ui.batchResultsLabel.setText(
            "Cancelling: invitations already on their way finish; no further rows are sent."
        )

    def _on_row_sent(self, done: int, total: int, result: RowResult) -> None:
        self.ui.batchProgressBar.setValue(done)
        self.model.set_result(result)

    def _on_sent(self, result: BatchResult) -> None:
        self._sending = None
        self.batch_result = result
        self.model.set_results(result.results)
        counts = result.counts
        parts = [f"{counts[outcome]:,} {outcome.value}" for outcome in RowOutcome]
        sentence = ("Sending was cancelled. " if result.cancelled else "Done. ") + ", ".join(parts) + "."
        if counts[RowOutcome.QUEUED]:
            sentence += " Queued invitations stay in the outbox and go out by themselves."
        if counts[RowOutcome.FAILED]:
            sentence += " The Status column says why each failed row was refused."
        sentence += " Save Results… keeps this list as an Excel file."
        ui = self.ui
        ui.batchResultsLabel.setText(sentence)
        ui.cancelSendingButton.hide()
        ui.batchProgressBar.hide()
        ui.saveResultsButton.show()
        ui.closeBatchButton.show()
        self._update_buttons()
        self.sending_finished.emit(result)

    def _on_send_failed(self, error: Exception) -> None:
        self._sending = None
        ui = self.ui
        ui.cancelSendingButton.hide()
        ui.batchProgressBar.hide()
        ui.batchResultsLabel.setText(
            f"Sending stopped: {error_sentence(error)} Rows already sent stay sent; load the file again to "
            "see which are still to send."
        )
        set_tone(ui.batchResultsLabel, Tone.PROBLEM)
        ui.closeBatchButton.show()
        self._update_buttons()

    # -- files ---------------------------------------------------------------------------------------------

    def _browse(self) -> None:
        dialog = file_dialog(self, "Choose the invitation spreadsheet", SPREADSHEET_FILTER,
                             object_name=_OPEN_DIALOG, save=False)  # fmt: skip
        dialog.fileSelected.connect(self._file_chosen)
        self._file_dialog = dialog
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        self.ui.batchFilePathEdit.setText(path)
        self.load_file()

    def _ask_template_path(self) -> None:
        self._file_dialog = template_file_dialog(self, self.save_template)
        self._file_dialog.open()

    def _ask_results_path(self) -> None:
        name = Path(self.ui.batchFilePathEdit.text().strip() or "invitations").stem + " - results.xlsx"
        dialog = file_dialog(self, "Save the results", EXCEL_FILTER, object_name=_SAVE_DIALOG, save=True,
                             name=name)  # fmt: skip
        dialog.fileSelected.connect(self.save_results)
        self._file_dialog = dialog
        dialog.open()

    def save_template(self, path: str) -> None:
        self._write(write_invitation_template, Path(path))

    def save_results(self, path: str) -> None:
        if self.batch_result is not None:
            self._write(save_results, Path(path), self.batch_result)

    def _write(self, function: Callable[..., object], path: Path, *args: object) -> None:
        def done(_: object) -> None:
            self._show_file_message(f"Saved {path}.")
            self.file_saved.emit(str(path))

        def failed(error: Exception) -> None:
            message = error_sentence(error)
            self._show_file_message(message, tone=Tone.PROBLEM)
            self.save_failed.emit(message)

        run_in_background(function, path, *args, on_success=done, on_failure=failed)

    # -- state ------------------------------------------------------------------------------------------

    @property
    def _busy(self) -> bool:
        return self._loading is not None or self._sending is not None

    def _path_changed(self, _text: str) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui = self.ui
        busy = self._busy
        done = self.batch_result is not None
        has_path = bool(ui.batchFilePathEdit.text().strip())
        ok_rows = self.preview.ok_count if self.preview is not None and self.preview.pending_checked else 0
        ui.loadBatchFileButton.setEnabled(has_path and not busy and not done)
        ui.loadBatchFileButton.setToolTip(
            "" if ui.loadBatchFileButton.isEnabled()
            else "This file was sent; open the window again for another file." if done
            else "Wait: a file is being read or sent." if busy
            else "Type the file's path or choose it with Browse… first."
        )  # fmt: skip
        ui.browseBatchFileButton.setEnabled(not busy and not done)
        ui.batchFilePathEdit.setReadOnly(busy or done)
        ui.acceptAndSendButton.setEnabled(ok_rows > 0 and not busy and not done)
        ui.acceptAndSendButton.setToolTip(self._why_not_send(ok_rows, busy, done) or ACCEPT_TIP)
        ui.declineAndCancelButton.setEnabled(self._sending is None and not done)
        ui.acceptAndSendButton.setVisible(not done)
        ui.declineAndCancelButton.setVisible(not done)
        ui.problemsOnlyCheck.setEnabled(self.preview is not None)

    def _why_not_send(self, ok_rows: int, busy: bool, done: bool) -> str | None:
        """Why Accept & Send Invites cannot be clicked (its tooltip), or None when it can."""
        if done:
            return None
        if self._sending is not None:
            return "Wait: the invitations are being sent."
        if self.preview is None:
            return "Load a spreadsheet first; its rows are checked before anything can be sent."
        if busy or not self.preview.pending_checked:
            return ("Wait: CountyAdmin is asking CPSE Portal which invitees are already admin users or "
                    "invited.")  # fmt: skip
        if not ok_rows:
            return "No row is OK: correct the rows with problems in the file and load it again."
        return None

    def _set_busy_bar(self, busy: bool) -> None:
        bar = self.ui.batchProgressBar
        if busy:
            bar.setRange(0, 0)  # a busy bar: reading has no count to show
            bar.setFormat("")
            bar.show()
        else:
            bar.setRange(0, 1)
            bar.hide()

    def _show_file_message(self, text: str, *, tone: Tone | None = None) -> None:
        label = self.ui.batchFileMessage
        label.setText(text)
        set_tone(label, tone)
        announce(label, text)
        label.setVisible(bool(text))

    # -- closing ---------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Decline & Cancel (or Esc): nothing is sent. While sending, Esc cancels sending instead."""
        if self._sending is not None:
            self.cancel_sending()
            return
        if self._loading is not None:
            self._loading.set()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._sending is not None:
            self.cancel_sending()
            event.ignore()
            return
        super().closeEvent(event)
