"""Depth-bounded expat callbacks for the parts of a workbook the guard reads exactly.

Namespaces are not expanded (a prefixed name such as ``x:c`` is compared by its local part), no DOCTYPE
is accepted (so no entity is ever declared or expanded), and an element nested deeper than
``MAX_DEPTH`` stops the parse.
"""

from __future__ import annotations

import re
from array import array
from posixpath import join, normpath

from countyadmin.spreadsheets.limits import MAX_CELLS, MAX_DEPTH, Refused, SheetScan, cell_name, column_number

_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


class Handler:
    """Counts depth; subclasses look at the elements they need."""

    def __init__(self) -> None:
        self.depth = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused()

    def end(self, name: str) -> None:
        self.depth -= 1

    def chars(self, data: str) -> None:
        return None


_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HIDDEN = {"hidden", "veryHidden"}


class WorkbookHandler(Handler):
    """Each sheet's name, relationship id and visibility, in the workbook's order; the 1904 date system.

    The relationship id is the ``id`` attribute of the relationships namespace: the prefix is looked up
    from the declarations, as calamine and Excel do, never guessed from another ``*:id`` attribute.
    """

    def __init__(self) -> None:
        super().__init__()
        self.sheets: list[tuple[str, str, bool]] = []  # name, relationship id, visible
        self.date1904 = False
        self._prefixes = {"r"}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        for key, value in attrs.items():
            if key.startswith("xmlns:") and value == _RELATIONSHIPS:
                self._prefixes.add(key[6:])
        element = local(name)
        if element == "workbookPr":
            self.date1904 = attrs.get("date1904", "").strip().lower() in {"1", "true"}
        elif element == "sheet" and "name" in attrs:
            ids = {
                attrs[key] for key in attrs if key.partition(":")[0] in self._prefixes and key.endswith(":id")
            }
            if len(ids) == 1:
                visible = attrs.get("state", "visible").strip() not in _HIDDEN
                self.sheets.append((attrs["name"], ids.pop(), visible))


class RelsHandler(Handler):
    """Relationship id → (member name, type), from xl/_rels/workbook.xml.rels."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        if local(name) == "Relationship" and "Id" in attrs:
            target = attrs.get("Target") or ""
            member = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            self.targets[attrs["Id"]] = (member, attrs.get("Type") or "")


class SharedStringsHandler(Handler):
    """Each shared string's size in UTF-8 bytes, markup included (an upper bound of its text)."""

    def __init__(self, lengths: array[int]) -> None:
        super().__init__()
        self.lengths = lengths
        self._in_item = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        item = local(name)
        if item == "si":
            # calamine keeps a string (24 bytes and its text) for each item, whatever uniqueCount says.
            if len(self.lengths) >= MAX_CELLS:
                raise Refused()
            self.lengths.append(0)
            self._in_item = True
        elif item == "sst":
            # calamine reserves room for uniqueCount strings before reading one.
            declared = attrs.get("uniqueCount", "0").strip()
            if not declared.isdigit() or int(declared) > MAX_CELLS:
                raise Refused()

    def end(self, name: str) -> None:
        super().end(name)
        if local(name) == "si":
            self._in_item = False

    def chars(self, data: str) -> None:
        if self._in_item:
            self.lengths[-1] += len(data.encode("utf-8", "surrogatepass"))


class SheetHandler(Handler):
    """The exact reading of a sheet: every cell's place, shared strings used, formulas without results."""

    def __init__(self, scan: SheetScan) -> None:
        super().__init__()
        self.scan = scan
        self._row = 0
        self._next_column = 1
        self._cell: tuple[int, int, str] | None = None  # row, column, name
        self._shared_cell = False
        self._valued = False
        self._formula = False
        self._value_text = ""
        self._in_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        element = local(name)
        if element == "c":
            self._open_cell(attrs)
        elif element == "v":
            self._valued = self._in_value = True
            self._value_text = ""
        elif element == "is":
            self._valued = True
        elif element == "f":
            self._formula = True
        elif element == "mergeCell":
            self.scan.merged()
        elif element == "row":
            number = attrs.get("r", "").strip()
            self._row = int(number) if number.isdigit() else self._row + 1
            self._next_column = 1

    def _open_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            row, column = self._row, self._next_column
            ref = cell_name(row, column)
        else:
            match = _REF.fullmatch(ref.strip())
            if match is None:
                raise Refused()
            row, column = int(match.group(2)), column_number(match.group(1))
        self._next_column = column + 1
        self._cell = (row, column, ref.strip().upper())
        self._shared_cell = attrs.get("t") == "s"
        self._valued = self._formula = False
        self._value_text = ""

    def chars(self, data: str) -> None:
        if self._in_value:
            self._value_text += data

    def end(self, name: str) -> None:
        super().end(name)
        element = local(name)
        if element == "v":
            self._in_value = False
        elif element == "c" and self._cell is not None:
            row, column, ref = self._cell
            self._cell = None
            if self._formula and not self._value_text.strip():
                self.scan.formula_without_value(row, ref)
            if self._valued:
                self.scan.value(row, column, ref)
            if self._shared_cell:
                index = self._value_text.strip()
                self.scan.shared(int(index) if index.isdigit() else None)
