"""How much of a clerk's file CountyAdmin is willing to read, and the sentences for what goes beyond.

python-calamine allocates the whole rectangle from A1 to the farthest cell holding a value, reserves the
shared-string table's declared ``uniqueCount`` up front and copies a shared string into every cell that
uses it, so these limits are checked (by :mod:`countyadmin.spreadsheets.guard`) before it reads a sheet.
They leave room for real county files (tens of thousands of rows, a few dozen columns) and keep a file
at the limits under ~300 MB of memory once read.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path

from countyadmin.spreadsheets.errors import SpreadsheetError

MIB = 1024 * 1024
# The file on disk, any kind: the size within which every file is read or refused under ~300 MB (a CSV
# of 20 MB with one emoji a line peaked at 204 MB); a county's export is a few MB.
MAX_FILE_BYTES = 20 * MIB
MAX_PARTS = 2_000  # zip members
MAX_PART_BYTES = 128 * MIB  # one member, unpacked
MAX_TOTAL_BYTES = 256 * MIB  # all members, unpacked
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FROM bytes (sheet XML is usually 5-30x)
RATIO_FROM = MIB
MAX_DEPTH = 64  # XML element nesting; a worksheet needs about 6
# The grid calamine builds (A1 to the farthest value) and what its cells hold: the sheet's XML and the
# shared-string table, plus a copy of a shared string for every cell that uses it.
MAX_CELLS = 1_500_000
MAX_TEXT_BYTES = 96 * MIB
# What the kept rows' strings may hold in Python, beyond each string's fixed size: a string holding one
# character beyond U+FFFF stores every character in 4 bytes, so 96 MB of UTF-8 text could be 384 MB.
MAX_KEPT_TEXT_BYTES = 64 * MIB
# Merged ranges in the sheet: calamine and Python keep each one, and the table may hold none anyway
# (only one-row titles above the header are allowed).
MAX_MERGED_RANGES = 1_000
# Checking a workbook (the guard's reading, before calamine) stops with a sentence after this long: a
# file of millions of empty elements is small and within every size, yet each costs a Python call.
MAX_CHECK_SECONDS = 4.0
# CSV: more physical lines than this is refused before parsing (2 million lines of commas took 20 s to
# step through, blank rows included); one record may not span more characters than this.
MAX_CSV_LINES = 250_000
MAX_CSV_RECORD_CHARS = 1_000_000
MAX_ROW = 1_048_576  # Excel's own sheet size
MAX_COLUMN = 16_384
_KEPT_FORMULA_ROWS = 64


class Refused(Exception):
    """Raised while scanning; ``message`` is the sentence, or None for “damaged”."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message


def damaged_message(path: Path) -> str:
    return (
        f"{path.name} is damaged and cannot be read as an Excel workbook. Open it in Excel; if Excel "
        "repairs it, save the repaired copy and load that; otherwise ask for the file again."
    )


def cancelled_error() -> SpreadsheetError:
    return SpreadsheetError("Reading the file was cancelled.")


def too_many_cells_message(name: str, rows: int, columns: int, where: str) -> str:
    return (
        f"{name} is too large to read: {where} spans {rows:,} rows by {columns:,} columns, more than "
        f"the {MAX_CELLS:,} cells CountyAdmin reads at a time. Delete anything far below or to the right "
        "of the table, or split it into smaller files, and load them one by one."
    )


def too_big_message(name: str) -> str:
    return (
        f"{name} unpacks to far more data than a table of providers needs, so CountyAdmin did not open "
        "it. If it is the right file, copy the table into a new workbook in Excel, save that, and load "
        "it instead."
    )


def too_slow_message(name: str) -> str:
    return (
        f"{name} took more than {MAX_CHECK_SECONDS:.0f} seconds to check before reading (its sheet holds "
        "a great deal of markup), so CountyAdmin stopped. Split it into smaller files, or copy the table "
        "into a new workbook in Excel and save that, and load it instead."
    )


def too_many_merged_message(name: str) -> str:
    return (
        f"{name} has more than {MAX_MERGED_RANGES:,} merged cells, so its values would belong to more "
        "than one row or column. Select the sheet in Excel, choose Merge & Center > Unmerge Cells, "
        "save, and load it again."
    )


def too_much_text_message(name: str, limit: int = MAX_TEXT_BYTES) -> str:
    return (
        f"{name} is too large to read: the cells of its first sheet hold more than "
        f"{limit // MIB} MB of text. Split it into smaller files and load them one by one."
    )


def cell_name(row: int, column: int) -> str:
    """“B7” for row 7, column 2 (both counted from 1)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.upper().decode("ascii"):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


@dataclass(slots=True)
class SheetScan:
    """What a sheet's XML would make calamine hold, counted as the XML streams by.

    ``rows`` × ``columns`` is the grid from A1 to the farthest value; ``text_bytes`` what its cells
    hold; ``formulas_without_values`` the first formula saved without its result on each of the
    first rows that have one (row, cell name).
    """

    file_name: str
    shared_lengths: array[int]
    longest_shared: int = 0
    text_bytes: int = 0
    rows: int = 0
    columns: int = 0
    formulas_without_values: list[tuple[int, str]] = field(default_factory=list)
    merged_ranges: int = 0

    def value(self, row: int, column: int, ref: str | bytes) -> None:
        """A cell at ``row``, ``column`` holds a value (so calamine's grid reaches it)."""
        if not (0 < row <= MAX_ROW and 0 < column <= MAX_COLUMN):
            raise Refused()
        if row > self.rows or column > self.columns:
            rows, columns = max(row, self.rows), max(column, self.columns)
            if rows * columns > MAX_CELLS:
                name = ref.decode("ascii", "replace") if isinstance(ref, bytes) else ref
                where = f"its first sheet, from A1 to the value in {name.upper()},"
                raise Refused(too_many_cells_message(self.file_name, rows, columns, where))
            self.rows, self.columns = rows, columns

    def shared(self, index: int | None) -> None:
        """A cell shows shared string ``index`` (None: unknown, counted as the longest)."""
        lengths = self.shared_lengths
        if index is None or not 0 <= index < len(lengths):
            length = self.longest_shared if index is None else 0
        else:
            length = lengths[index]
        self.add_text(length)

    def merged(self, count: int = 1) -> None:
        """The sheet declares ``count`` more merged ranges."""
        self.merged_ranges += count
        if self.merged_ranges > MAX_MERGED_RANGES:
            raise Refused(too_many_merged_message(self.file_name))

    def add_text(self, size: int) -> None:
        self.text_bytes += size
        if self.text_bytes > MAX_TEXT_BYTES:
            raise Refused(too_much_text_message(self.file_name))

    def formula_without_value(self, row: int, ref: str) -> None:
        kept = self.formulas_without_values
        if len(kept) < _KEPT_FORMULA_ROWS and (not kept or kept[-1][0] != row):
            kept.append((row, ref))

    def first_formula_without_value(self, from_row: int) -> str | None:
        return next((cell for row, cell in self.formulas_without_values if row >= from_row), None)
