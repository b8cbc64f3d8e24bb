"""Write .xlsx workbooks a clerk can open safely: text stays text, identifiers keep their zeros.

Every string is stored as a string cell. openpyxl on its own turns text beginning with "=" into a
formula and "#N/A" into an error, so a provider named "=HYPERLINK(...)" in a report would run when the
file is opened; here it cannot. Text beginning with =, +, -, @, tab or carriage return also gets
Excel's "quote prefix" so Excel keeps it as text even when the clerk edits the cell.

The file is written to a temporary file in the target's folder and then moved over the target, so a
failed write (disk full, the file open in Excel) never leaves half a workbook behind.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path

__all__ = [
    "Column",
    "SheetSpec",
    "FORMULA_TRIGGERS",
    "is_formula_like",
    "safe_cell_value",
    "write_workbook",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MAX_WIDTH = 60.0  # column widths, in characters
MIN_WIDTH = 8.0
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet.

    Attributes:
        header: the text of the header row.
        width: in characters; None sizes the column from the header and the values (capped).
        text: an identifier column (SED code, NPI, ZIP…): number format "@" so Excel keeps leading
            zeros when the clerk types into it, and numbers given for it are written as their text.
        choices: a drop-down list (data validation) over the data rows.
        note: what the column means, for the notes sheet.
    """

    header: str
    width: float | None = None
    text: bool = False
    choices: Sequence[str] | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BarChartSpec:
    """A horizontal bar chart of a sheet's rows: the labels in one column, the numbers in another
    (1-based column numbers), placed with its top-left corner at ``anchor`` (e.g. "D2")."""

    title: str
    labels_column: int = 1
    values_column: int = 2
    anchor: str = "D2"
    axis_title: str | None = None


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One sheet: a header row, then ``rows`` (each a sequence aligned with ``columns``)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    freeze_header: bool = True
    auto_filter: bool = True
    validation_rows: int = 1000  # rows below the header a drop-down covers (at least the data rows)
    chart: BarChartSpec | None = None


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula (or a DDE call)."""
    return text.startswith(FORMULA_TRIGGERS)


def safe_cell_value(value: object) -> object:
    """The value to store for ``value``, of a type a workbook holds without interpreting it.

    None, bools, whole numbers, finite decimals and floats, dates and times stay as they are (a
    timezone-aware datetime becomes local wall-clock time, which is what a clerk expects to read);
    enums become their value; anything else becomes its text. Text loses the control characters an
    .xlsx cannot hold and is cut at Excel's 32,767-character limit. The text is never altered to
    defuse formulas: ``write_workbook`` stores every string as a string cell, and text that
    ``is_formula_like`` also gets Excel's quote prefix, so nothing is ever evaluated.
    """
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, Enum):
        return safe_cell_value(value.value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    text = value if isinstance(value, str) else str(value)
    return _ILLEGAL_XML.sub("", text)[:MAX_CELL_TEXT]


def write_workbook(
    path: Path,
    sheets: Sequence[SheetSpec],
    *,
    notes: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Write ``sheets`` (and a "Notes" sheet) to ``path`` atomically.

    ``notes`` are (column, explanation) pairs for the notes sheet; when None, the notes are taken
    from the columns that have one. No notes at all → no notes sheet.

    Raises:
        SpreadsheetError: the file could not be written; ``user_message`` says why and what to do.
    """
    # openpyxl takes ~80 ms to import: it loads with the first write, not with every module that
    # describes a sheet (the batch, the template, the report are all built at start-up).
    from countyadmin.spreadsheets._workbook import write

    write(Path(path), sheets, notes)
