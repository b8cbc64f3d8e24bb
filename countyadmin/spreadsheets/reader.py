"""Read the first sheet of an .xlsx/.xlsm workbook or a .csv file as a header row and data rows.

python-calamine does the reading (it is several times faster than openpyxl); the zip package itself is
looked at only for what calamine does not report: formulas saved without their values. Everything a
clerk could hand us by mistake (a Word file, a PDF, a password-protected or damaged workbook, an empty
sheet, a huge export, merged cells) ends in one :class:`SpreadsheetError` whose sentence says what to do.

Values are returned as stored. A number Excel kept for an identifier stays a number (an ``int`` when it
is whole): whoever validates the column decides what to say about leading zeros Excel dropped; nothing
here pads or rewrites a value.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from countyadmin.spreadsheets import guard
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.limits import (
    MAX_CELLS,
    MAX_CSV_LINES,
    MAX_CSV_RECORD_CHARS,
    MAX_KEPT_TEXT_BYTES,
    cancelled_error,
    cell_name,
    damaged_message,
    too_many_cells_message,
    too_much_text_message,
)

__all__ = ["SheetRow", "Table", "read_table", "header_key"]

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_XLS_STREAM = "Workbook".encode("utf-16-le")
_CANCEL_EVERY = 512
# Cells whose whole value is a whole number at most this large come back as int (exact in a double).
_EXACT_INT = 2**53
# A str's fixed size, not counted as its text (what is left is 1, 2 or 4 bytes a character).
_EMPTY_STR = sys.getsizeof("")
_SAVE_AS_XLSX = "Open it in Excel, choose File > Save As > Excel Workbook (.xlsx), and load that file."


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its number as the clerk sees it in Excel or a text editor, and its values."""

    number: int
    values: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """The header row's texts and the non-blank data rows under it.

    ``notice`` is a sentence worth showing next to the file when reading involved a guess the clerk
    should check (today: a CSV that was not UTF-8 and was read as Windows-1252).
    """

    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    file_kind: str
    sheet_name: str | None
    notice: str | None = None

    def column(self, *names: str) -> int | None:
        """Index of the first header matching any of ``names``, ignoring case, spaces and punctuation."""
        wanted = {header_key(name) for name in names}
        for index, header in enumerate(self.headers):
            if header_key(header) in wanted:
                return index
        return None


_NOT_ALNUM = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """The form two header texts are compared in: lower case, letters and digits only."""
    return _NOT_ALNUM.sub("", text.casefold())


def read_table(path: Path, *, max_rows: int = 100_000, cancelled: Callable[[], bool] | None = None) -> Table:
    """Read ``path`` (.xlsx, .xlsm or .csv, recognised by content) into a :class:`Table`.

    Args:
        path: the file the clerk picked.
        max_rows: more non-blank data rows than this is refused (counted without keeping them all).
        cancelled: polled while reading; when it returns True reading stops with a SpreadsheetError.

    Raises:
        SpreadsheetError: the file cannot be used; ``user_message`` says why and what to do.
    """
    is_cancelled = cancelled or _never
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise SpreadsheetError(f"{path.name} was not found. Check the file name and folder.") from None
    except IsADirectoryError:
        raise SpreadsheetError(f"{path.name} is a folder. Choose a spreadsheet file inside it.") from None
    except PermissionError:
        raise SpreadsheetError(
            f"CountyAdmin is not allowed to read {path.name}. Close it in any other program, "
            "or copy it to your Documents folder, and try again."
        ) from None
    except OSError as exc:
        raise SpreadsheetError(f"{path.name} could not be read ({exc.strerror or exc}).") from None

    if not head:
        raise SpreadsheetError(f"{path.name} is empty (0 bytes). Choose the file that has the rows in it.")
    guard.check_file_size(path, size)
    if head.startswith(_ZIP_MAGIC) or head.startswith(_EMPTY_ZIP_MAGIC):
        return _read_workbook(path, max_rows, is_cancelled)
    if head.startswith(_OLE_MAGIC):
        raise SpreadsheetError(_ole_message(path))
    if head.startswith(b"%PDF"):
        raise SpreadsheetError(
            f"{path.name} is a PDF document, not a spreadsheet. Use the .xlsx or .csv file instead."
        )
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        raise SpreadsheetError(
            f"{path.name} is not an Excel workbook, although its name ends in {path.suffix}; it may be "
            f"damaged or renamed. {_SAVE_AS_XLSX}"
        )
    return _read_csv(path, max_rows, is_cancelled)


def _never() -> bool:
    return False


def _ole_message(path: Path) -> str:
    data = path.read_bytes()
    if any(stream in data for stream in _ENCRYPTED_STREAMS):
        return (
            f"{path.name} is protected with a password, so CountyAdmin cannot read it. Open it in Excel, "
            "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear the "
            "box), save, and load it again."
        )
    if _XLS_STREAM in data:
        return f"{path.name} is an old Excel 97-2003 workbook (.xls). {_SAVE_AS_XLSX}"
    return (
        f"{path.name} is an older Microsoft Office document, not an Excel workbook or CSV file. "
        "Choose the .xlsx or .csv file instead."
    )


