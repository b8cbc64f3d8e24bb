"""The rows of ``batchPreviewTable``: every row of the file with OK or its problems, later its result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from countyadmin.domain.invitation_batch import COLUMNS, BatchRow
from countyadmin.gui.colors import Tone, item_foreground
from countyadmin.gui.table_models import Index, RowsTableModel
from countyadmin.services.invitation_batch import RowOutcome, RowResult

ROW, STATUS, PROVIDER = 0, 1, 2
FIRST_VALUE = 3
# The provider the row's codes matched, named as the county database has it: what the clerk checks.
PROVIDER_HEADER = "Provider in CountyAdmin"
HEADERS = ("Row", "Status", PROVIDER_HEADER, *(column.header for column in COLUMNS))

# The status column's words say it all; the colour (readable on the palette in use) only repeats them.
_OUTCOME_TONE = {RowOutcome.SENT: Tone.OK, RowOutcome.QUEUED: Tone.WARNING, RowOutcome.FAILED: Tone.PROBLEM,
                 RowOutcome.NOT_SENT: Tone.PROBLEM}  # fmt: skip
_OUTCOME_TEXT = {RowOutcome.SENT: "Sent", RowOutcome.QUEUED: "Queued", RowOutcome.FAILED: "Failed",
                 RowOutcome.NOT_SENT: "Not sent"}  # fmt: skip


def status_text(row: BatchRow) -> str:
    """"OK", "OK — <warnings>" or the row's problems, one sentence after another."""
    if row.ok:
        return "OK — " + " ".join(row.warnings) if row.warnings else "OK"
    return " ".join(row.problems)


def result_text(result: RowResult) -> str:
    label = _OUTCOME_TEXT[result.outcome]
    return f"{label}: {result.reason}" if result.reason else label


class BatchPreviewModel(RowsTableModel[BatchRow]):
    """Read-only. ``set_preview_rows`` replaces everything; ``set_result`` updates one row as it is sent.

    The "only rows with problems" filter lives here rather than in a proxy model: a proxy asks Python for
    every row on each reset, which cost more than reading the file (benchmarks/bench_batch.py).
    """

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._all: list[BatchRow] = []
        self._problems_only = False
        self._position: dict[int, int] = {}  # file row number → model row
        self._results: dict[int, RowResult] = {}

    def set_preview_rows(self, rows: Sequence[BatchRow]) -> None:
        self._all = list(rows)
        self._results = {}
        self._show()

    def set_problems_only(self, only: bool) -> None:
        self._problems_only = only
        self._show()

    def _show(self) -> None:
        rows = [row for row in self._all if not row.ok] if self._problems_only else self._all
        self._position = {row.number: index for index, row in enumerate(rows)}
        self.set_rows(rows)

    def set_result(self, result: RowResult) -> None:
        self._results[result.number] = result
        position = self._position.get(result.number)
        if position is not None:
            changed = self.index(position, STATUS)
            self.dataChanged.emit(changed, changed)

    def set_results(self, results: Sequence[RowResult]) -> None:
        self._results = {result.number: result for result in results}
        if self._rows:
            self.dataChanged.emit(self.index(0, STATUS), self.index(len(self._rows) - 1, STATUS))

    # -- Qt ------------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW:
                return row.number
            if column == STATUS:
                return self._status(row)
            if column == PROVIDER:
                return row.provider.name if row.provider is not None else ""
            return row.cells[column - FIRST_VALUE]
        if role == Qt.ItemDataRole.ToolTipRole and column == PROVIDER:
            if row.provider is None:
                return "No provider in CountyAdmin matched this row's SED code or NPI."
            codes = ", ".join(part for part in (f"SED code {row.provider.sed_code}" if row.provider.sed_code
                                                else "", f"NPI {row.provider.npi}" if row.provider.npi
                                                else "") if part)  # fmt: skip
            return f"{row.provider.name} ({codes})" if codes else row.provider.name
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS:
            return "\n".join(self._status_lines(row))
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            result = self._results.get(row.number)
            if result is not None:
                return item_foreground(_OUTCOME_TONE[result.outcome])
            return item_foreground(Tone.OK if row.ok and not row.warnings else Tone.WARNING if row.ok
                                   else Tone.PROBLEM)  # fmt: skip
        if role == Qt.ItemDataRole.AccessibleTextRole and column == STATUS:
            return f"Row {row.number}: {self._status(row)}"
        return None

    def _status_lines(self, row: BatchRow) -> list[str]:
        """The row's status in full, a sentence a line: its result (once sent), then its check."""
        result = self._results.get(row.number)
        if not row.ok:
            return ["Not sent — the row has problems:" if result else "Problems:", *row.problems]
        if result is None:
            return ["OK", *row.warnings]
        return [result_text(result), *row.warnings]

    def _status(self, row: BatchRow) -> str:
        result = self._results.get(row.number)
        return result_text(result) if result is not None else status_text(row)
