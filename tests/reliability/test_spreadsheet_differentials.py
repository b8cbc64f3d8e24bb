"""Workbooks built so the guard and calamine disagree, or to cost time and memory the guard did not count.

The guard measures the parts it believes calamine will read; calamine resolves them its own way (the
shared strings by a fixed name, names compared ignoring case, a target's "../" kept as written, the
sheet's ``r:id`` among other ``*:id`` attributes), so any difference let a bomb through and the
process died with SIGABRT. Others stay within every size the guard checked yet hold what it did not
count: millions of merged ranges, strings of 4-byte characters, millions of shared strings or of empty
elements. Each file is read in a child process limited to 2 GiB (``_read_in_child``) and must be read
or refused within the budget: no abort, peak memory under 300 MB, a refusal within 5 s.
"""

from __future__ import annotations

import random
import string
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures
from tests.reliability.test_spreadsheet_bombs import (
    _DOC_RELS,
    _MAIN,
    _assert_within_budget,
    _read_in_child,
    _sheet,
    _workbook,
)

_FAR = _sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
_SST_BOMB = f'<sst xmlns="{_MAIN}" uniqueCount="4000000000"><si><t>Name</t></si></sst>'


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def _write(path: Path, parts: Iterable[tuple[str, bytes | str]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            package.writestr(name, data)
    return path


def _retarget(parts: dict[str, bytes], target: str) -> dict[str, bytes]:
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b'Target="worksheets/sheet1.xml"', target.encode())
    return parts


def _unlisted_shared_strings(tmp: Path) -> Path:
    # Not named in workbook.xml.rels: calamine reads xl/sharedStrings.xml by its name all the same.
    parts = _parts(_workbook(tmp / "plain.xlsx", [_sheet()]))
    return _write(tmp / "unlisted_shared_strings.xlsx", [*parts.items(), ("xl/sharedStrings.xml", _SST_BOMB)])


def _shared_strings_in_capitals(tmp: Path) -> Path:
    # The relationship names sharedStrings.xml; the part is SHAREDSTRINGS.xml (calamine ignores case).
    parts = _parts(_workbook(tmp / "plain.xlsx", [_sheet()], shared=_SST_BOMB))
    parts["xl/SHAREDSTRINGS.xml"] = parts.pop("xl/sharedStrings.xml")
    return _write(tmp / "shared_strings_in_capitals.xlsx", parts.items())


def _dot_dot_target(tmp: Path) -> Path:
    # "../xl/worksheets/sheet1.xml" normalises to the plain sheet; calamine opens the part literally
    # named "xl/../xl/worksheets/sheet1.xml".
    parts = _retarget(
        _parts(_workbook(tmp / "plain.xlsx", [_sheet()])), 'Target="../xl/worksheets/sheet1.xml"'
    )
    parts["xl/../xl/worksheets/sheet1.xml"] = _FAR.encode()
    return _write(tmp / "dot_dot_target.xlsx", parts.items())


def _two_id_attributes(tmp: Path) -> Path:
    # The guard took the first attribute ending in ":id"; calamine takes r:id.
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}" xmlns:x="urn:x"><sheets>'
        '<sheet name="S1" sheetId="1" x:id="rId1" r:id="rId2"/></sheets></workbook>'
    )
    return _workbook(tmp / "two_id_attributes.xlsx", [_sheet(), _FAR], workbook=workbook)


def _case_twin_sheet(tmp: Path) -> Path:
    # The relationship names Sheet1.xml (a plain sheet of that exact name exists); a bomb named
    # sheet1.xml comes first in the zip, and calamine takes the first name equal ignoring case.
    parts = _parts(_workbook(tmp / "plain.xlsx", [_sheet()]))
    plain = parts.pop("xl/worksheets/sheet1.xml")
    parts = _retarget(parts, 'Target="worksheets/Sheet1.xml"')
    return _write(
        tmp / "case_twin_sheet.xlsx",
        [("xl/worksheets/sheet1.xml", _FAR.encode()), *parts.items(), ("xl/worksheets/Sheet1.xml", plain)],
    )


@pytest.mark.parametrize(
    "build",
    [
        _unlisted_shared_strings,
        _shared_strings_in_capitals,
        _dot_dot_target,
        _two_id_attributes,
        _case_twin_sheet,
    ],
    ids=lambda build: build.__name__.strip("_"),
)
def test_calamine_reads_only_the_parts_the_guard_measured(
    tmp_path: Path, figures: Figures, build: Callable[[Path], Path]
) -> None:
    path = build(tmp_path)

    answer = _read_in_child(path)

    _assert_within_budget(answer, path.stem, figures)  # before: SIGABRT (exit -6) for each
    if answer["outcome"] == "table":
        assert answer["rows"] == 1, answer


_RANDOM = random.Random(20260303)


def _noise(size: int) -> str:
    return "".join(_RANDOM.choices(string.ascii_letters, k=size))