# --- workbooks --------------------------------------------------------------------------------------


def _read_workbook(path: Path, max_rows: int, cancelled: Callable[[], bool]) -> Table:
    with tempfile.TemporaryDirectory(prefix="countyadmin-sheet-") as folder:
        try:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
                if "xl/workbook.xml" not in names:
                    raise SpreadsheetError(_not_a_workbook_message(path, names))
                if "xl/workbook.bin" in names:
                    raise SpreadsheetError(
                        f"{path.name} is an Excel binary workbook (.xlsb). {_SAVE_AS_XLSX}"
                    )
                # Measured before calamine sees it, and calamine reads only the copy of what was measured:
                # it would allocate whatever the file declares.
                copy, sheet_name, extent = guard.checked_copy(package, path, Path(folder), cancelled)
        except zipfile.BadZipFile:
            raise SpreadsheetError(damaged_message(path)) from None
        except (OSError, EOFError, zipfile.LargeZipFile, KeyError) as exc:
            raise SpreadsheetError(damaged_message(path)) from exc
        try:
            with python_calamine.CalamineWorkbook.from_path(str(copy)) as workbook:
                sheet = workbook.get_sheet_by_index(0)
                headers, rows, header_number = _collect(
                    _calamine_rows(sheet),
                    path,
                    sheet_name,
                    max_rows,
                    cancelled,
                    merged=sheet.merged_cell_ranges,
                )
        except python_calamine.PasswordError:
            raise SpreadsheetError(_ole_message(path)) from None
        except (python_calamine.CalamineError, ValueError) as exc:
            raise SpreadsheetError(damaged_message(path)) from exc
    if cell := extent.first_formula_without_value(header_number):
        raise SpreadsheetError(
            f"{path.name} has formulas without their results (first at {cell}), so there are no "
            "values to read. Open it in Excel and save it (Excel stores each result), or copy the "
            "table and use Paste Special > Values, then load it again."
        )
    return Table(headers=headers, rows=rows, file_kind="xlsx", sheet_name=sheet_name)


def _not_a_workbook_message(path: Path, names: set[str]) -> str:
    if "word/document.xml" in names:
        what = "a Word document"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "content.xml" in names:
        what = "an OpenDocument file"
    else:
        what = "a zip archive"
    return f"{path.name} is {what}, not an Excel workbook. Choose the .xlsx or .csv file instead."


def _calamine_rows(sheet: python_calamine.CalamineSheet) -> Iterator[tuple[int, list[object]]]:
    # iter_rows hands Python one row at a time (to_python made every cell at once). Its rows start at
    # row 1, so index + 1 is the row number Excel shows; its columns start at the first used column.
    start = sheet.start
    left: list[object] = [None] * (start[1] if start is not None else 0)
    for index, values in enumerate(sheet.iter_rows()):
        yield index + 1, left + [_cell(value) for value in values]


def _cell(value: object) -> object:
    if value == "":
        return None
    if type(value) is float and value.is_integer() and -_EXACT_INT < value < _EXACT_INT:
        return int(value)
    return value


# --- header and data rows (both kinds) ---------------------------------------------------------------


