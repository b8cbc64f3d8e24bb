"""Help → Save Diagnostics…: a zip a clerk can e-mail to IT (countyadmin/diagnostics.py makes it).

Choose where to save, then the report is gathered and the zip written off the GUI thread (the self-test
alone takes several seconds): meanwhile the status bar shows a busy bar and the menu item waits. It ends
with "Saved to …" or a sentence saying why not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QProgressBar, QStatusBar, QWidget

from countyadmin.gui.context import SettingsBackend
from countyadmin.gui.workers import run_in_background


def toolkit_versions() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    return {"PySide6": PySide6.__version__, "Qt": qVersion()}


def make_diagnostics_zip(path: Path, settings: SettingsBackend | None, toolkit: dict[str, str]) -> Path:
    """On a worker: gather the report with the window's own settings and key, and write the zip."""
    from dataclasses import replace

    from countyadmin import diagnostics
    from countyadmin.config import LoadedSettings, load_effective_settings

    loaded = load_effective_settings()
    if settings is not None:  # what this window uses (the command line's --db included)
        current = settings.load()
        effective = replace(
            loaded.settings, portal_url=current.portal_url, npi_registry_url=current.registry_url,
            database_url=current.database_url or None,
        )  # fmt: skip
        loaded = LoadedSettings(effective, current.notice or loaded.warning, current.locked or loaded.locked)
    report = diagnostics.collect(
        settings=loaded,
        toolkit=toolkit,
        read_api_key=settings.read_api_key if settings is not None else None,
        self_test=diagnostics.run_self_test_process,
    )
    return diagnostics.write_zip(report, path)


class SaveDiagnostics(QObject):
    """Saves the diagnostics zip; one at a time.

    Signals:
        finished(str): saved or failed; the sentence says which and where.
    """

    finished = Signal(str)

    def __init__(self, parent_widget: QWidget, status_bar: QStatusBar, action: QAction) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._action = action
        self.running = False
        self.failed = False  # the last save failed (its sentence is announced urgently)
        self.file_dialog: QFileDialog | None = None
        self._path = Path()
        self._bar = QProgressBar(parent_widget)
        self._bar.setObjectName("diagnosticsProgress")
        self._bar.setAccessibleName("Saving diagnostics")
        self._bar.setFormat("Saving diagnostics…")
        self._bar.setMaximumWidth(200)
        self._bar.setRange(0, 0)  # busy: the self-test's length is not known in advance
        self._bar.hide()
        status_bar.addPermanentWidget(self._bar)

    def choose_file(self, settings: SettingsBackend | None) -> QFileDialog | None:
        """Ask where to save (``open()``, never exec), then save there."""
        if self.running:
            return None
        from countyadmin.diagnostics import default_zip_name

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(documents) / default_zip_name())
        dialog = QFileDialog(self._parent_widget, "Save diagnostics for your IT department", suggested,
                             "Zip file (*.zip)")  # fmt: skip
        dialog.setObjectName("diagnosticsFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("zip")
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(lambda chosen: self.start(Path(chosen), settings))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def start(self, path: Path, settings: SettingsBackend | None) -> None:
        if self.running:
            return
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        self.running = True
        self._path = path
        self._action.setEnabled(False)
        self._bar.show()
        run_in_background(
            make_diagnostics_zip, path, settings, toolkit_versions(),
            on_success=self._on_saved, on_failure=self._on_failed,
        )  # fmt: skip

    def stop(self) -> None:
        """CountyAdmin is closing: end a self-test still running, so the process can exit (an installer
        upgrading it waits for that) instead of living on for minutes; the zip then says it was stopped."""
        if self.running:
            from countyadmin.diagnostics import stop_self_tests

            stop_self_tests()

    def _end(self, sentence: str, *, failed: bool = False) -> None:
        self.running = False
        self.failed = failed
        self._action.setEnabled(True)
        self._bar.hide()
        self.finished.emit(sentence)

    def _on_saved(self, path: Path) -> None:
        self._end(f"Saved to {path}. E-mail this file to your IT department; it holds no password or key.")

    def _on_failed(self, error: Exception) -> None:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self._end(
            f"The diagnostics could not be saved to {self._path} ({reason}). "
            "Choose another folder, such as Documents, and try again.",
            failed=True,
        )