def _with_sheet_body(tmp: Path, name: str, body: Iterable[str], *, before: str = "", after: str = "") -> Path:
    """A workbook whose sheet holds the header rows, then ``body`` streamed into sheetData."""
    head, tail = _sheet().split("</sheetData>")
    head = head.replace("<sheetData>", before + "<sheetData>")
    path = tmp / f"{name}.xlsx"
    parts = _parts(_workbook(tmp / "plain.xlsx", [_sheet()]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        for part, data in parts.items():
            if part != "xl/worksheets/sheet1.xml":
                package.writestr(part, data)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            for piece in body:
                member.write(piece.encode())
            member.write(("</sheetData>" + after + tail).encode())
    return path


def _sprinkled(element: str, count: int) -> Iterable[str]:
    """``count`` copies of ``element`` with random whitespace between them (packs about 50:1, under
    the guard's 100:1 ratio), from a block of 100,000 repeated (deflate sees 32 KB back, so repeating
    a larger block packs no tighter)."""
    spaces = [" ", "\n", "\t"] + [""] * 13
    block = "".join(element + _RANDOM.choice(spaces) for _ in range(100_000))
    for _ in range(count // 100_000):
        yield block


def _merged_ranges(tmp: Path) -> Path:
    merges = (f'<mergeCell ref="B{row}:C{row}"/>' for row in range(10, 2_000_010))
    return _with_sheet_body(
        tmp, "merged_ranges", (), after="<mergeCells>" + "".join(merges) + "</mergeCells>"
    )


def _inline_text_of_wide_characters(tmp: Path) -> Path:
    # 2,000 strings of 32,000 characters with one emoji each: 64 MB as UTF-8 (under the 96 MB the guard
    # lets calamine read), four bytes a character once Python holds them (a str with one character
    # beyond U+FFFF stores every character in 4).
    # Each text repeats one of 64 blocks 8 times: it packs about 8:1 (deflate sees 32 KB back).
    blocks = [_noise(4_000) for _ in range(64)]
    rows = (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>\U0001f600{_RANDOM.choice(blocks) * 8}'
        "</t></is></c></row>"
        for row in range(3, 2_003)
    )
    return _with_sheet_body(tmp, "wide_characters", rows)


def _millions_of_shared_strings(tmp: Path) -> Path:
    body = "".join(f"<si><t>{_noise(2)}</t></si>" for _ in range(100_000)) * 40
    shared = f'<sst xmlns="{_MAIN}" uniqueCount="2">{body}</sst>'
    return _workbook(tmp / "millions_of_shared_strings.xlsx", [_sheet()], shared=shared)


def _empty_cells(tmp: Path) -> Path:
    return _with_sheet_body(tmp, "empty_cells", _sprinkled("<c/>", 20_000_000))


def _empty_rows(tmp: Path) -> Path:
    return _with_sheet_body(tmp, "empty_rows", _sprinkled("<row/>", 14_000_000))


def _unknown_elements_after_a_comment(tmp: Path) -> Path:
    # A comment sends the sheet to expat, whose handlers are Python calls: one for each element.
    body = _sprinkled("<x/>", 6_000_000)
    return _with_sheet_body(tmp, "unknown_elements_after_a_comment", body, before="<!-- exported -->")


@pytest.mark.parametrize(
    "build",
    [
        _merged_ranges,  # before: refused after 34 s, 1,250 MB (with 3.6 million)
        _inline_text_of_wide_characters,  # before: a table, 612 MB (with 125 MB of text)
        _millions_of_shared_strings,  # before: a table after 52 s, 382 MB
        _empty_cells,  # before: still reading after 120 s (with 25 million)
        _empty_rows,  # before: a table after 23 s (with 17 million)
        _unknown_elements_after_a_comment,  # before: a table after 19 s
    ],
    ids=lambda build: build.__name__.strip("_"),
)
def test_what_the_guard_did_not_count_stays_within_budget(
    tmp_path: Path, figures: Figures, build: Callable[[Path], Path]
) -> None:
    path = build(tmp_path)
    assert path.stat().st_size < 20 * 1024 * 1024

    answer = _read_in_child(path)

    _assert_within_budget(answer, path.stem, figures)
    # Read or refused, within 5 s either way: a clerk waits for neither longer.
    assert isinstance(answer["seconds"], float) and answer["seconds"] < 5.0, answer


def test_a_csv_of_blank_lines_under_the_line_limit_is_answered_within_budget(
    tmp_path: Path, figures: Figures
) -> None:
    path = tmp_path / "blank_lines.csv"
    path.write_text("Name\nAnn\n" + ",,,,,,,,\n" * 1_990_000, encoding="utf-8")

    answer = _read_in_child(path)

    _assert_within_budget(answer, path.stem, figures)  # before: a table after 20 s
    assert isinstance(answer["seconds"], float) and answer["seconds"] < 5.0, answer
