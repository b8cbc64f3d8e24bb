"""Import County Providers: pick the county's export, read the preview, then Accept or Decline.

Reading the file and saving the import both run off the GUI thread; the dialog shows it is busy and
keeps everything the clerk typed. A problem with the file is said under the file's path; what the
import did (and any provider another clerk changed meanwhile) under the preview.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QWidget

from countyadmin.domain.county_import_plan import ImportAction, ImportPreview
from countyadmin.gui.announce import announce
from countyadmin.gui.colors import Tone, set_tone
from countyadmin.gui.context import CountyImportLike, error_sentence
from countyadmin.gui.forms.ui_county_import_dialog import Ui_CountyImportDialog
from countyadmin.gui.plain_text import LiteralToolTipDelegate
from countyadmin.gui.spreadsheets.county_import_model import (
    ACTION,
    NAME,
    ROW,
    SED_CODE,
    CountyImportModel,
    details_lines,
)
from countyadmin.gui.spreadsheets.file_dialogs import file_dialog, remember_folder, remembered_folder
from countyadmin.gui.workers import Tagged, run_in_background, tagged
from countyadmin.services.county_import import ImportResult

log = logging.getLogger(__name__)

FILE_FILTER = (
    "County exports (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;CSV files (*.csv);;All files (*)"
)
_FOLDER_KEY = "county_import/folder"
_CONFLICTS_LISTED = 5


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def summary_text(preview: ImportPreview) -> str:
    counts = preview.counts
    parts = [
        f"{counts[ImportAction.ADD]:,} to add",
        f"{counts[ImportAction.CHANGE]:,} to change",
        f"{counts[ImportAction.UNCHANGED]:,} unchanged",
    ]
    problems = counts[ImportAction.PROBLEM]
    if problems:
        parts.append(f"{_plural(problems, 'row')} with problems (not imported)")
    text = f"{preview.file_name}: " + ", ".join(parts) + ". Blank cells leave what CountyAdmin has."
    if not preview.rows:
        text = f"{preview.file_name} has no provider rows under its header row."
    elif not preview.has_work:
        text += " There is nothing to import."
    return text


def result_text(result: ImportResult) -> str:
    text = f"Imported: added {_plural(result.added, 'provider')} and changed {result.changed:,}."
    if result.problems:
        verb = "was" if result.problems == 1 else "were"
        text += f" {_plural(result.problems, 'row')} with problems {verb} left out."
    if result.conflicts:
        count = len(result.conflicts)
        text += (
            f"\n{_plural(count, 'row was', 'rows were')} not applied because the provider changed after "
            "the preview:"
        )
        for conflict in result.conflicts[:_CONFLICTS_LISTED]:
            who = f"{conflict.name} ({conflict.sed_code})" if conflict.name else conflict.sed_code
            text += f"\n• Row {conflict.number}, {who}: {conflict.message}"
        if count > _CONFLICTS_LISTED:
            text += f"\n• … and {count - _CONFLICTS_LISTED:,} more. Load the file again to see them."
    return text


class CountyImportDialog(QDialog):
    """Open it with ``open()`` or ``show()``.

    Signals:
        preview_ready(object): the ImportPreview now shown.
        load_failed(str): the file could not be previewed; the sentence is shown under its path.
        imported(object): Accept finished; the ImportResult (the provider list should reload).
        import_failed(str): Accept failed and nothing was saved; the sentence is shown under the preview.
    """

    preview_ready = Signal(object)
    load_failed = Signal(str)
    imported = Signal(object)
    import_failed = Signal(str)

    def __init__(self, service: CountyImportLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CountyImportDialog()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._service = service
        self.preview: ImportPreview | None = None
        self._preview_path: Path | None = None
        self._loading_path: Path | None = None
        self._ticket = 0
        self._cancel_load = threading.Event()
        self._loading = False
        self._applying = False
        self._done = False
        self.model = CountyImportModel(self)
        table = self.ui.countyPreviewTable
        table.setModel(self.model)
        table.setItemDelegate(LiteralToolTipDelegate(table))  # a row's details quote the file's names
        header = table.horizontalHeader()
        for column in (ROW, ACTION, SED_CODE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME, 260)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        self.file_dialog: QFileDialog | None = None
        self._fill_filter(None)
        self._set_busy(None)
        self._update_buttons()
        self._connect_signals()

    # -- public, for the main window and automation ------------------------------------------------

    def load(self, path: Path | str | None = None) -> None:
        """Preview ``path`` (or the path typed in the field) in the background."""
        if path is not None:
            self.ui.countyFilePathEdit.setText(str(path))
        text = self.ui.countyFilePathEdit.text().strip().strip('"')
        if not text:
            self._file_message("Choose the county's export file first: type its path or use Browse…", True)
            return
        chosen = Path(text).expanduser()
        if not chosen.is_file():
            self._file_message(
                f"There is no file at {chosen}. Check the path, or use Browse… to find it.", True
            )
            return
        self._cancel_load.set()  # an earlier load still running is no longer wanted
        self._cancel_load = threading.Event()
        self._ticket += 1
        self._loading = True
        self._file_message("", False)
        self.ui.countyResultLabel.clear()
        self._set_busy(f"Reading {chosen.name}…")
        self._update_buttons()
        remember_folder(_FOLDER_KEY, chosen)
        cancel = self._cancel_load
        self._loading_path = chosen
        run_in_background(
            tagged, self._ticket, self._service.preview, chosen, cancelled=cancel.is_set,
            on_success=self._on_preview,
        )  # fmt: skip

    def accept_import(self) -> None:
        """Save the previewed additions and changes (the Accept Import button)."""
        if self.preview is None or not self.preview.has_work or self._busy() or self._done:
            return
        self._applying = True
        self.ui.countyResultLabel.clear()
        self._set_busy("Saving the import…")
        self._update_buttons()
        run_in_background(self._service.apply, self.preview, on_success=self._on_applied,
                          on_failure=self._on_apply_failed)  # fmt: skip

    def decline(self) -> None:
        """Close without importing anything (the Decline button; Close once the import is done)."""
        if self._applying:
            return
        self._cancel_load.set()
        self.reject()

    # -- Qt overrides ------------------------------------------------------------------------------

    def reject(self) -> None:
        if self._applying:  # the transaction is under way: closing now would hide how it ended
            self._set_busy("Saving the import — please wait, this takes a moment…")
            return
        self._cancel_load.set()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._applying:
            event.ignore()
            self.reject()
            return
        self._cancel_load.set()
        super().closeEvent(event)

    # -- wiring ------------------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        ui = self.ui
        ui.browseCountyFileButton.clicked.connect(self._browse)
        ui.loadCountyFileButton.clicked.connect(lambda: self.load())
        ui.countyFilePathEdit.returnPressed.connect(lambda: self.load())
        ui.countyFilePathEdit.textEdited.connect(self._on_path_edited)
        ui.countyFilterCombo.currentIndexChanged.connect(self._on_filter)
        ui.countyPreviewTable.selectionModel().currentRowChanged.connect(self._show_row_details)
        ui.acceptCountyImportButton.clicked.connect(self.accept_import)
        ui.declineCountyImportButton.clicked.connect(self.decline)

    def _browse(self) -> None:
        dialog = file_dialog(self, "Choose the county's provider export", FILE_FILTER,
                             object_name="countyFileDialog", save=False,
                             start=str(remembered_folder(_FOLDER_KEY)))  # fmt: skip
        dialog.fileSelected.connect(lambda chosen: self.load(chosen))
        self.file_dialog = dialog
        dialog.open()

    # -- handlers ----------------------------------------------------------------------------------

    def _on_preview(self, answer: Tagged) -> None:
        ticket, value = answer
        if ticket != self._ticket:
            return  # an older load, superseded
        path = self._loading_path
        self._loading = False
        self._set_busy(None)
        if isinstance(value, Exception):
            sentence = error_sentence(value)
            self._show_preview(None, None)
            self._file_message(sentence, True)
            self.load_failed.emit(sentence)
        else:
            self._show_preview(value, path)
            self.preview_ready.emit(value)
        self._update_buttons()

    def _show_preview(self, preview: ImportPreview | None, path: Path | None) -> None:
        self.preview = preview
        self._preview_path = path
        self._done = False
        self.ui.declineCountyImportButton.setText("&Decline")
        self._fill_filter(preview)
        self.model.set_preview(preview)
        self.ui.countySummaryLabel.setText(summary_text(preview) if preview else "")
        notes = []
        if preview is not None and preview.notice:
            notes.append(preview.notice)
        if preview is not None and preview.ignored_headers:
            ignored = ", ".join(f"“{header}”" for header in preview.ignored_headers)
            notes.append(f"Columns CountyAdmin does not import were left out: {ignored}.")
        self._file_message(" ".join(notes), False)

    def _on_applied(self, result: ImportResult) -> None:
        self._applying = False
        self._done = True
        self._set_busy(None)
        self.ui.countyResultLabel.setText(result_text(result))
        set_tone(self.ui.countyResultLabel, Tone.PROBLEM if result.conflicts else Tone.OK)
        self.ui.declineCountyImportButton.setText("&Close")
        self._update_buttons()
        self.imported.emit(result)

    def _on_apply_failed(self, error: Exception) -> None:
        log.error("county import failed", exc_info=error)
        self._applying = False
        self._set_busy(None)
        sentence = error_sentence(error)
        self.ui.countyResultLabel.setText(sentence)
        set_tone(self.ui.countyResultLabel, Tone.PROBLEM)
        self._update_buttons()
        self.import_failed.emit(sentence)

    def _on_path_edited(self, text: str) -> None:
        if self.preview is not None and Path(text.strip().strip('"')).expanduser() != self._preview_path:
            self.ui.countySummaryLabel.setText(
                "Load the file to preview it; the preview below is of another file."
            )
        elif self.preview is not None:
            self.ui.countySummaryLabel.setText(summary_text(self.preview))
        self._update_buttons()

    def _on_filter(self, _index: int) -> None:
        action = self.ui.countyFilterCombo.currentData()
        self.model.set_filter(ImportAction(action) if action else None)
        table = self.ui.countyPreviewTable
        if self.model.rowCount() > 0:
            table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.ui.countyRowDetails.clear()

    def _show_row_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The chosen row in full, under the table: long sentences do not fit in a cell."""
        if not current.isValid():
            self.ui.countyRowDetails.clear()
            return
        row = self.model.row_item(current.row())
        who = " — ".join(part for part in (row.name, row.sed_code) if part)
        lines = "\n".join(f"• {line}" for line in details_lines(row))
        self.ui.countyRowDetails.setText(f"Row {row.number} ({row.action.label}): {who}\n{lines}")

    # -- state -------------------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self._loading or self._applying

    def _previewed_file_shown(self) -> bool:
        typed = self.ui.countyFilePathEdit.text().strip().strip('"')
        return self._preview_path is not None and Path(typed).expanduser() == self._preview_path

    def _update_buttons(self) -> None:
        ui = self.ui
        busy = self._busy()
        can_accept = (self.preview is not None and self.preview.has_work and not busy and not self._done
                      and self._previewed_file_shown())  # fmt: skip
        ui.acceptCountyImportButton.setEnabled(can_accept)
        ui.declineCountyImportButton.setEnabled(not self._applying)
        for widget in (ui.countyFilePathEdit, ui.browseCountyFileButton, ui.loadCountyFileButton):
            widget.setEnabled(not self._applying)

    def _set_busy(self, sentence: str | None) -> None:
        self.ui.countyImportBusy.setVisible(sentence is not None)
        self.ui.countyBusyLabel.setText(sentence or "")

    def _file_message(self, sentence: str, problem: bool) -> None:
        self.ui.countyFileMessage.setText(sentence)
        announce(self.ui.countyFileMessage, sentence, urgent=problem)
        set_tone(self.ui.countyFileMessage, Tone.PROBLEM if problem else None)
        self.ui.countyFileMessage.setVisible(bool(sentence))

    def _fill_filter(self, preview: ImportPreview | None) -> None:
        combo = self.ui.countyFilterCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        total = len(preview.rows) if preview else 0
        combo.addItem(f"All rows ({total:,})", None)
        counts = preview.counts if preview else dict.fromkeys(ImportAction, 0)
        for action in ImportAction:
            combo.addItem(f"{action.label} ({counts[action]:,})", action.value)
        index = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        combo.setEnabled(preview is not None)
        self._on_filter(combo.currentIndex())
