"""A fast reading of a worksheet's XML as Excel and other writers produce it (regular expressions, in C).

It applies when every ``<`` in the part starts an element tag: no comment, CDATA section, processing
instruction or DOCTYPE, and UTF-8 text. Anything else raises :class:`Exotic`, and the guard reads the
part with the exact expat handler instead (about ten times slower, so kept for unusual files).
"""

from __future__ import annotations

import re
from operator import itemgetter

from countyadmin.spreadsheets.limits import (
    MAX_CELLS,
    MAX_COLUMN,
    MAX_DEPTH,
    MAX_ROW,
    Refused,
    SheetScan,
    cell_name,
    column_number,
)

# Carried between chunks without finding a cell or row tag: no real cell is this long.
MAX_CARRY = 8 * 1024 * 1024

_ATTRS = rb"""(?:[^>"'/]+|"[^"]*"|'[^']*'|/(?!>))*"""
# Between "<" and "/>" with no "<" or ">" inside: a self-closing tag (text cannot hold "<"; a ">" in an
# attribute value hides one, which only makes the depth counted deeper than it is).
_SELF_CLOSING = re.compile(rb"<[^<>]*/>")
# The form Excel, openpyxl and most writers use: r first, then short double-quoted attributes.
_SHORT_ATTR = rb'(?: [a-z]{1,3}="[^"<>]*")'
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(' + _SHORT_ATTR + rb"*)(/?)>")
_PLAIN_SHARED = re.compile(
    rb'<c r="[A-Z]{1,3}[0-9]{1,7}"' + _SHORT_ATTR + rb'*? t="s"' + _SHORT_ATTR + rb"*><v>([0-9]{1,12})</v>"
)
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
_ANY_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)(\s" + _ATTRS + rb")?(/?)>")
_R = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHARED = re.compile(rb"""\st\s*=\s*(?:"s"|'s')""")
_SHARED_INDEX = re.compile(rb"\s*<(?:[\w.-]+:)?v>\s*([0-9]{1,12})\s*</")
_REF = re.compile(rb"\s*([A-Za-z]{1,3})([0-9]{1,7})\s*")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell[\s/>]")
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\?>")
_UTF8 = re.compile(rb"""encoding\s*=\s*["'](?:utf-8|utf8|us-ascii|ascii)["']""", re.IGNORECASE)


class Exotic(Exception):
    """The part is not in the plain form the fast reading understands."""


