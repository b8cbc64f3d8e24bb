"""Pre-flight checks that run before python-calamine builds anything from a clerk's workbook.

A 1.6 KB workbook with one value at XFD1048576 made calamine ask for 512 GiB and the process died with
SIGABRT, which Python cannot catch; a shared-string table declaring four billion strings does the same,
and a 1 MB zip can unpack to a gigabyte of sheet XML. So a workbook is measured first: its zip directory
(number of parts, each part's and the total unpacked size, how tightly each is packed), then the parts
calamine reads, streamed in chunks and counted as they unpack (a part cannot unpack to more than it
declares), through a parser that accepts no DOCTYPE (so no entity is expanded) and no nesting deeper
than 64. The sheet's scan finds the farthest cell holding a value and what its cells would hold before
calamine reads it. Only counters are kept, so the check needs a few megabytes whatever the file holds.
The limits are in :mod:`countyadmin.spreadsheets.limits`.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

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
)

__all__ = ["PackageScan", "check_file_size", "scan_package", "scan_sheet"]

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
    """What the workbook's own parts say: its sheets' parts and its shared strings' sizes."""

    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → member
    shared: SharedStringsHandler = field(default_factory=lambda: SharedStringsHandler(array("q")))
    shared_part_bytes: int = 0


def scan_package(package: zipfile.ZipFile, path: Path, cancelled: Callable[[], bool]) -> PackageScan:
    """Check the zip directory, then stream the workbook, its relationships, styles and shared strings.

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
    scan = PackageScan()
    for member, kind in rels.targets.values():
        if member not in names:
            continue
        if kind.endswith("/sharedStrings"):
            _parse(package, member, path, cancelled, scan.shared)
            scan.shared_part_bytes += package.getinfo(member).file_size
        elif kind.endswith("/styles"):
            _parse(package, member, path, cancelled, Handler())
    for sheet_name, rel_id in workbook.sheets.items():
        member, _kind = rels.targets.get(rel_id, ("", ""))
        if member in names:
            scan.sheets[sheet_name] = member
    return scan


def scan_sheet(
    package: zipfile.ZipFile, member: str, parts: PackageScan, path: Path, cancelled: Callable[[], bool]
) -> SheetScan:
    """Stream the sheet's XML and refuse it before calamine would build too large a grid.

    Raises:
        SpreadsheetError: a value lies too far from A1, the cells would hold too much, or the XML is
            damaged or hostile.
    """
    try:
        scan = _new_scan(path, parts, package.getinfo(member).file_size)
        fast = FastSheetScanner(scan)
        for chunk in _chunks(package, member, path, cancelled):
            fast.feed(chunk)
        fast.feed(b"", final=True)
        return scan
    except Exotic:
        scan = _new_scan(path, parts, package.getinfo(member).file_size)
        _parse(package, member, path, cancelled, SheetHandler(scan))
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
    package: zipfile.ZipFile, member: str, path: Path, cancelled: Callable[[], bool]
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
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise SpreadsheetError(damaged_message(path)) from error


def _parse(
    package: zipfile.ZipFile, member: str, path: Path, cancelled: Callable[[], bool], handler: Handler
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
        for chunk in _chunks(package, member, path, cancelled):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Refused as refused:
        raise SpreadsheetError(refused.message or damaged_message(path)) from None
    except expat.ExpatError as error:
        raise SpreadsheetError(damaged_message(path)) from error


def _refuse(*_args: object) -> None:
    raise Refused()
