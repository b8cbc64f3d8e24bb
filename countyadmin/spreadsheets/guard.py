"""Pre-flight checks that run before python-calamine builds anything from a clerk's workbook.

A 1.6 KB workbook with one value at XFD1048576 made calamine ask for 512 GiB and the process died with
SIGABRT, which Python cannot catch; a shared-string table declaring four billion strings does the same,
and a 1 MB zip can unpack to a gigabyte of sheet XML. So a workbook is measured first: its zip directory
(number of parts, each part's and the total unpacked size, how tightly each is packed), then the parts
calamine reads, streamed in chunks and counted as they unpack (a part cannot unpack to more than it
declares), through a parser that accepts no DOCTYPE (so no entity is expanded) and no nesting deeper
than 64. The sheet's scan finds the farthest cell holding a value and what its cells would hold before
calamine reads it. Only counters are kept, so the check needs a few megabytes whatever the file holds.
calamine then reads a copy made of exactly the bytes measured (see :func:`checked_copy`), never the
clerk's file, and the check stops with a sentence after ``MAX_CHECK_SECONDS``.
The limits are in :mod:`countyadmin.spreadsheets.limits`.
"""

from __future__ import annotations

import copy
import time
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from countyadmin.spreadsheets._sheet_fast import Exotic, FastSheetScanner
from countyadmin.spreadsheets._xml_parts import (
    Handler,
    RelsHandler,
    SharedStringsHandler,
    SheetHandler,
    WorkbookHandler,
)
from countyadmin.spreadsheets.errors import SpreadsheetError
from countyadmin.spreadsheets.limits import (
    MAX_CHECK_SECONDS,
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MIB,
    RATIO_FROM,
    Refused,
    SheetScan,
    cancelled_error,
    damaged_message,
    too_big_message,
    too_slow_message,
)

__all__ = ["PackageScan", "check_file_size", "checked_copy", "scan_package", "scan_sheet"]

_CHUNK = 256 * 1024


def check_file_size(path: Path, size: int) -> None:
    """Refuse a file too large to read within the memory a desk can spare."""
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{path.name} is {size / MIB:,.0f} MB; CountyAdmin reads spreadsheets of up to "
            f"{MAX_FILE_BYTES // MIB} MB. Split it into smaller files and load them one by one."
        )


@dataclass(slots=True)
class PackageScan:
    """What the workbook's own parts say: its sheets in order, the parts they need, their sizes."""

    sheets: list[tuple[str, str, bool]] = field(default_factory=list)  # name, member, visible worksheet
    shared: SharedStringsHandler = field(default_factory=lambda: SharedStringsHandler(array("q")))
    shared_part_bytes: int = 0
    shared_member: str | None = None
    styles_member: str | None = None
    date1904: bool = False


def scan_package(package: zipfile.ZipFile, path: Path, cancelled: Callable[[], bool]) -> PackageScan:
    """Check the zip directory, then read the workbook and its relationships (streamed, bounded).

    Raises:
        SpreadsheetError: the package is too large, too tightly packed, lies about its sizes, or holds
            XML no reader should be handed.
    """
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise SpreadsheetError(too_big_message(path.name))
    total = 0
    for info in infos:
        total += info.file_size
        too_tight = info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or too_tight:
            raise SpreadsheetError(too_big_message(path.name))
    names = {info.filename for info in infos}
    workbook = WorkbookHandler()
    _parse(package, "xl/workbook.xml", path, cancelled, workbook)
    rels = RelsHandler()
    if "xl/_rels/workbook.xml.rels" in names:
        _parse(package, "xl/_rels/workbook.xml.rels", path, cancelled, rels)
    scan = PackageScan(date1904=workbook.date1904)
    for member, kind in rels.targets.values():
        if member not in names:
            continue
        if kind.endswith("/sharedStrings") and scan.shared_member is None:
            scan.shared_member = member
        elif kind.endswith("/styles") and scan.styles_member is None:
            scan.styles_member = member
    # Where the relationships name none, the parts' usual names (readers look there too).
    if scan.shared_member is None and "xl/sharedStrings.xml" in names:
        scan.shared_member = "xl/sharedStrings.xml"
    if scan.styles_member is None and "xl/styles.xml" in names:
        scan.styles_member = "xl/styles.xml"
    for sheet_name, rel_id, visible in workbook.sheets:
        member, kind = rels.targets.get(rel_id, ("", ""))
        scan.sheets.append((sheet_name, member, visible and kind.endswith("/worksheet")))
    return scan