class FastSheetScanner:
    """Feed the part's bytes in chunks; ``scan`` gathers what calamine would build."""

    def __init__(self, scan: SheetScan) -> None:
        self.scan = scan
        self._depth = 0
        self._row = 0
        self._next_column = 1
        self._carry = b""
        self._first = True
        self._columns: dict[bytes, int] = {}

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        data = self._carry + chunk
        if final:
            cut = len(data)
        else:
            # Keep the last cell (or row) for the next chunk, so each region holds whole cells.
            cut = max(data.rfind(b"<c "), data.rfind(b"<c>"), data.rfind(b"<row"))
            if cut <= 0:
                cut = data.rfind(b"<")
            if cut <= 0:
                if len(data) > MAX_CARRY:
                    raise Refused()
                self._carry = data
                return
        region, self._carry = data[:cut], data[cut:]
        if self._first:
            region = self._skip_declaration(region)
        if b"<!" in region or b"<?" in region:
            raise Exotic()
        self._check_depth(region)
        if b"mergeCell" in region:
            self.scan.merged(len(_MERGE.findall(region)))
        self._cells(region)
        if b"<f" in region or b":f" in region:
            self._formulas(region)

    def _skip_declaration(self, region: bytes) -> bytes:
        self._first = False
        declaration = _DECLARATION.match(region)
        if declaration is not None:
            if b"encoding" in declaration.group() and _UTF8.search(declaration.group()) is None:
                raise Exotic()
            region = region[declaration.end() :]
        elif region.startswith(b"\xef\xbb\xbf"):
            region = region[3:]
        if not region.lstrip().startswith(b"<") or b"\x00" in region[:64]:
            raise Exotic()  # UTF-16, or text before the root element: expat decides
        return region

    def _check_depth(self, region: bytes) -> None:
        # Every "<" starts a tag here (no comments, CDATA or instructions), so the depth at the end of
        # the region is counted exactly in C; nesting that closes again within one region costs nothing.
        tags = region.count(b"<")
        closing = region.count(b"</")
        if region.count(b">") == tags:  # no ">" in text or values: every "/>" ends a tag
            self_closing = region.count(b"/>")
        else:
            self_closing = len(_SELF_CLOSING.findall(region))
        self._depth += tags - 2 * closing - self_closing
        if not 0 <= self._depth <= MAX_DEPTH:
            raise Refused()

    def _cells(self, region: bytes) -> None:
        if not self._plain_cells(region):
            self._each_cell(region)

    def _plain_cells(self, region: bytes) -> bool:
        """The cells of a region written in the plain form, measured with C loops; False: not plain."""
        cells = _PLAIN_CELL.findall(region)
        rows = _PLAIN_ROW.findall(region)
        prefixed = b":c" in region or b":row" in region
        all_cells = (
            len(_ANY_CELL.findall(region))
            if prefixed
            else region.count(b"<c ") + region.count(b"<c>") + region.count(b"<c/")
        )
        all_rows = len(_ANY_ROW.findall(region)) if prefixed else region.count(b"<row")
        if len(cells) != all_cells or len(rows) != all_rows:
            return False
        valued = [cell for cell in cells if not cell[3]]
        scan = self.scan
        if valued:
            last_row = max(map(int, map(itemgetter(1), valued)))
            letters = max(set(map(itemgetter(0), valued)), key=lambda text: (len(text), text))
            column = column_number(letters)
            if last_row > scan.rows or column > scan.columns:
                if (max(last_row, scan.rows) * max(column, scan.columns) > MAX_CELLS
                        or not 0 < last_row <= MAX_ROW or column > MAX_COLUMN):  # fmt: skip
                    return False  # the exact loop names the cell that goes too far
                scan.value(last_row, column, cell_name(last_row, column))
            shared = region.count(b' t="s"')  # cells only, in practice; more would only count more
            if shared:
                indexes = _PLAIN_SHARED.findall(region)
                lengths = scan.shared_lengths
                try:
                    text = sum(map(lengths.__getitem__, map(int, indexes)))
                except IndexError:
                    return False
                scan.add_text(text + scan.longest_shared * (shared - len(indexes)))
        if rows:
            self._row, self._next_column = int(rows[-1]), 1
        if cells:
            self._next_column = column_number(cells[-1][0]) + 1
        return True

    def _each_cell(self, region: bytes) -> None:
        scan = self.scan
        columns = self._columns
        row, next_column = self._row, self._next_column
        for match in _CELL_OR_ROW.finditer(region):
            kind, attrs, self_closing = match.groups()
            found = _R.search(attrs) if attrs else None
            ref = (found.group(1) if found.group(1) is not None else found.group(2)) if found else None
            if kind == b"row":
                row = int(ref) if ref is not None and ref.strip().isdigit() else row + 1
                next_column = 1
                continue
            if ref is None:
                cell_row, column, name = row, next_column, cell_name(row, next_column)
            else:
                parts = _REF.fullmatch(ref)
                if parts is None:
                    raise Refused()
                letters = parts.group(1)
                column = columns.get(letters) or columns.setdefault(letters, column_number(letters))
                cell_row, name = int(parts.group(2)), ref.decode("ascii").strip()
            next_column = column + 1
            if self_closing:
                continue  # no value: calamine keeps no cell for it
            if cell_row > scan.rows or column > scan.columns:
                scan.value(cell_row, column, name)
            if attrs and _SHARED.search(attrs):
                index = _SHARED_INDEX.match(region, match.end())
                scan.shared(int(index.group(1)) if index else None)
        self._row, self._next_column = row, next_column

    def _formulas(self, region: bytes) -> None:
        for match in _CELL.finditer(region):
            body = match.group(2)
            if not body or _FORMULA.search(body) is None or _VALUE.search(body) is not None:
                continue
            found = _R.search(b" " + match.group(1))
            ref = (found.group(1) or found.group(2) or b"") if found else b""
            parts = _REF.fullmatch(ref)
            if parts is None:
                self.scan.formula_without_value(MAX_ROW, "a cell")
            else:
                self.scan.formula_without_value(int(parts.group(2)), ref.decode("ascii").strip().upper())
