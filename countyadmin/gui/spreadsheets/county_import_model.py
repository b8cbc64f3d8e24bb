"""The rows of ``countyPreviewTable``: what the county import would do with each row of the file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from countyadmin.domain.county_import import FIELD_LABELS, IMPORT_FIELDS
from countyadmin.domain.county_import_plan import ImportAction, ImportPreview, PlannedRow, value_text
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.table_models import Index, RowsTableModel

HEADERS = ("Row", "Action", "SED code", "Name", "What changes / why not")
ROW, ACTION, SED_CODE, NAME, DETAILS = range(5)
_TONES = {  # the Action column says it in words; the colour only repeats it
    ImportAction.ADD: Tone.OK,
    ImportAction.CHANGE: Tone.CHANGE,
    ImportAction.UNCHANGED: Tone.NOTE,
    ImportAction.PROBLEM: Tone.PROBLEM,
}


def details_lines(row: PlannedRow) -> list[str]:
    """One line per change, problem or new field; the table shows them on one line, the tooltip stacked."""
    if row.action is ImportAction.PROBLEM:
        return list(row.problems)
    if row.action is ImportAction.CHANGE:
        return [change.text() for change in row.changes]
    if row.action is ImportAction.ADD:
        return [
            f"{FIELD_LABELS[name]}: {value_text(row.values[name])}"
            for name in IMPORT_FIELDS
            if name in row.values and name not in ("sed_code", "name")
        ] or ["New provider (only its SED code and name are in the file)."]
    return ["Same as in CountyAdmin."]


class CountyImportModel(RowsTableModel[PlannedRow]):
    """The preview's rows, optionally only those of one action (the "Show" choice)."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._all: tuple[PlannedRow, ...] = ()
        self._only: ImportAction | None = None

    def set_preview(self, preview: ImportPreview | None) -> None:
        self._all = preview.rows if preview is not None else ()
        self._apply_filter()

    def set_filter(self, action: ImportAction | None) -> None:
        self._only = action
        self._apply_filter()

    def _apply_filter(self) -> None:
        only = self._only
        self.set_rows([row for row in self._all if only is None or row.action is only])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW:
                return row.number
            if column == ACTION:
                return row.action.label
            if column == SED_CODE:
                return row.sed_code or ""
            if column == NAME:
                return row.name
            return "; ".join(details_lines(row))
        if role == Qt.ItemDataRole.ToolTipRole and column == DETAILS:
            return "\n".join(details_lines(row))
        if role == Qt.ItemDataRole.ForegroundRole and column in (ACTION, DETAILS):
            return item_foreground(_TONES[row.action])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