def checked_copy(
    package: zipfile.ZipFile, path: Path, folder: Path, cancelled: Callable[[], bool]
) -> tuple[Path, str, SheetScan]:
    """Measure the first visible worksheet and the parts it needs, and copy them as they are measured.

    calamine is handed the copy, never the clerk's file: a package of four parts under fixed names
    (a workbook naming one sheet, its relationships, the styles and shared strings), holding the very
    bytes the guard measured. Otherwise calamine resolves parts its own way (the shared strings by
    their usual name, names compared ignoring case, a ``../`` in a target kept as written), and any
    part it found that the guard had not measured could abort the process. Reading and checking stop
    with a sentence once they have taken ``MAX_CHECK_SECONDS``.

    Returns:
        the copy's path, the sheet's name and what its XML would make calamine hold.

    Raises:
        SpreadsheetError: the workbook has no visible worksheet, or a part is too large, damaged or
            hostile, or checking it takes too long.
    """
    deadline = time.monotonic() + MAX_CHECK_SECONDS

    def watched() -> bool:
        if time.monotonic() > deadline:
            raise SpreadsheetError(too_slow_message(path.name))
        return cancelled()

    parts = scan_package(package, path, watched)
    first = next(((name, member) for name, member, visible in parts.sheets if visible), None)
    if first is None:
        raise SpreadsheetError(f"{path.name} has no visible worksheet with rows to read.")
    sheet_name, member = first
    if member not in set(package.namelist()):
        raise SpreadsheetError(damaged_message(path))
    copied: dict[str, Path] = {}
    if parts.shared_member is not None:
        copied[_SHARED_STRINGS] = folder / "sharedStrings.xml"
        with copied[_SHARED_STRINGS].open("wb") as sink:
            _parse(package, parts.shared_member, path, watched, parts.shared, sink)
        parts.shared_part_bytes = copied[_SHARED_STRINGS].stat().st_size
    if parts.styles_member is not None:
        copied[_STYLES] = folder / "styles.xml"
        with copied[_STYLES].open("wb") as sink:
            _parse(package, parts.styles_member, path, watched, Handler(), sink)
    copied[_SHEET] = folder / "sheet1.xml"
    with copied[_SHEET].open("wb") as sink:
        scan = scan_sheet(package, member, parts, path, watched, sink)
    copy = folder / "checked.xlsx"
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
        out.writestr("[Content_Types].xml", _CONTENT_TYPES)
        out.writestr("_rels/.rels", _PACKAGE_RELS)
        date1904 = '<workbookPr date1904="1"/>' if parts.date1904 else ""
        out.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">{date1904}<sheets>'
            f'<sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        relationships = "".join(
            f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/{kind}" Target="{target}"/>'
            for n, (part, (kind, target)) in enumerate(_TARGETS.items(), start=1)
            if part in copied
        )
        out.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_RELS}">{relationships}</Relationships>'
        )
        for part, source in copied.items():
            out.write(source, part)
            source.unlink()
    return copy, sheet_name, scan


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET = "xl/worksheets/sheet1.xml"
_SHARED_STRINGS = "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"
_TARGETS = {
    _SHEET: ("worksheet", "worksheets/sheet1.xml"),
    _SHARED_STRINGS: ("sharedStrings", "sharedStrings.xml"),
    _STYLES: ("styles", "styles.xml"),
}
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'
)
_PACKAGE_RELS = (
    f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def scan_sheet(
    package: zipfile.ZipFile,
    member: str,
    parts: PackageScan,
    path: Path,
    cancelled: Callable[[], bool],
    sink: BinaryIO | None = None,
) -> SheetScan:
    """Stream the sheet's XML and refuse it before calamine would build too large a grid.

    Each chunk measured is written to ``sink``, if given, as it is measured.

    Raises:
        SpreadsheetError: a value lies too far from A1, the cells would hold too much, or the XML is
            damaged or hostile.
    """
    try:
        scan = _new_scan(path, parts, package.getinfo(member).file_size)
        fast = FastSheetScanner(scan)
        for chunk in _chunks(package, member, path, cancelled, sink):
            fast.feed(chunk)
        fast.feed(b"", final=True)
        return scan
    except Exotic:
        if sink is not None:  # start the copy again with the exact reading
            sink.seek(0)
            sink.truncate()
        scan = _new_scan(path, parts, package.getinfo(member).file_size)
        _parse(package, member, path, cancelled, SheetHandler(scan), sink)
        return scan
    except Refused as refused:
        raise SpreadsheetError(refused.message or damaged_message(path)) from None


def _new_scan(path: Path, parts: PackageScan, sheet_bytes: int) -> SheetScan:
    lengths = parts.shared.lengths
    scan = SheetScan(path.name, lengths, longest_shared=max(lengths, default=0))
    try:
        # calamine holds the sheet's XML text and the shared strings, then a copy per cell using one.
        scan.add_text(sheet_bytes + parts.shared_part_bytes)
    except Refused as refused:
        raise SpreadsheetError(refused.message or damaged_message(path)) from None
    return scan


def _chunks(
    package: zipfile.ZipFile,
    member: str,
    path: Path,
    cancelled: Callable[[], bool],
    sink: BinaryIO | None = None,
) -> Iterator[bytes]:
    declared = package.getinfo(member)
    # Read at most one byte more than the directory declares: a part that unpacks to more lies about
    # its size, and a reader trusting the directory could be handed gigabytes.
    bounded = copy.copy(declared)
    bounded.file_size = declared.file_size + 1
    unpacked = 0
    try:
        with package.open(bounded) as stream:
            while chunk := stream.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > declared.file_size:
                    raise SpreadsheetError(damaged_message(path))
                if cancelled():
                    raise cancelled_error()
                if sink is not None:
                    sink.write(chunk)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise SpreadsheetError(damaged_message(path)) from error


def _parse(
    package: zipfile.ZipFile,
    member: str,
    path: Path,
    cancelled: Callable[[], bool],
    handler: Handler,
    sink: BinaryIO | None = None,
) -> None:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    # Office parts never declare a DOCTYPE; one is how entity-expansion bombs start.
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    try:
        for chunk in _chunks(package, member, path, cancelled, sink):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Refused as refused:
        raise SpreadsheetError(refused.message or damaged_message(path)) from None
    except expat.ExpatError as error:
        raise SpreadsheetError(damaged_message(path)) from error


def _refuse(*_args: object) -> None:
    raise Refused()