def _is_blank(values: Iterable[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _collect(
    numbered: Iterator[tuple[int, list[object]]],
    path: Path,
    sheet_name: str | None,
    max_rows: int,
    cancelled: Callable[[], bool],
    *,
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
) -> tuple[tuple[str, ...], tuple[SheetRow, ...], int]:
    where = f"The sheet “{sheet_name}” in {path.name}" if sheet_name else path.name
    header_number = 0
    header_values: list[object] = []
    # A one-row merged cell above the table (a title such as "Invitations for Monroe County") is skipped.
    titles = {top + 1 for (top, _), (bottom, _) in merged or () if top == bottom}
    for number, values in numbered:
        if _is_blank(values):
            continue
        if number in titles and sum(not _is_blank((value,)) for value in values) == 1:
            continue
        header_number, header_values = number, values
        break
    if not header_number:
        raise SpreadsheetError(f"{where} is empty. Fill in the header row and at least one row below it.")
    _check_merged(merged, header_number, path)
    headers = [_header_text(value) for value in header_values]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    # Each kept row holds ``width`` values: a CSV with a header millions of columns wide would hold
    # millions of values per row (a workbook's grid was measured before reading).
    most_rows = MAX_CELLS // max(width, 1)
    rows: list[SheetRow] = []
    # What the kept strings hold: calamine's reading is bounded in UTF-8, but one character beyond U+FFFF
    # makes Python store each of a string's characters in 4 bytes.
    kept_text = 0
    for count, (number, values) in enumerate(numbered, start=1):
        if count % _CANCEL_EVERY == 0 and cancelled():
            raise cancelled_error()
        if _is_blank(values[:width]):
            continue
        if len(rows) >= most_rows:
            raise SpreadsheetError(
                too_many_cells_message(
                    path.name, number, width, f"its table, from the header to row {number},"
                )
            )
        if len(rows) >= max_rows:
            raise SpreadsheetError(
                f"{where} has more than {max_rows:,} rows of data; CountyAdmin reads at most {max_rows:,} "
                "at a time. Split it into smaller files and load them one by one."
            )
        if len(values) < width:
            values = values + [None] * (width - len(values))
        kept = tuple(values[:width])
        kept_text += sum(sys.getsizeof(value) - _EMPTY_STR for value in kept if type(value) is str)
        if kept_text > MAX_KEPT_TEXT_BYTES:
            raise SpreadsheetError(too_much_text_message(path.name, MAX_KEPT_TEXT_BYTES))
        rows.append(SheetRow(number, kept))
    if not rows:
        raise SpreadsheetError(
            f"{where} has only the header row (row {header_number}). Add the rows below it and load it again."
        )
    return tuple(headers), tuple(rows), header_number


def _header_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _check_merged(
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None, header_number: int, path: Path
) -> None:
    # Merged ranges are 0-based ((row, col), (row, col)); a merged title above the header is harmless.
    for (top, left), (bottom, right) in sorted(merged or ()):
        if bottom + 1 >= header_number:
            cells = f"{cell_name(top + 1, left + 1)}:{cell_name(bottom + 1, right + 1)}"
            raise SpreadsheetError(
                f"{path.name} has merged cells ({cells}) in its table, so a value would belong to more "
                "than one row or column. Select the table in Excel, choose Merge & Center > Unmerge "
                "Cells, fill every row, save, and load it again."
            )


# --- CSV ---------------------------------------------------------------------------------------------------


def _read_csv(path: Path, max_rows: int, cancelled: Callable[[], bool]) -> Table:
    text, notice = _decode(path.read_bytes(), path)
    if "\x00" in text:
        raise SpreadsheetError(
            f"{path.name} is not a spreadsheet or CSV file (it holds binary data). "
            "Choose the .xlsx or .csv file instead."
        )
    if not text.strip():
        raise SpreadsheetError(f"{path.name} is empty. Fill in the header row and at least one row below it.")
    if max(text.count("\n"), text.count("\r")) > MAX_CSV_LINES:
        # A file of line breaks alone would take minutes to step through; no export has this many.
        raise SpreadsheetError(
            f"{path.name} has more than {MAX_CSV_LINES:,} lines; CountyAdmin reads at most {max_rows:,} rows "
            "at a time. Split it into smaller files and load them one by one."
        )
    start = len(text) - len(text.lstrip("\r\n"))
    end = text.find("\n", start)
    first_line = text[start : end if end >= 0 else len(text)]
    delimiter = max(",;\t", key=first_line.count)
    lines = _CsvLines(text, path)
    reader = csv.reader(lines, delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, list[object]]]:
        line = 1
        try:
            for record in reader:
                lines.record_done()
                yield line, [value if value != "" else None for value in record]
                line = reader.line_num + 1
        except csv.Error as exc:
            raise SpreadsheetError(
                f"{path.name} could not be read as CSV near line {reader.line_num} ({exc}). "
                "Check that quotes are closed, or save it again from Excel as CSV UTF-8."
            ) from None

    headers, rows, _ = _collect(numbered(), path, None, max_rows, cancelled)
    return Table(headers=headers, rows=rows, file_kind="csv", sheet_name=None, notice=notice)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


class _CsvLines:
    """The text's lines, one at a time, for csv.reader (io.StringIO would copy it at 4 bytes a character).

    A record may not run over ``MAX_CSV_RECORD_CHARS`` characters: csv.reader builds a whole record
    before handing it over, and a 20 MB line of commas is twenty million fields.
    """

    def __init__(self, text: str, path: Path) -> None:
        self._lines = _LINE.finditer(text)
        self._path = path
        self._record_chars = 0

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines).group()
        if not line:
            raise StopIteration
        self._record_chars += len(line)
        if self._record_chars > MAX_CSV_RECORD_CHARS:
            raise SpreadsheetError(
                f"{self._path.name} has a row over {MAX_CSV_RECORD_CHARS:,} characters long, far longer "
                "than a row of provider details. Check that it is the right file, or save it again from "
                "Excel as CSV UTF-8."
            )
        return line

    def record_done(self) -> None:
        self._record_chars = 0


def _decode(data: bytes, path: Path) -> tuple[str, str | None]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise SpreadsheetError(
                f"{path.name} says it is UTF-16 text but is damaged. Save it again from Excel as CSV UTF-8."
            ) from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            f"{path.name} is not text CountyAdmin can read (neither UTF-8 nor Windows-1252). "
            "Open it in Excel and save it as CSV UTF-8 (Comma delimited), then load it again."
        ) from None
    return text, (
        f"{path.name} is not UTF-8, so it was read as Windows-1252 (Western European). Check that "
        "accented names look right; if not, save it from Excel as CSV UTF-8 and load it again."
    )
