"""File dialogs for the spreadsheets and reports, and the folder each one remembers."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def file_dialog(
    parent: QWidget,
    caption: str,
    name_filter: str,
    *,
    object_name: str,
    save: bool,
    start: str = "",
    name: str = "",
) -> QFileDialog:
    """A file dialog to ``open()`` (never exec), named for automation, deleted when closed.

    ``save``: choose where to write an .xlsx (``name`` suggested); else choose an existing file to read.
    """
    dialog = QFileDialog(parent, caption, start, name_filter)
    dialog.setObjectName(object_name)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(name)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def remembered_folder(key: str) -> Path:
    """The folder last used for ``key`` (a QSettings key), else the clerk's Documents folder."""
    folder = QSettings().value(key)
    if isinstance(folder, str) and Path(folder).is_dir():
        return Path(folder)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def remember_folder(key: str, path: Path) -> None:
    """Start the next dialog for ``key`` where ``path`` is."""
    QSettings().setValue(key, str(path.parent))
