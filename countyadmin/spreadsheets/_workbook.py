"""The openpyxl side of ``countyadmin.spreadsheets.writer`` (imported on the first write)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.writer import (
    MAX_WIDTH,
    MIN_WIDTH,
    BarChartSpec,
    Column,
    SheetSpec,
    is_formula_like,
    safe_cell_value,
)

TEXT_FORMAT = "@"
_WIDTH_SAMPLE_ROWS = 2_000  # enough rows to size a column; the rest cannot change it much
_INLINE_LIST_LIMIT = 255  # Excel's limit for a drop-down list written inside the rule itself
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write(path: Path, sheets: Sequence[SheetSpec], notes: Sequence[tuple[str, str]] | None) -> None:
    """``writer.write_workbook``: see there."""
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    taken: set[str] = set()
    titles = [_unique_title(spec.title, taken) for spec in sheets]
    note_rows = list(notes) if notes is not None else _column_notes(sheets)
    notes_title = _unique_title("Notes", taken) if note_rows else ""
    needs_lists = any(
        column.choices and _needs_list_range(column.choices) for spec in sheets for column in spec.columns
    )
    lists_sheet = _ListsSheet(_unique_title("Lists", taken)) if needs_lists else None
    temp_path = _temporary_file_beside(path)
    try:
        workbook = Workbook(write_only=True)
        for spec, title in zip(sheets, titles, strict=True):
            _write_sheet(workbook, spec, title, lists_sheet)
        if note_rows:
            _write_notes(workbook, note_rows, notes_title)
        if lists_sheet is not None:
            lists_sheet.write(workbook)
        workbook.save(temp_path)
        os.replace(temp_path, path)
    except OSError as error:
        raise _write_error(path, error) from error
    finally:
        temp_path.unlink(missing_ok=True)


def _write_sheet(workbook: Workbook, spec: SheetSpec, title: str, lists_sheet: _ListsSheet | None) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(spec.columns)
    width = len(columns)
    rows = [
        [_for_column(column, value) for column, value in zip(columns, _padded(row, width), strict=True)]
        for row in spec.rows
    ]
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width if column.width is not None else _auto_width(column, rows, index - 1)
        if column.text:
            # The column's own style: cells the clerk adds later are text too.
            dimension.number_format = TEXT_FORMAT
    last_row = len(rows) + 1
    if spec.freeze_header:
        sheet.freeze_panes = "A2"
    if spec.auto_filter and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    validation_last = max(last_row, spec.validation_rows + 1)
    for index, column in enumerate(columns, start=1):
        if column.choices:
            sheet.data_validations.append(_drop_down(column, index, validation_last, lists_sheet))
    sheet.append([_header_cell(sheet, column.header) for column in columns])
    for row in rows:
        sheet.append([_data_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)])
    if spec.chart is not None and rows:
        sheet.add_chart(_bar_chart(sheet, spec.chart, len(rows)), spec.chart.anchor)


def _bar_chart(sheet: WriteOnlyWorksheet, spec: BarChartSpec, count: int) -> BarChart:
    """Bars drawn from the sheet's own cells, so the chart follows whatever the clerk corrects."""
    chart = BarChart()
    chart.type = "bar"  # horizontal: long stage names read on the category axis
    chart.title = spec.title
    chart.legend = None
    chart.y_axis.title = spec.axis_title
    chart.y_axis.majorGridlines = None
    # openpyxl >= 3.1 hides the axes unless told (delete=True is its default); show both.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    values = Reference(sheet, min_col=spec.values_column, min_row=1, max_row=count + 1)
    labels = Reference(sheet, min_col=spec.labels_column, min_row=2, max_row=count + 1)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the sheet
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True  # each bar says its number: colour is never the only signal
    chart.width, chart.height = 18, 2 + 1.1 * count
    return chart


def _padded(row: Sequence[object], length: int) -> list[object]:
    values = list(row)[:length]
    return values + [None] * (length - len(values))


def _for_column(column: Column, value: object) -> object:
    value = safe_cell_value(value)
    if column.text and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # An identifier given as a number is written as the text it reads as, never "1.23E+11".
        if isinstance(value, (float, Decimal)) and value == int(value):
            value = int(value)
        value = str(value)
    return value


def _header_cell(sheet: WriteOnlyWorksheet, header: str) -> WriteOnlyCell:
    cell = _string_cell(sheet, str(safe_cell_value(header)))
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    return cell


def _data_cell(sheet: WriteOnlyWorksheet, column: Column, value: object) -> WriteOnlyCell | None:
    if value is None:
        return None
    if isinstance(value, str):
        cell = _string_cell(sheet, value)
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if column.text:
        cell.number_format = TEXT_FORMAT
    return cell


def _string_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl guesses "f" for "=…" and "e" for "#N/A"; a string is a string.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def _auto_width(column: Column, rows: list[list[object]], index: int) -> float:
    longest = len(column.header)
    for row in rows[:_WIDTH_SAMPLE_ROWS]:
        value = row[index]
        if value is None:
            continue
        text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
        longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
    if column.choices:
        longest = max(longest, max(len(choice) for choice in column.choices))
    # Room for the filter button on the header and a little air.
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 3.0))


def _needs_list_range(choices: Sequence[str]) -> bool:
    inline = ",".join(choices)
    return len(inline) + 2 > _INLINE_LIST_LIMIT or any("," in choice or '"' in choice for choice in choices)


def _drop_down(column: Column, index: int, last_row: int, lists_sheet: _ListsSheet | None) -> DataValidation:
    choices = list(column.choices or ())
    if _needs_list_range(choices):
        assert lists_sheet is not None
        formula = lists_sheet.add(choices)
    else:
        formula = '"' + ",".join(choices) + '"'
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=column.header[:32],
        error="Choose one of the values in the list.",
    )
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}{last_row}")
    return validation


class _ListsSheet:
    """A hidden sheet holding drop-down lists too long (or too comma-laden) to write inline."""

    def __init__(self, title: str) -> None:
        self._lists: list[list[str]] = []
        self._title = title

    def add(self, choices: list[str]) -> str:
        self._lists.append(choices)
        letter = get_column_letter(len(self._lists))
        return f"{quote_sheetname(self._title)}!${letter}$1:${letter}${len(choices)}"

    def write(self, workbook: Workbook) -> None:
        sheet = workbook.create_sheet(self._title)
        sheet.sheet_state = "hidden"
        for row_index in range(max(len(choices) for choices in self._lists)):
            sheet.append(
                [
                    _string_cell(sheet, choices[row_index]) if row_index < len(choices) else None
                    for choices in self._lists
                ]
            )


def _column_notes(sheets: Sequence[SheetSpec]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    notes: list[tuple[str, str]] = []
    for spec in sheets:
        for column in spec.columns:
            if column.note and column.header not in seen:
                seen.add(column.header)
                notes.append((column.header, column.note))
    return notes


def _write_notes(workbook: Workbook, notes: Sequence[tuple[str, str]], title: str) -> None:
    sheet = workbook.create_sheet(title)
    sheet.column_dimensions["A"].width = min(
        MAX_WIDTH, max(MIN_WIDTH, max(len(name) for name, _ in notes) + 3.0)
    )
    sheet.column_dimensions["B"].width = 100
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, "Column"), _header_cell(sheet, "What it means")])
    for name, explanation in notes:
        name_cell = _string_cell(sheet, str(safe_cell_value(name)))
        name_cell.font = _HEADER_FONT
        name_cell.alignment = _WRAP
        text_cell = _string_cell(sheet, str(safe_cell_value(explanation)))
        text_cell.alignment = _WRAP
        sheet.append([name_cell, text_cell])


def _unique_title(title: str, taken: set[str]) -> str:
    """A sheet title Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip().strip("'") or "Sheet"
    candidate = base[:31]
    number = 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _temporary_file_beside(path: Path) -> Path:
    """An empty file in the target's folder (so the final move is a rename on the same disk)."""
    folder = path.parent
    if path.is_dir():
        raise SpreadsheetError(f"{path} is a folder, not a file. Choose a file name ending in .xlsx.")
    if not folder.is_dir():
        raise SpreadsheetError(f"The folder {folder} does not exist. Choose another folder, then save again.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~countyadmin-", suffix=".xlsx", dir=folder)
        os.close(handle)
        temp_path = Path(temp_name)
        # mkstemp makes the file private to us; a saved report should be as readable as any other.
        temp_path.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except OSError as error:
        raise _write_error(path, error) from error
    return temp_path


def _write_error(path: Path, error: OSError) -> SpreadsheetError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return SpreadsheetError(
            f"{path.name} could not be saved because the disk is full. "
            "Free some space or choose another drive, then save again."
        )
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SpreadsheetError(
            f"{path.name} could not be saved: it is open in another program such as Excel, or you "
            f"may not save files in {path.parent}. Close the file (or choose another name or "
            "folder), then save again."
        )
    reason = error.strerror or str(error)
    return SpreadsheetError(
        f"{path.name} could not be saved ({reason}). Choose another name or folder, then save again."
    )
